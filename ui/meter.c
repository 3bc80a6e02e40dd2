/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "meter.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "churn.h"
#include "text.h"

#define LABEL_W 8
#define MIN_BAR 6

enum ui_color meter_level(double v, double warn, double crit)
{
	if (v >= crit)
		return UC_CRIT;
	return v >= warn ? UC_WARN : UC_OK;
}

void bar_draw(int y, int x, int w, double fraction, int attr, double mark)
{
	const struct glyphs *g = screen_glyphs();
	if (w <= 0)
		return;
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	/* eighths of a cell where the font has them, whole cells otherwise */
	int steps = g->partial[1] ? 8 : 1;
	int filled = (int)(fraction * w * steps + 0.5);
	attron(attr);
	for (int i = 0; i < w; i++) {
		int here = filled - i * steps;
		const char *cell = here >= steps ? g->full : here > 0 ? g->partial[here] : g->empty;
		mvaddstr(y, x + i, cell);
	}
	attroff(attr);
	if (mark >= 0 && mark <= 1) {
		int at = (int)(mark * w);
		if (at >= w)
			at = w - 1;
		int m = screen_attr(UC_MARK);
		attron(m);
		mvaddstr(y, x + at, g->mark);
		attroff(m);
	}
}

/* "Label [bar] text": the bar takes what text_w leaves, the same for
 * every meter so the bars line up. */
static void meter_line(struct rect r, const char *label, double fraction,
		       enum ui_color level, double mark, const char *text, int text_w)
{
	int lab = screen_attr(UC_LABEL);
	attron(lab);
	mvaddnstr(r.y, r.x, label, r.w);
	attroff(lab);
	/* label, "[", bar, "] ", text, and a space before a meter to the right */
	int bar_w = r.w - LABEL_W - 2 - 1 - text_w - 1;
	int x = r.x + LABEL_W;
	if (bar_w >= MIN_BAR) {
		mvaddch(r.y, x, '[');
		bar_draw(r.y, x + 1, bar_w, fraction, screen_attr(level), mark);
		mvaddch(r.y, x + 1 + bar_w, ']');
		x += bar_w + 3;
	}
	int attr = screen_attr(level);
	attron(attr);
	mvaddnstr(r.y, x, text, r.x + r.w - x);
	attroff(attr);
}

/* " evict 12% gc 80% pinned 8%": what the kernel frees on insert, what
 * only its collector frees near full, and what neither frees (shares of
 * the entries read), so a full table says whether it can make room. */
static void fill_split(char *out, size_t n, const struct ct_tally *t)
{
	out[0] = '\0';
	if (!t->entries)
		return;
	double e = (double)t->entries;
	snprintf(out, n, " evict %.0f%% gc %.0f%% pinned %.0f%%", 100 * (double)t->evictable / e,
		 100 * (double)t->gc_evictable / e, 100 * (double)t->pinned / e);
}

/* Where the pinned entries end on the fill bar: the part of the limit
 * nothing in the kernel frees. */
static double pinned_mark(const struct ct_snapshot *s)
{
	if (!s->tally.entries || !s->tally.pinned)
		return -1;
	return s->an.fill * (double)s->tally.pinned / (double)s->tally.entries;
}

struct meter_texts {
	char fill[160], buckets[96], memory[96];
	int width;
};

static void meter_texts(struct meter_texts *mt, const struct ct_snapshot *s)
{
	const struct ct_analysis *a = &s->an;
	char c[32], m[32];
	int at = snprintf(mt->fill, sizeof mt->fill, "%5.1f%% %s/%s", 100 * a->fill,
			  fmt_count(c, sizeof c, s->count), fmt_count(m, sizeof m, s->max));
	fill_split(mt->fill + at, sizeof mt->fill - (size_t)at, &s->tally);
	snprintf(mt->buckets, sizeof mt->buckets, "%5.1f%% used %s%.3f chain %.2f",
		 100 * a->nonempty_fraction, screen_glyphs()->utf8 ? "\u03bb" : "load ",
		 a->load_factor, a->mean_chain);
	snprintf(mt->memory, sizeof mt->memory, "%s now, %s at max",
		 fmt_bytes(c, sizeof c, a->memory_now), fmt_bytes(m, sizeof m, a->memory_at_max));
	mt->width = text_columns(mt->fill);
	if (text_columns(mt->buckets) > mt->width)
		mt->width = text_columns(mt->buckets);
	if (text_columns(mt->memory) > mt->width)
		mt->width = text_columns(mt->memory);
}

static void draw_bars(const struct layout *l, const struct ct_snapshot *s)
{
	const struct ct_analysis *a = &s->an;
	struct meter_texts mt;
	meter_texts(&mt, s);
	enum ui_color fill_level = meter_level(a->fill, FILL_WARN, FILL_CRIT);
	meter_line(l->meters[METER_FILL], "Table", a->fill, fill_level, pinned_mark(s), mt.fill,
		   mt.width);
	meter_line(l->meters[METER_BUCKETS], "Buckets", a->nonempty_fraction,
		   meter_level(a->nonempty_fraction, BUCKETS_WARN, BUCKETS_CRIT), BUCKETS_CRIT,
		   mt.buckets, mt.width);
	double mem = a->memory_at_max ? (double)a->memory_now / (double)a->memory_at_max : 0;
	meter_line(l->meters[METER_MEMORY], "Memory", mem, fill_level, -1, mt.memory, mt.width);
}

/* "drop 0/s +0": red while the counter rises, the total since ctdash started. */
static int draw_counter(int y, int x, int end, const char *name, const struct counter_rate *cr)
{
	char rate[24], total[24], text[80];
	if (cr->known)
		snprintf(text, sizeof text, "%s %s +%s", name, text_rate(rate, sizeof rate, cr->per_sec),
			 text_compact(total, sizeof total, cr->since_start));
	else
		snprintf(text, sizeof text, "%s -/s +0", name);
	int w = (int)strlen(text);
	if (x + w > end)
		return end;
	int attr = screen_attr(cr->known && cr->rising ? UC_CRIT : UC_OK);
	attron(attr);
	mvaddstr(y, x, text);
	attroff(attr);
	return x + w + 2;
}

static void draw_drops(struct rect r, const struct ct_snapshot *s, const struct history *h)
{
	int lab = screen_attr(UC_LABEL);
	attron(lab);
	mvaddnstr(r.y, r.x, "Drops", r.w);
	attroff(lab);
	int x = r.x + LABEL_W, end = r.x + r.w;
	if (s->part_err[CT_PART_STATS]) {
		int dim = screen_attr(UC_DIM);
		attron(dim);
		mvaddnstr(r.y, x, "the kernel's counters need CAP_NET_ADMIN (run as root)", end - x);
		attroff(dim);
		return;
	}
	for (int c = 0; c < HC_NCOUNTERS; c++)
		x = draw_counter(r.y, x, end, hist_counter_name((enum hist_counter)c), &h->rate[c]);
	if (x + 11 <= end)
		mvaddstr(r.y, x, "since start");
}

void meters_draw(const struct layout *l, const struct ct_snapshot *s,
		 const struct history *h)
{
	if (!s) {
		static const char *const labels[METER_COUNT] = { "Table", "Buckets", "Memory", "Drops",
								 "Churn" };
		for (int m = 0; m < METER_COUNT; m++)
			meter_line(l->meters[m], labels[m], 0, UC_DIM, -1, "", 0);
		return;
	}
	draw_bars(l, s);
	draw_drops(l->meters[METER_DROPS], s, h);
	churn_meter_draw(l->meters[METER_CHURN], s);
}
