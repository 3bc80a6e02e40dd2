/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Values as typed into the dashboard (src/write/typed.c): counts with
 * separators, durations or counts by setting, the bucket rounding rule,
 * where an export may go. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "write/typed.h"

#define TW "nf_conntrack_tcp_timeout_time_wait"

static void assert_count(const char *text, uint64_t want)
{
	uint64_t v = 0;
	const char *why = typed_count(text, &v);
	if (why)
		fail_msg("'%s' refused: %s", text, why);
	assert_int_equal(v, want);
}

static void assert_refused(const char *text, const char *because)
{
	uint64_t v = 7;
	const char *why = typed_count(text, &v);
	if (!why)
		fail_msg("'%s' taken as %llu", text, (unsigned long long)v);
	if (!strstr(why, because))
		fail_msg("'%s': '%s' does not say '%s'", text, why, because);
	assert_int_equal(v, 7); /* untouched */
}

static void test_count(void **state)
{
	(void)state;
	assert_count("262144", 262144);
	assert_count("262,144", 262144);      /* as the meters show it */
	assert_count("1_048_576", 1048576);
	assert_count("  65536", 65536);
	assert_count("65536  ", 65536);
	assert_count("18446744073709551615", UINT64_MAX);
	assert_refused("", "empty");
	assert_refused("   ", "empty");
	assert_refused("-5", "negative");
	assert_refused("262 144", "more than one number"); /* not 262 */
	assert_refused("  10 x", "more than one number");
	assert_refused("12k", "not a whole number");
	assert_refused(",5", "not a whole number");   /* a separator leads */
	assert_refused("5,", "not a whole number");   /* or trails */
	assert_refused("1,,000", "not a whole number");
	assert_refused("18446744073709551616", "64 bits");
	assert_refused("123456789012345678901234567890123", "too many digits");
}

static void test_value_by_setting(void **state)
{
	(void)state;
	uint64_t v = 0;
	/* a timeout takes a duration, in seconds */
	assert_null(typed_value(TW, "2m", &v));
	assert_int_equal(v, 120);
	assert_null(typed_value(TW, "30", &v));
	assert_int_equal(v, 30);
	assert_non_null(typed_value(TW, "soon", &v));
	/* max and the buckets a count, which a unit does not fit */
	assert_null(typed_value("nf_conntrack_max", "262,144", &v));
	assert_int_equal(v, 262144);
	assert_non_null(typed_value("nf_conntrack_max", "2m", &v));
	assert_null(typed_value("hashsize", "65536", &v));
	assert_int_equal(v, 65536);
}

static void test_round_buckets(void **state)
{
	(void)state;
	/* 4 KiB pages hold 512 heads of 8 bytes */
	assert_int_equal(typed_round_buckets(100000, 4096), 100352);
	assert_int_equal(typed_round_buckets(65536, 4096), 65536);
	assert_int_equal(typed_round_buckets(1, 4096), 512);
	assert_int_equal(typed_round_buckets(512, 4096), 512);
	assert_int_equal(typed_round_buckets(513, 4096), 1024);
	/* 64 KiB pages, 8192 heads */
	assert_int_equal(typed_round_buckets(100000, 65536), 106496);
	/* a page size not known: nothing rounded */
	assert_int_equal(typed_round_buckets(100001, 0), 100001);
	assert_int_equal(typed_round_buckets(100001, -1), 100001);
	assert_int_equal(typed_round_buckets(3, 4), 3);
}

static void test_path_problem(void **state)
{
	(void)state;
	char buf[300];
	assert_non_null(strstr(typed_path_problem("relative.conf", buf, sizeof buf), "absolute"));
	assert_non_null(strstr(typed_path_problem("/tmp/", buf, sizeof buf), "directory"));
	const char *why = typed_path_problem("/nonexistent-ctdash-dir/x.conf", buf, sizeof buf);
	assert_non_null(why);
	assert_string_equal(why, "no directory /nonexistent-ctdash-dir");
	/* a file where the directory should be */
	assert_non_null(typed_path_problem("/dev/null/x.conf", buf, sizeof buf));
	assert_null(typed_path_problem("/tmp/90-conntrack.conf", buf, sizeof buf));
	assert_null(typed_path_problem("/x.conf", buf, sizeof buf)); /* in / */
	/* a path longer than any directory: refused, not cut */
	static char longp[5000];
	memset(longp, 'a', sizeof longp - 1);
	longp[0] = '/';
	longp[4500] = '/';
	assert_non_null(typed_path_problem(longp, buf, sizeof buf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_value_by_setting),
		cmocka_unit_test(test_round_buckets),
		cmocka_unit_test(test_path_problem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
