/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whole numbers (src/base/parse.c): parse_uint at its edges, digits
 * inside a longer text, numbers as the kernel writes them in /proc, and
 * "pid:N" namespace labels. */
#include <limits.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/parse.h"

static void accepts(const char *s, uint64_t max, uint64_t want)
{
	uint64_t v = 0xdeadbeef;
	if (!parse_uint(s, max, &v))
		fail_msg("parse_uint(\"%s\", %llu) refused", s, (unsigned long long)max);
	if (v != want)
		fail_msg("parse_uint(\"%s\") = %llu, expected %llu", s,
			 (unsigned long long)v, (unsigned long long)want);
}

static void refuses(const char *s, uint64_t max)
{
	uint64_t v = 0xdeadbeef;
	if (parse_uint(s, max, &v))
		fail_msg("parse_uint(\"%s\", %llu) accepted %llu", s ? s : "NULL",
			 (unsigned long long)max, (unsigned long long)v);
	/* a refusal leaves the caller's value alone */
	assert_int_equal(v, 0xdeadbeef);
}

static void test_parse_uint(void **state)
{
	(void)state;
	accepts("0", 100, 0);
	accepts("7", 100, 7);
	accepts("007", 100, 7);
	accepts("100", 100, 100);
	accepts("0", 0, 0);
	accepts("5", 5, 5);
	accepts("18446744073709551615", UINT64_MAX, UINT64_MAX);
	accepts("18446744073709551614", UINT64_MAX - 1, UINT64_MAX - 1);
	accepts("4294967296", UINT64_MAX, 4294967296ull);

	refuses(NULL, 100);
	refuses("", 100);
	refuses("101", 100);
	refuses("1000", 100);
	refuses("1", 0);
	/* a limit below a single digit */
	refuses("7", 5);
	refuses("9", 8);
	refuses("18446744073709551616", UINT64_MAX);
	refuses("18446744073709551615", UINT64_MAX - 1);
	refuses("99999999999999999999999", UINT64_MAX);
	refuses("-1", 100);
	refuses("+1", 100);
	refuses(" 1", 100);
	refuses("1 ", 100);
	refuses("1x", 100);
	refuses("0x10", 100);
	refuses("1.0", 100);
	refuses("\xd9\xa1", 100); /* ARABIC-INDIC DIGIT ONE: not an ASCII digit */
}

static void test_parse_digits(void **state)
{
	(void)state;
	const char *text = "42s", *p = text;
	uint64_t v = 1;
	assert_true(parse_digits(&p, UINT64_MAX, &v));
	assert_int_equal(v, 42);
	assert_ptr_equal(p, text + 2);
	/* no digit: 0, and nothing taken */
	text = "s";
	p = text;
	assert_true(parse_digits(&p, UINT64_MAX, &v));
	assert_int_equal(v, 0);
	assert_ptr_equal(p, text);
	/* past the limit: refused */
	p = "99999999999999999999h";
	assert_false(parse_digits(&p, UINT64_MAX, &v));
	p = "101m";
	assert_false(parse_digits(&p, 100, &v));
	p = "100m";
	assert_true(parse_digits(&p, 100, &v));
	assert_int_equal(v, 100);
	assert_int_equal(*p, 'm');
}

static void test_parse_uint_line(void **state)
{
	(void)state;
	uint64_t v = 7;
	assert_true(parse_uint_line("262144\n", UINT64_MAX, &v));
	assert_int_equal(v, 262144);
	assert_true(parse_uint_line("0", UINT64_MAX, &v));
	assert_int_equal(v, 0);
	assert_true(parse_uint_line("18446744073709551615\n", UINT64_MAX, &v));
	assert_int_equal(v, UINT64_MAX);
	v = 7;
	assert_false(parse_uint_line("", UINT64_MAX, &v));
	assert_false(parse_uint_line("\n", UINT64_MAX, &v));
	assert_false(parse_uint_line("-1\n", UINT64_MAX, &v));
	assert_false(parse_uint_line("12\n\n", UINT64_MAX, &v));
	assert_false(parse_uint_line("12 34\n", UINT64_MAX, &v));
	assert_false(parse_uint_line("12\tx", UINT64_MAX, &v));
	assert_false(parse_uint_line("18446744073709551616\n", UINT64_MAX, &v));
	assert_false(parse_uint_line(NULL, UINT64_MAX, &v));
	assert_int_equal(v, 7);
}

static void test_pid_labels(void **state)
{
	(void)state;
	int pid = 0;
	assert_true(parse_pid_label("pid:1", &pid));
	assert_int_equal(pid, 1);
	assert_true(parse_pid_label("pid:2147483647", &pid));
	assert_int_equal(pid, INT_MAX);
	pid = 5;
	assert_false(parse_pid_label("pid:0", &pid));
	assert_false(parse_pid_label("pid:2147483648", &pid));
	assert_false(parse_pid_label("pid:-1", &pid));
	assert_false(parse_pid_label("pid:12abc", &pid));
	assert_false(parse_pid_label("pid:", &pid));
	assert_false(parse_pid_label("pid: 1", &pid));
	assert_false(parse_pid_label("web", &pid));
	assert_false(parse_pid_label("", &pid));
	assert_false(parse_pid_label(NULL, &pid));
	assert_int_equal(pid, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_parse_digits),
		cmocka_unit_test(test_parse_uint_line),
		cmocka_unit_test(test_pid_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
