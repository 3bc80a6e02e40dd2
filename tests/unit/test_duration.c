/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeout parser and the +/- ladder: every accepted form gives the
 * right seconds; every refused one gives a reason and leaves the output
 * alone. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "write/duration.h"

static void accepts(const char *text, long want)
{
	long got = -12345;
	const char *why = duration_parse(text, &got);
	if (why)
		fail_msg("'%s' refused: %s", text, why);
	if (got != want)
		fail_msg("'%s' = %ld, expected %ld", text, got, want);
}

/* Refused, with a reason that contains hint, and *seconds untouched. */
static void refuses(const char *text, const char *hint)
{
	long got = -12345;
	const char *why = duration_parse(text, &got);
	if (!why)
		fail_msg("'%s' accepted as %ld", text ? text : "(null)", got);
	if (got != -12345)
		fail_msg("'%s' refused but wrote %ld", text ? text : "(null)", got);
	if (!strstr(why, hint))
		fail_msg("'%s' refused with \"%s\", expected it to mention \"%s\"",
			 text ? text : "(null)", why, hint);
}

static void test_plain_seconds(void **state)
{
	(void)state;
	accepts("0", 0);
	accepts("10", 10);
	accepts("120", 120);
	accepts("432000", 432000);
	accepts("2147483647", INT_MAX);
	accepts("007", 7);
	accepts("  30  ", 30);
	accepts("\t45\n", 45);
}

static void test_units(void **state)
{
	(void)state;
	accepts("30s", 30);
	accepts("10m", 600);
	accepts("2m", 120);
	accepts("2h", 7200);
	accepts("5d", 432000);
	accepts("1h30m", 5400);
	accepts("2d12h", 216000);
	accepts("1d2h3m4s", 93784);
	accepts("0s", 0);
	/* the largest, exactly: 24855 days is 2147472000 s */
	accepts("24855d3h14m7s", INT_MAX);
}

/* The inputs the issue names, and their neighbours. */
static void test_refusals(void **state)
{
	(void)state;
	refuses(NULL, "empty");
	refuses("", "empty");
	refuses("   ", "empty");
	refuses("abc", "not a number");
	refuses("s", "not a number");
	refuses("+5", "not a number");
	refuses("-5", "negative");
	refuses("-0", "negative");
	refuses(" -5s", "negative");
	refuses("12x", "trailing");
	refuses("10 m", "trailing");
	refuses("10sx", "trailing");
	refuses("10M", "trailing");
	refuses("99999999999", "too large");
	refuses("2147483648", "too large");
	refuses("24856d", "too large");
	refuses("35791395m", "too large");
	refuses("24855d3h14m8s", "too large");
	refuses("99999999999999999999999", "overflow");
	refuses("1.5h", "whole number");
	refuses("1h1h", "largest to smallest");
	refuses("30m1h", "largest to smallest");
	refuses("1h30", "needs a unit");
}

static void test_ladder_steps(void **state)
{
	(void)state;
	unsigned n;
	const long *l = duration_ladder(&n);
	assert_true(n >= 10);
	for (unsigned i = 1; i < n; i++)
		assert_true(l[i] > l[i - 1]);
	/* from a ladder value to its neighbours */
	assert_int_equal(duration_step_up(120), 300);
	assert_int_equal(duration_step_down(120), 60);
	assert_int_equal(duration_step_up(1), 5);
	/* from arbitrary values to the nearest rung on that side */
	assert_int_equal(duration_step_up(0), 1);
	assert_int_equal(duration_step_up(77), 120);
	assert_int_equal(duration_step_down(77), 60);
	assert_int_equal(duration_step_up(432000), 432000);
	assert_int_equal(duration_step_down(432000), 172800);
	assert_int_equal(duration_step_down(999999), 432000);
	assert_int_equal(duration_step_up(999999), 999999);
	/* the bottom stays put */
	assert_int_equal(duration_step_down(1), 1);
	assert_int_equal(duration_step_down(0), 0);
	/* walking up from 1 visits every rung once, then stops */
	long v = 1;
	for (unsigned i = 1; i < n; i++) {
		v = duration_step_up(v);
		assert_int_equal(v, l[i]);
	}
	assert_int_equal(duration_step_up(v), v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_seconds),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_ladder_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
