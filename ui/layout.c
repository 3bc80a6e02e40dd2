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
		l->meters[m] = (struct rect){
			.y = two ? y + m / 2 : y + m,
			.x = right ? left : 0,
			.h = 1,
			.w = right ? l->cols - left : left,
		};
	}
}

/* Two rows of two panes: protocols | TCP states over sources | per-CPU. */
static void place_panes(struct layout *l, int y, int h)
{
	int top_h = h / 2, left_w = l->cols / 2;
	for (int p = 0; p < PANE_COUNT; p++) {
		bool lower = p >= 2, right = p % 2;
		l->panes[p] = (struct rect){
			.y = lower ? y + top_h : y,
			.x = right ? left_w : 0,
			.h = lower ? h - top_h : top_h,
			.w = right ? l->cols - left_w : left_w,
		};
	}
}

void layout_compute(int rows, int cols, struct layout *l)
{
	memset(l, 0, sizeof *l);
	l->rows = rows;
	l->cols = cols;
	l->too_small = rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS;
	if (l->too_small)
		return;
	l->title = (struct rect){ 0, 0, 1, cols };
	place_meters(l, 1);
	int y = 1 + (cols >= METER_TWO_COLUMNS_FROM ? 2 : 4);
	int sh = spark_height(rows);
	l->spark = (struct rect){ y, 0, sh, cols };
	y += sh;
	l->status = (struct rect){ rows - 1, 0, 1, cols };
	place_panes(l, y, rows - 1 - y);
	l->main = (struct rect){ y, 0, rows - 1 - y, cols };
}
