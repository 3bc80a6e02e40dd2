/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TIME as --at, --since and --until take it: every accepted form gives the
 * right moment (local time: the tests fix TZ), a clock time still to come
 * means yesterday's, and every refused one says why and leaves *t alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/attime.h"

/* 2026-12-07 03:20:00 UTC, in a zone an hour east of it (03:20 UTC is
 * 04:20 there): the engineer logs in at 03:20. */
static const double now_utc = 1796613600.0;
static double now;

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "CET-1", 1);
	tzset();
	now = now_utc - 3600; /* 03:20 local */
	return 0;
}

static double at(const char *text)
{
	double t = -1;
	char err[256];
	if (attime_parse(text, now, &t, err, sizeof err) < 0)
		fail_msg("'%s' refused: %s", text, err);
	return t;
}

static void refused(const char *text)
{
	double t = -12345;
	char err[256] = "";
	if (attime_parse(text, now, &t, err, sizeof err) == 0)
		fail_msg("'%s' accepted as %.3f", text, t);
	if (t != -12345)
		fail_msg("'%s' refused but wrote %.3f", text, t);
	if (!strstr(err, text) || !strstr(err, "HH:MM"))
		fail_msg("'%s' refused with \"%s\"", text, err);
}

static void test_clock_times_today(void **state)
{
	(void)state;
	/* 03:02 local is 02:02 UTC: 18 minutes before now */
	assert_true(at("03:02") == now - 18 * 60);
	assert_true(at("03:02:15") == now - 18 * 60 + 15);
	assert_true(at("00:00") == now - (3 * 3600 + 20 * 60));
}

static void test_clock_time_to_come_is_yesterday(void **state)
{
	(void)state;
	assert_true(at("23:59") == now - (3 * 3600 + 20 * 60) - 60);
	assert_true(at("03:21") == now + 60 - 86400);
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(at("2026-12-07T03:02:15") == now - 18 * 60 + 15);
	assert_true(at("2026-12-07 03:02:15") == now - 18 * 60 + 15);
	assert_true(at("2026-12-07T03:02") == now - 18 * 60);
	assert_true(at("2026-12-06T03:20:00") == now - 86400);
}

static void test_ages_and_unix(void **state)
{
	(void)state;
	assert_true(at("-20m") == now - 1200);
	assert_true(at("-90s") == now - 90);
	assert_true(at("-2h") == now - 7200);
	assert_true(at("-1d") == now - 86400);
	assert_true(at("now") == now);
	assert_true(at("@1796613600") == 1796613600.0);
	assert_true(at("@1796613600.25") == 1796613600.25);
}

static void test_refused(void **state)
{
	(void)state;
	const char *bad[] = { "", "3:02", "03:2", "24:00", "03:60", "03:02:60", "03:02:1",
			      "03:02x", "-20", "-m", "-20x", "-20m5", "20m", "2026-13-01T00:00",
			      "2026-02-31T00:00", "2026-12-07", "2026-12-07T", "1969-12-31T00:00",
			      "@", "@1.2.3", "@12a", "-99999999999d", "yesterday", "03:02 " };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused(bad[i]);
}

static void test_format(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(attime_format(now - 18 * 60 + 15, buf, sizeof buf), "2026-12-07 03:02:15");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_clock_times_today, setup),
		cmocka_unit_test_setup(test_clock_time_to_come_is_yesterday, setup),
		cmocka_unit_test_setup(test_dates, setup),
		cmocka_unit_test_setup(test_ages_and_unix, setup),
		cmocka_unit_test_setup(test_refused, setup),
		cmocka_unit_test_setup(test_format, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
