/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "banner.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "screen.h"

void banner_init(struct banner *b)
{
	memset(b, 0, sizeof *b);
}

enum banner_state banner_state(const struct banner *b, const struct advice_rates *r)
{
	if (advice_drop_run_on(r))
		return BANNER_DROPPING;
	if (r && r->last_drop_at > 0 && r->last_drop_at != b->dismissed_drop)
		return BANNER_STOPPED;
	return BANNER_NONE;
}

char *banner_text(const struct advice_rates *r, enum banner_state st, char *buf, size_t n)
{
	char since[16], last[16], drops[32], early[32];
	buf[0] = '\0';
	if (st == BANNER_NONE || !r)
		return buf;
	fmt_clock(since, sizeof since, r->dropping_since);
	fmt_count(drops, sizeof drops, r->run_drops);
	fmt_count(early, sizeof early, r->run_early_drops);
	size_t len;
	if (st == BANNER_DROPPING) {
		snprintf(buf, n, "TABLE FULL: dropping packets since %s, %s %s, %.0f/s",
			 since, drops, plural(r->run_drops, "drop", "drops"), r->run_rate);
	} else {
		snprintf(buf, n, "TABLE FULL until %s: %s %s from %s; none since (x dismisses)",
			 fmt_clock(last, sizeof last, r->last_drop_at), drops,
			 plural(r->run_drops, "drop", "drops"), since);
	}
	len = strlen(buf);
	if (r->run_early_drops && len < n)
		snprintf(buf + len, n - len, ", %s %s evicted", early,
			 plural(r->run_early_drops, "entry", "entries"));
	return buf;
}

bool banner_dismiss(struct banner *b, const struct advice_rates *r)
{
	if (banner_state(b, r) != BANNER_STOPPED)
		return false;
	b->dismissed_drop = r->last_drop_at;
	return true;
}

void banner_draw(struct rect r, const struct advice_rates *rates, enum banner_state st)
{
	char text[256];
	banner_text(rates, st, text, sizeof text);
	int attr = screen_attr(st == BANNER_DROPPING ? UC_CRIT : UC_DIM);
	if (st == BANNER_DROPPING)
		attr |= A_BOLD;
	attron(attr);
	mvhline(r.y, r.x, ' ', r.w);
	mvaddnstr(r.y, r.x + 1, text, r.w - 2);
	attroff(attr);
}

char *banner_relief_text(const struct advice *a, const char *refusal, char *buf, size_t n)
{
	if (refusal)
		snprintf(buf, n, "Frees room now: %s. Not from here: %s", a->summary, refusal);
	else
		snprintf(buf, n, "Frees room now: %s   a Enter", a->summary);
	return buf;
}

void banner_draw_relief(struct rect r, const struct advice *a, const char *refusal)
{
	char text[640];
	banner_relief_text(a, refusal, text, sizeof text);
	int attr = screen_attr(refusal ? UC_WARN : UC_KEY) | A_BOLD;
	attron(attr);
	mvhline(r.y, r.x, ' ', r.w);
	mvaddnstr(r.y, r.x + 1, text, r.w - 2);
	attroff(attr);
}
