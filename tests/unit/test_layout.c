/* Where everything goes at every terminal size, and however many panes
 * the grid holds (ui/layout.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/layout.h"

static bool inside(struct rect r, int rows, int cols)
{
	return r.y >= 0 && r.x >= 0 && r.h > 0 && r.w > 0 && r.y + r.h <= rows && r.x + r.w <= cols;
}

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The dashboard's four panes. */
#define NPANES 4

static void check_layout_of(int rows, int cols, int npanes)
{
	struct layout l;
	layout_compute(rows, cols, npanes, &l);
	assert_false(l.too_small);
	assert_int_equal(l.npanes, npanes);
	struct rect all[2 + METER_COUNT + 1 + LAYOUT_PANES_MAX];
	int n = 0;
	all[n++] = l.title;
	all[n++] = l.status;
	for (int m = 0; m < METER_COUNT; m++)
		all[n++] = l.meters[m];
	all[n++] = l.spark;
	for (int p = 0; p < npanes; p++) {
		all[n++] = l.panes[p];
		/* every pane shows its title, a heading and at least two rows */
		if (l.panes[p].h < 4 || (npanes == NPANES && l.panes[p].w < 28))
			fail_msg("%dx%d: pane %d is %dx%d", cols, rows, p, l.panes[p].w, l.panes[p].h);
	}
	int area = 0;
	for (int i = 0; i < n; i++) {
		if (!inside(all[i], rows, cols))
			fail_msg("%dx%d: rect %d (%d,%d %dx%d) is off screen", cols, rows, i,
				 all[i].x, all[i].y, all[i].w, all[i].h);
		for (int j = 0; j < i; j++)
			if (overlap(all[i], all[j]))
				fail_msg("%dx%d: rects %d and %d overlap", cols, rows, i, j);
		area += all[i].w * all[i].h;
	}
	/* nothing is left blank: the panes take every spare row */
	assert_int_equal(area, rows * cols);
	assert_int_equal(l.title.y, 0);
	assert_int_equal(l.status.y, rows - 1);
}

static void check_layout(int rows, int cols)
{
	check_layout_of(rows, cols, NPANES);
}

static void test_layout_sizes(void **state)
{
	(void)state;
	static const int sizes[][2] = {
		{ 24, 80 }, { 18, 60 }, { 60, 200 }, { 25, 81 }, { 40, 120 }, { 100, 139 },
		{ 100, 140 }, { 19, 61 }, { 300, 500 },
	};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		check_layout(sizes[i][0], sizes[i][1]);
	/* a pane more or fewer: the grid still fills the room, no overlap */
	for (int n = 1; n <= LAYOUT_PANES_MAX; n++) {
		check_layout_of(24, 80, n);
		check_layout_of(60, 200, n);
	}
}

static void test_layout_too_small(void **state)
{
	(void)state;
	struct layout l;
	layout_compute(12, 40, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(LAYOUT_MIN_ROWS - 1, 200, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(200, LAYOUT_MIN_COLS - 1, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(0, 0, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, NPANES, &l);
	assert_false(l.too_small);
}

static void test_layout_uses_room(void **state)
{
	(void)state;
	struct layout small, big;
	layout_compute(24, 80, NPANES, &small);
	layout_compute(60, 200, NPANES, &big);
	for (int p = 0; p < NPANES; p++) {
		assert_true(big.panes[p].h > small.panes[p].h);
		assert_true(big.panes[p].w > small.panes[p].w);
	}
	assert_true(big.spark.h > small.spark.h);
	/* wide: meters side by side, two rows instead of four */
	assert_int_equal(big.meters[METER_FILL].y, big.meters[METER_BUCKETS].y);
	assert_true(small.meters[METER_FILL].y < small.meters[METER_BUCKETS].y);
}

static void test_layout_banner(void **state)
{
	(void)state;
	struct layout plain, l;
	layout_compute(24, 80, NPANES, &plain);
	l = plain;
	layout_banner(&l);
	assert_int_equal(l.banner.y, 1);
	assert_int_equal(l.banner.h, 1);
	assert_int_equal(l.meters[METER_FILL].y, plain.meters[METER_FILL].y + 1);
	assert_int_equal(l.main.y, plain.main.y + 1);
	assert_int_equal(l.main.y + l.main.h, plain.main.y + plain.main.h);
	assert_int_equal(l.panes[NPANES - 1].y, l.panes[0].y + l.panes[0].h);
	assert_int_equal(l.panes[0].y, l.main.y);
	layout_banner(&l);   /* twice is once */
	assert_int_equal(l.main.y, plain.main.y + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_layout_uses_room),
		cmocka_unit_test(test_layout_banner),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
