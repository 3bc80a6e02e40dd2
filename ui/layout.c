/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "layout.h"

#include <string.h>

/* Wide terminals put the meters side by side, as htop does, so the rows
 * go to the panes instead of to very long bars. */
#define METER_TWO_COLUMNS_FROM 140

static int spark_height(int rows)
{
	if (rows >= 50)
		return 3;
	return rows >= 36 ? 2 : 1;
}

static void place_meters(struct layout *l, int y)
{
	bool two = l->cols >= METER_TWO_COLUMNS_FROM;
	int left = two ? l->cols / 2 : l->cols;
	for (int m = 0; m < METER_COUNT; m++) {
		bool right = two && m % 2;
		/* an odd one out at the end takes the whole row */
		bool alone = two && m == METER_COUNT - 1 && m % 2 == 0;
		l->meters[m] = (struct rect){
			.y = two ? y + m / 2 : y + m,
			.x = right ? left : 0,
			.h = 1,
			.w = right ? l->cols - left : alone ? l->cols : left,
		};
	}
}

/* Two rows of n rectangles, the top one taking the odd one out: with four,
 * protocols | TCP states over sources | per-CPU. */
static void place_grid(struct rect *out, int n, int y, int h, int cols)
{
	int top = (n + 1) / 2, bottom = n / 2;
	int top_h = bottom ? h / 2 : h;
	for (int p = 0; p < n; p++) {
		bool lower = p >= top;
		int k = lower ? p - top : p, across = lower ? bottom : top;
		int x = k * cols / across;
		out[p] = (struct rect){
			.y = lower ? y + top_h : y,
			.x = x,
			.h = lower ? h - top_h : top_h,
			.w = (k + 1) * cols / across - x,
		};
	}
}

static void place_panes(struct layout *l, int y, int h)
{
	place_grid(l->panes, l->npanes, y, h, l->cols);
}

static bool takes_turns(struct layout_turns t, int p)
{
	return p >= t.first && p < t.first + t.n;
}

/* Narrow: the panes taking turns are one place of the grid. */
static void place_sharing(struct layout *l, struct layout_turns t, int y, int h)
{
	struct rect slot[LAYOUT_PANES_MAX];
	place_grid(slot, l->npanes - (t.n - 1), y, h, l->cols);
	for (int p = 0; p < l->npanes; p++)
		l->panes[p] = slot[p < t.first ? p : takes_turns(t, p) ? t.first : p - (t.n - 1)];
}

/* Wide: the others above (the last, per-CPU with its many columns, as wide
 * as the rest together), the panes taking turns side by side below. */
static void place_wide(struct layout *l, struct layout_turns t, int y, int h)
{
	int upper = l->npanes - t.n, top_h = h / 2, u = 0, k = 0;
	int half = upper > 1 ? l->cols / 2 : l->cols;
	for (int p = 0; p < l->npanes; p++) {
		struct rect *r = &l->panes[p];
		if (takes_turns(t, p)) {
			int x = k * l->cols / t.n;
			*r = (struct rect){ y + top_h, x, h - top_h, (k + 1) * l->cols / t.n - x };
			k++;
		} else if (u == upper - 1) {
			int x = upper > 1 ? half : 0;
			*r = (struct rect){ y, x, top_h, l->cols - x };
		} else {
			int x = u * half / (upper - 1);
			*r = (struct rect){ y, x, top_h, (u + 1) * half / (upper - 1) - x };
			u++;
		}
	}
}

void layout_banner_rows(struct layout *l, int rows)
{
	int more = rows - l->banner.h;
	if (l->too_small || more <= 0)
		return;
	l->banner = (struct rect){ 1, 0, rows, l->cols };
	for (int m = 0; m < METER_COUNT; m++)
		l->meters[m].y += more;
	l->spark.y += more;
	for (int p = 0; p < l->npanes; p++)
		if (l->panes[p].y == l->main.y) {  /* the upper row */
			l->panes[p].y += more;
			l->panes[p].h -= more;
		}
	l->main.y += more;
	l->main.h -= more;
}

void layout_banner(struct layout *l)
{
	layout_banner_rows(l, 1);
}

void layout_compute(int rows, int cols, int npanes, struct layout *l)
{
	memset(l, 0, sizeof *l);
	l->rows = rows;
	l->cols = cols;
	l->npanes = npanes < 0 ? 0 : npanes > LAYOUT_PANES_MAX ? LAYOUT_PANES_MAX : npanes;
	l->too_small = rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS;
	if (l->too_small)
		return;
	l->title = (struct rect){ 0, 0, 1, cols };
	place_meters(l, 1);
	int y = 1 + (cols >= METER_TWO_COLUMNS_FROM ? (METER_COUNT + 1) / 2 : METER_COUNT);
	int sh = spark_height(rows);
	l->spark = (struct rect){ y, 0, sh, cols };
	y += sh;
	l->status = (struct rect){ rows - 1, 0, 1, cols };
	place_panes(l, y, rows - 1 - y);
	l->main = (struct rect){ y, 0, rows - 1 - y, cols };
}

void layout_compute_turns(int rows, int cols, int npanes, struct layout_turns t,
			  struct layout *l)
{
	layout_compute(rows, cols, npanes, l);
	bool valid = t.n > 1 && t.first >= 0 && t.first + t.n <= l->npanes && t.n < l->npanes;
	if (l->too_small || !valid)
		return;
	if (cols >= LAYOUT_ALL_PANES_FROM) {
		place_wide(l, t, l->main.y, l->main.h);
	} else {
		place_sharing(l, t, l->main.y, l->main.h);
		l->turns = t;
	}
}
