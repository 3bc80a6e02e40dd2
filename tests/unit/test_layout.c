/* SPDX-License-Identifier: GPL-2.0-or-later */
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
	/* the relief line under it: one more row, taken from the same places */
	layout_banner_rows(&l, 2);
	assert_int_equal(l.banner.h, 2);
	assert_int_equal(l.meters[METER_FILL].y, plain.meters[METER_FILL].y + 2);
	assert_int_equal(l.main.y, plain.main.y + 2);
	assert_int_equal(l.main.y + l.main.h, plain.main.y + plain.main.h);
	assert_int_equal(l.panes[0].y, l.main.y);
}

/* The dashboard's six: protocols, TCP states, sources, destinations,
 * ports, per-CPU; the three address panes take turns when narrow. */
#define NDASH 6
static const struct layout_turns dash_turns = { 2, 3 };

/* Every place on screen, off nothing, overlapping nothing, filling the
 * rows between the sparkline and the status line; returns the places. */
static int check_turns_of(int rows, int cols, struct layout *l)
{
	layout_compute_turns(rows, cols, NDASH, dash_turns, l);
	assert_false(l->too_small);
	int area = 0, places = 0;
	for (int p = 0; p < NDASH; p++) {
		struct rect r = l->panes[p];
		bool shared = l->turns.n && p > l->turns.first && p < l->turns.first + l->turns.n;
		if (shared) {   /* the same place as the first of them */
			assert_memory_equal(&r, &l->panes[l->turns.first], sizeof r);
			continue;
		}
		places++;
		if (!inside(r, rows, cols) || r.h < 4 || r.w < 28)
			fail_msg("%dx%d: pane %d is %dx%d at %d,%d", cols, rows, p, r.w, r.h, r.x, r.y);
		for (int q = 0; q < p; q++)
			if (overlap(r, l->panes[q]) && memcmp(&r, &l->panes[q], sizeof r) != 0)
				fail_msg("%dx%d: panes %d and %d overlap", cols, rows, p, q);
		area += r.w * r.h;
	}
	assert_int_equal(area, l->main.w * l->main.h);
	return places;
}

static void test_layout_turns(void **state)
{
	(void)state;
	struct layout l;
	/* narrow: four places, the grid of four as before */
	static const int narrow[][2] = { { 24, 80 }, { 18, 60 }, { 40, 120 }, { 60, 139 } };
	for (size_t i = 0; i < sizeof narrow / sizeof narrow[0]; i++) {
		assert_int_equal(check_turns_of(narrow[i][0], narrow[i][1], &l), 4);
		struct layout four;
		layout_compute(narrow[i][0], narrow[i][1], 4, &four);
		assert_memory_equal(&l.panes[2], &four.panes[2], sizeof four.panes[2]);
		assert_memory_equal(&l.panes[5], &four.panes[3], sizeof four.panes[3]);
		assert_int_equal(l.turns.first, 2);
		assert_int_equal(l.turns.n, 3);
	}
	/* wide: six places, the address panes side by side below, per-CPU
	 * as wide as protocols and TCP states together */
	static const int wide[][2] = { { 45, 160 }, { 24, 140 }, { 60, 200 }, { 18, 141 } };
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
		assert_int_equal(check_turns_of(wide[i][0], wide[i][1], &l), 6);
		assert_int_equal(l.turns.n, 0);
		for (int p = 2; p < 5; p++)
			assert_true(l.panes[p].y > l.panes[0].y);
		assert_int_equal(l.panes[5].y, l.panes[0].y);
		assert_true(l.panes[5].w >= l.panes[0].w + l.panes[1].w);
	}
	/* at 160x45 every address pane holds 15 rows at least */
	layout_compute_turns(45, 160, NDASH, dash_turns, &l);
	assert_true(l.panes[3].h - 2 >= 15);
	/* no turns asked, or nonsense: the plain grid */
	struct layout plain;
	layout_compute(24, 80, NDASH, &plain);
	layout_compute_turns(24, 80, NDASH, (struct layout_turns){ 0, 0 }, &l);
	assert_memory_equal(&l, &plain, sizeof l);
	layout_compute_turns(24, 80, NDASH, (struct layout_turns){ 4, 3 }, &l);
	assert_memory_equal(&l, &plain, sizeof l);
	/* the banner takes its row from the upper panes, shared ones too */
	layout_compute_turns(24, 80, NDASH, dash_turns, &l);
	layout_banner(&l);
	assert_int_equal(l.panes[0].y, l.main.y);
	assert_memory_equal(&l.panes[2], &l.panes[4], sizeof l.panes[2]);
	layout_compute_turns(45, 160, NDASH, dash_turns, &l);
	layout_banner(&l);
	assert_int_equal(l.panes[5].y, l.main.y);
	assert_int_equal(l.panes[2].y, l.panes[0].y + l.panes[0].h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_layout_uses_room),
		cmocka_unit_test(test_layout_banner),
		cmocka_unit_test(test_layout_turns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
