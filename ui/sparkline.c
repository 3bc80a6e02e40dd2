/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sparkline.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "model/rates.h"
#include "screen.h"
#include "text.h"

#define LABEL_W 8
#define MAX_COLS 512

int spark_level(double v, double peak, int levels)
{
	if (v < 0)
		return 0;
	if (peak <= 0 || v <= 0)
		return 1;
	int lv = (int)ceil(v / peak * levels);
	return lv < 1 ? 1 : lv > levels ? levels : lv;
}

/* "+12/s over 10s, full in 3h12m", "FULL", "steady", or "-4.0/s" while it
 * shrinks: the snapshot's own estimate (net growth over the window it
 * states), the one the churn meter, the advice and --json give too. */
static void growth_text(char *buf, size_t n, const struct ct_snapshot *s)
{
	const struct ct_rates *rt = s ? &s->rates : NULL;
	if (s && s->max && s->count >= s->max) {
		snprintf(buf, n, "FULL");
		return;
	}
	if (!rt || !rt->valid) {
		snprintf(buf, n, "collecting");
		return;
	}
	char r[24], d[24], win[24];
	fmt_duration(win, sizeof win, (long)(rt->window_s + 0.5));
	long full_in = rates_full_in_s(rt);
	if (full_in > 0) {
		fmt_duration(d, sizeof d, full_in);
		snprintf(buf, n, "+%s over %s, full in %s", text_rate(r, sizeof r, rt->growth_per_s),
			 win, d);
	} else if (rt->growth_per_s <= -RATES_STEADY) {
		snprintf(buf, n, "-%s", text_rate(r, sizeof r, -rt->growth_per_s));
	} else {
		snprintf(buf, n, "steady");
	}
}

static void draw_columns(struct rect r, int x, int w, const double *vals, double peak)
{
	const struct glyphs *g = screen_glyphs();
	int attr = screen_attr(UC_OK);
	attron(attr);
	for (int c = 0; c < w; c++) {
		/* a tall sparkline stacks cells: 8 levels per row, bottom row first */
		int level = spark_level(vals[c], peak, 8 * r.h);
		for (int row = 0; row < r.h; row++) {
			int here = level == 0 ? 0 : level - 8 * (r.h - 1 - row);
			const char *cell = here >= 8 ? g->spark[8] : here > 0 ? g->spark[here] : " ";
			mvaddstr(r.y + row, x + c, cell);
		}
	}
	attroff(attr);
}

void sparkline_draw(struct rect r, const struct history *h, const struct ct_snapshot *s,
		    double now, double span, double interval)
{
	char spanbuf[24], peakbuf[32], grow[64], right[128];
	int lab = screen_attr(UC_LABEL);
	attron(lab);
	mvaddstr(r.y, r.x, "Count");
	attroff(lab);

	double vals[MAX_COLS];
	uint64_t peak = 0;
	int w = r.w - LABEL_W, right_w = 0;
	growth_text(grow, sizeof grow, s);
	fmt_duration(spanbuf, sizeof spanbuf, (long)span);
	/* the text beside the line holds the peak, which depends on how
	 * many columns share the samples: measure, then settle */
	for (int pass = 0; pass < 2; pass++) {
		w = r.w - LABEL_W - right_w;
		w = w > MAX_COLS ? MAX_COLS : w < 0 ? 0 : w;
		peak = history_series(h, now, span, (unsigned)w, 2.5 * interval, vals);
		snprintf(right, sizeof right, " %s: peak %s, %s", spanbuf,
			 fmt_count(peakbuf, sizeof peakbuf, peak), grow);
		right_w = (int)strlen(right) + 1;
	}
	draw_columns(r, r.x + LABEL_W, w, vals, (double)peak);
	/* growing towards full is the one thing here that needs attention */
	bool filling = strstr(grow, "full") || strstr(grow, "FULL");
	int attr = screen_attr(filling ? UC_WARN : UC_NORMAL);
	int x = r.x + LABEL_W + w;
	attron(attr);
	mvaddnstr(r.y + r.h - 1, x, right, r.x + r.w - x);
	attroff(attr);
}
