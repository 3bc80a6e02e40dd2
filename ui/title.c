/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "title.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "screen.h"
#include "text.h"

#define SEP 2
#define MAX_PIECES 16

static int kept_width(const struct title_piece *pieces, int n, const bool *keep)
{
	int total = 0, kept = 0;
	for (int i = 0; i < n; i++)
		if (keep[i])
			total += text_columns(pieces[i].text) + (kept++ ? SEP : 0);
	return total;
}

int title_fit(const struct title_piece *pieces, int n, int width, bool *keep)
{
	int kept = n;
	for (int i = 0; i < n; i++)
		keep[i] = true;
	while (kept > 0 && kept_width(pieces, n, keep) > width) {
		int drop = -1;
		for (int i = 0; i < n; i++)
			if (keep[i] && (drop < 0 || pieces[i].priority < pieces[drop].priority))
				drop = i;
		keep[drop] = false;
		kept--;
	}
	/* a short piece dropped for a long one may fit again: take back the
	 * dropped ones, highest priority first, where there is room */
	for (int prio = 1000; kept < n;) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (!keep[i] && pieces[i].priority < prio &&
			    (best < 0 || pieces[i].priority > pieces[best].priority))
				best = i;
		if (best < 0)
			break;
		prio = pieces[best].priority;
		keep[best] = true;
		if (kept_width(pieces, n, keep) <= width)
			kept++;
		else
			keep[best] = false;
	}
	return kept;
}

static void interval_text(char *buf, size_t n, const struct title_info *ti)
{
	if (ti->effective_ms > ti->interval_ms)
		snprintf(buf, n, "every %.1fs, stretched to %.1fs: slow dump",
			 ti->interval_ms / 1e3, ti->effective_ms / 1e3);
	else
		snprintf(buf, n, "every %.1fs", ti->interval_ms / 1e3);
}

static void dump_text(char *buf, size_t n, const struct title_info *ti)
{
	char when[16];
	if (ti->last_complete <= 0) {
		snprintf(buf, n, ti->dump_denied ? "no dump: needs CAP_NET_ADMIN" : "no complete dump yet");
		return;
	}
	time_t t = (time_t)ti->last_complete;
	struct tm tm;
	strftime(when, sizeof when, "%H:%M:%S", localtime_r(&t, &tm));
	snprintf(buf, n, "%s %s", ti->newest_incomplete ? "last complete dump" : "dump", when);
}

int title_pieces(const struct title_info *ti, struct title_piece *out, int max)
{
	int n = 0;
#define PIECE(prio, al, ...) do { \
		if (n < max) { \
			snprintf(out[n].text, sizeof out[n].text, __VA_ARGS__); \
			out[n].priority = (prio); \
			out[n].alert = (al); \
			n++; \
		} \
	} while (0)
	char buf[80], c[16];
	PIECE(100, false, "ctdash");
	if (ti->paused)
		PIECE(99, true, "PAUSED");
	if (ti->past[0])
		PIECE(98, true, "%s", ti->past);
	if (ti->timebar[0])
		PIECE(90, false, "%s", ti->timebar);
	PIECE(60, false, "%s", ti->host);
	if (ti->netns_gone)
		PIECE(95, true, "netns %s GONE", ti->netns);
	else
		PIECE(70, false, "netns %s", ti->netns && *ti->netns ? ti->netns : "(own)");
	PIECE(20, false, "kernel %s", ti->kernel);
	interval_text(buf, sizeof buf, ti);
	PIECE(ti->effective_ms > ti->interval_ms ? 80 : 50, ti->effective_ms > ti->interval_ms, "%s", buf);
	if (ti->read_only)
		PIECE(90, false, "read-only");
	if (ti->demo)
		PIECE(85, false, "demo %u flows/s", ti->demo_rate);
	if (ti->advice)
		PIECE(ti->advice_alert ? 75 : 35, ti->advice_alert, "advice %u (a)", ti->advice);
	if (ti->source[0])
		PIECE(ti->source_alert ? 78 : 45, ti->source_alert, "%s", ti->source);
	/* the why of events is long: below the kernel and the dump's time */
	if (ti->source_why[0])
		PIECE(15, false, "%s", ti->source_why);
	dump_text(buf, sizeof buf, ti);
	PIECE(40, ti->newest_incomplete && !ti->dump_denied, "%s", buf);
	if (ti->dumping)
		PIECE(30, false, "dumping %s%s", text_compact(c, sizeof c, ti->progress),
		      screen_glyphs()->ellipsis);
	if (ti->cpu_ms > 0)
		PIECE(10, false, "cpu %.0f ms/refresh", ti->cpu_ms);
#undef PIECE
	return n;
}

void title_draw(struct rect r, const struct title_info *ti)
{
	struct title_piece pieces[MAX_PIECES];
	bool keep[MAX_PIECES];
	int n = title_pieces(ti, pieces, MAX_PIECES);
	title_fit(pieces, n, r.w - 1, keep);
	int attr = screen_attr(UC_TITLE);
	attron(attr);
	mvhline(r.y, r.x, ' ', r.w);
	int x = r.x + 1;
	for (int i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (pieces[i].alert)
			attron(A_BOLD);
		mvaddnstr(r.y, x, pieces[i].text, r.x + r.w - x);
		if (pieces[i].alert)
			attroff(A_BOLD);
		x += text_columns(pieces[i].text) + SEP;
		if (x >= r.x + r.w)
			break;
	}
	attroff(attr);
}
