/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The replay title's timeline: the picture's place and the incidents'
 * cells between the first and the last picture; values from a damaged
 * file (NaN, reversed, outside the span) mark nothing and never write
 * past the bar. */
#include <math.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "record/timebar.h"

/* The bar of 10 cells over 1000..1100 s with the picture at `at`. */
static void expect(const char *want, double at, const struct rec_incident *in, unsigned n)
{
	char out[32];
	timebar_draw(out, sizeof out, 10, 1000, 1100, at, in, n);
	assert_string_equal(out, want);
}

static void test_position_alone(void **state)
{
	(void)state;
	expect("[|---------]", 1000, NULL, 0);
	expect("[---------|]", 1100, NULL, 0);
	expect("[-----|----]", 1055, NULL, 0);
}

static void test_incidents_marked(void **state)
{
	(void)state;
	struct rec_incident in[2] = {
		{ .start = 1010, .end = 1029, .peak = 1020 },
		{ .start = 1080, .end = 1080, .peak = 1080 },
	};
	expect("[-!!--|--!-]", 1050, in, 2);
	/* the picture inside an incident: its place wins */
	expect("[-!|-----!-]", 1020, in, 2);
}

static void test_incident_cut_by_the_span(void **state)
{
	(void)state;
	char out[32];
	/* begun before the oldest picture kept, still going at the newest */
	struct rec_incident in[1] = { { .start = 900, .end = 1200 } };
	timebar_draw(out, sizeof out, 5, 1000, 1100, 1000, in, 1);
	assert_string_equal(out, "[|!!!!]");
}

static void test_damaged_values(void **state)
{
	(void)state;
	struct rec_incident in[4] = {
		{ .start = NAN, .end = 1050 },
		{ .start = 1060, .end = 1040 },  /* reversed */
		{ .start = 2000, .end = 3000 },  /* after the last picture */
		{ .start = 0, .end = 10 },       /* before the first */
	};
	expect("[----------]", NAN, in, 4);
	expect("[----------]", 5000, in, 4);
	/* first after last: nothing drawn */
	char out[32];
	timebar_draw(out, sizeof out, 10, 1100, 1000, 1050, in, 4);
	assert_string_equal(out, "");
}

static void test_one_picture_and_bounds(void **state)
{
	(void)state;
	char out[80];
	timebar_draw(out, sizeof out, 4, 1000, 1000, 1000, NULL, 0);
	assert_string_equal(out, "[|---]");
	/* too small a buffer: nothing, and nothing written past it */
	memset(out, 'x', sizeof out);
	timebar_draw(out, 6, 4, 1000, 1100, 1000, NULL, 0);
	assert_string_equal(out, "");
	assert_int_equal(out[1], 'x');
	/* the cells are capped */
	timebar_draw(out, sizeof out, 1000, 1000, 1100, 1000, NULL, 0);
	assert_int_equal(strlen(out), TIMEBAR_MAX_CELLS + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_position_alone),
		cmocka_unit_test(test_incidents_marked),
		cmocka_unit_test(test_incident_cut_by_the_span),
		cmocka_unit_test(test_damaged_values),
		cmocka_unit_test(test_one_picture_and_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
