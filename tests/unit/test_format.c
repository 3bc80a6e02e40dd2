/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Numbers, sizes, durations and addresses as a person reads them
 * (src/base/format.c), at their edges. */
#include <arpa/inet.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/format.h"
#include "model/model.h"

static void count_is(uint64_t v, const char *want)
{
	char buf[32];
	assert_string_equal(fmt_count(buf, sizeof buf, v), want);
}

static void test_fmt_count(void **state)
{
	(void)state;
	count_is(0, "0");
	count_is(7, "7");
	count_is(999, "999");
	count_is(1000, "1,000");
	count_is(65536, "65,536");
	count_is(100000, "100,000");
	count_is(999999, "999,999");
	count_is(1000000, "1,000,000");
	count_is(1234567, "1,234,567");
	count_is(UINT64_MAX, "18,446,744,073,709,551,615");
	/* a short buffer gets a terminated prefix */
	char buf[4];
	memset(buf, 'x', sizeof buf);
	assert_string_equal(fmt_count(buf, sizeof buf, 1234567), "1,2");
}

static void counted_is(uint64_t v, const char *want)
{
	char buf[40];
	const char *got = fmt_counted(buf, sizeof buf, v, "entry", "entries");
	if (strcmp(got, want) != 0)
		fail_msg("fmt_counted(%llu) = \"%s\", expected \"%s\"", (unsigned long long)v, got, want);
}

/* Every count agrees with its noun, and has the thousands separator. */
static void test_fmt_counted(void **state)
{
	(void)state;
	counted_is(0, "0 entries");
	counted_is(1, "1 entry");
	counted_is(2, "2 entries");
	counted_is(11, "11 entries");
	counted_is(21, "21 entries");   /* English: only exactly one is singular */
	counted_is(1000, "1,000 entries");
	counted_is(1001, "1,001 entries");
	counted_is(261630, "261,630 entries");
	counted_is(UINT64_MAX, "18,446,744,073,709,551,615 entries");
	char buf[40];
	assert_string_equal(fmt_counted(buf, sizeof buf, 1, "namespace", "namespaces"), "1 namespace");
	assert_string_equal(fmt_counted(buf, sizeof buf, 3, "namespace", "namespaces"), "3 namespaces");
	assert_string_equal(fmt_counted(buf, sizeof buf, 1, "picture", "pictures"), "1 picture");
	assert_string_equal(fmt_counted(buf, sizeof buf, 1, "second", "seconds"), "1 second");
	/* a verb that agrees */
	assert_string_equal(plural(1, "is", "are"), "is");
	assert_string_equal(plural(0, "is", "are"), "are");
	assert_string_equal(plural(2, "is", "are"), "are");
	/* a short buffer gets a terminated prefix */
	char small[6];
	memset(small, 'x', sizeof small);
	assert_string_equal(fmt_counted(small, sizeof small, 12345, "entry", "entries"), "12,34");
}

static void bytes_is(uint64_t v, const char *want)
{
	char buf[32];
	const char *got = fmt_bytes(buf, sizeof buf, v);
	if (strcmp(got, want) != 0)
		fail_msg("fmt_bytes(%llu) = \"%s\", expected \"%s\"", (unsigned long long)v, got, want);
}

static void test_fmt_bytes(void **state)
{
	(void)state;
	bytes_is(0, "0 B");
	bytes_is(1, "1 B");
	bytes_is(1023, "1023 B");
	bytes_is(1024, "1.00 KiB");
	bytes_is(1536, "1.50 KiB");
	bytes_is(10 * 1024, "10.0 KiB");
	bytes_is(100 * 1024, "100 KiB");
	bytes_is(92758016, "88.5 MiB");             /* format.h's example */
	bytes_is(262144ull * 352 + 65536 * 8, "88.5 MiB");
	bytes_is(1048576ull * 352 + 262144 * 8, "354 MiB");
	bytes_is(1ull << 30, "1.00 GiB");
	bytes_is(1ull << 40, "1.00 TiB");
	bytes_is(UINT64_MAX, "16777216 TiB");        /* no unit past TiB */
	/* rounding never shows a number that belongs to the next width or
	 * unit: at most three digits and a unit below 1024 */
	bytes_is(10239, "10.0 KiB");                 /* 9.999 KiB */
	bytes_is(102399, "100 KiB");                 /* 99.999 KiB */
	bytes_is(1048575, "1.00 MiB");               /* 1023.999 KiB */
	bytes_is((1ull << 30) - 1, "1.00 GiB");
	bytes_is(1048063, "1023 KiB");               /* 1023.499 KiB */
}

static void duration_is(long s, const char *want)
{
	char buf[32];
	const char *got = fmt_duration(buf, sizeof buf, s);
	if (strcmp(got, want) != 0)
		fail_msg("fmt_duration(%ld) = \"%s\", expected \"%s\"", s, got, want);
}

static void test_fmt_duration(void **state)
{
	(void)state;
	duration_is(0, "0s");
	duration_is(-1, "-");
	duration_is(LONG_MIN, "-");
	duration_is(1, "1s");
	duration_is(45, "45s");
	duration_is(59, "59s");
	duration_is(60, "1m");
	duration_is(90, "1m30s");
	duration_is(120, "2m");
	duration_is(3599, "59m59s");
	duration_is(3600, "1h");
	duration_is(5400, "1h30m");
	duration_is(7200 + 75 * 9, "2h11m");         /* keep-alive gives up */
	duration_is(86400, "1d");
	duration_is(86400 + 3 * 3600, "1d3h");
	duration_is(432000, "5d");                    /* tcp_timeout_established */
	/* at most two units, and no unit that says zero */
	duration_is(3601, "1h");
	duration_is(3661, "1h1m");
	duration_is(86401, "1d");
	duration_is(86400 + 59 * 60, "1d");
	duration_is(2147483647L, "24855d3h");         /* INT_MAX, the kernel's limit */
}

static void addr_is(int family, const char *text, const char *want)
{
	uint8_t addr[16] = { 0 };
	assert_int_equal(inet_pton(family, text, addr), 1);
	char buf[FMT_ADDR_MAX];
	assert_string_equal(fmt_ip(buf, sizeof buf, family, addr), want);
}

static void test_fmt_ip(void **state)
{
	(void)state;
	addr_is(AF_INET, "127.0.0.1", "127.0.0.1");
	addr_is(AF_INET, "0.0.0.0", "0.0.0.0");
	addr_is(AF_INET, "255.255.255.255", "255.255.255.255");
	addr_is(AF_INET6, "::1", "::1");
	addr_is(AF_INET6, "::", "::");
	addr_is(AF_INET6, "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1");
	addr_is(AF_INET6, "::ffff:192.0.2.1", "::ffff:192.0.2.1");
	addr_is(AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

	char buf[FMT_ADDR_MAX];
	uint8_t addr[16] = { 0 };
	assert_string_equal(fmt_ip(buf, sizeof buf, AF_UNSPEC, addr), "?");
	/* a short buffer gets a terminated prefix */
	assert_int_equal(inet_pton(AF_INET, "192.168.100.200", addr), 1);
	char small[8];
	assert_string_equal(fmt_ip(small, sizeof small, AF_INET, addr), "192.168");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_count),
		cmocka_unit_test(test_fmt_counted),
		cmocka_unit_test(test_fmt_bytes),
		cmocka_unit_test(test_fmt_duration),
		cmocka_unit_test(test_fmt_ip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
