/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fitting text into columns: cut in the middle or at the end, counts
 * made compact, rates (ui/text.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/text.h"

static void test_fit_middle(void **state)
{
	(void)state;
	char out[64];
	const char *v6 = "2001:db8:85a3:1234:5678:8a2e:370:7334";
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 15, "~", 1), 15);
	assert_string_equal(out, "2001:db~70:7334");
	assert_int_equal(strlen(out), 15);
	/* a UTF-8 ellipsis: 3 bytes, one column */
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 15, "\u2026", 1), 15);
	assert_int_equal(text_columns(out), 15);
	assert_string_equal(out, "2001:db\u202670:7334");
	/* fits: unchanged */
	assert_int_equal(text_fit_middle(out, sizeof out, "127.0.0.1", 15, "..", 2), 9);
	assert_string_equal(out, "127.0.0.1");
	/* no room for an ellipsis: the head */
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 2, "..", 2), 2);
	assert_string_equal(out, "20");
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 0, "..", 2), 0);
	assert_string_equal(out, "");
}

static void test_fit_end(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(text_fit_end(out, sizeof out, "ESTABLISHED", 6, "..", 2), 6);
	assert_string_equal(out, "ESTA..");
	assert_int_equal(text_fit_end(out, sizeof out, "ESTABLISHED", 11, "..", 2), 11);
	assert_string_equal(out, "ESTABLISHED");
}

static void test_compact_and_rate(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(text_compact(b, sizeof b, 0), "0");
	assert_string_equal(text_compact(b, sizeof b, 999), "999");
	assert_string_equal(text_compact(b, sizeof b, 1000), "1.0k");
	assert_string_equal(text_compact(b, sizeof b, 340123), "340k");
	assert_string_equal(text_compact(b, sizeof b, 9960), "10k");
	assert_string_equal(text_compact(b, sizeof b, 999999), "1.0M");
	assert_string_equal(text_compact(b, sizeof b, 1234567), "1.2M");
	assert_string_equal(text_compact(b, sizeof b, UINT64_MAX), "18E");
	assert_string_equal(text_rate(b, sizeof b, 0), "0/s");
	assert_string_equal(text_rate(b, sizeof b, -3), "0/s");
	assert_string_equal(text_rate(b, sizeof b, 0.42), "0.4/s");
	assert_string_equal(text_rate(b, sizeof b, 12.4), "12/s");
	assert_string_equal(text_rate(b, sizeof b, 3400), "3.4k/s");
	assert_int_equal(text_columns("\u03bb0.5 \u2588"), 6);
}

static void test_wrap(void **state)
{
	(void)state;
	int next;
	assert_int_equal(text_wrap("short", 10, &next), 5);
	assert_int_equal(next, 5);
	/* at the last space that fits; the next line starts past the spaces */
	assert_int_equal(text_wrap("one two  three", 9, &next), 7);
	assert_string_equal("one two  three" + next, "three");
	/* a word longer than the line is cut */
	assert_int_equal(text_wrap("abcdefghij", 4, &next), 4);
	assert_int_equal(next, 4);
	/* a newline ends the line, also one past a space that would fit */
	assert_int_equal(text_wrap("ab\ncd", 10, &next), 2);
	assert_int_equal(next, 3);
	assert_int_equal(text_wrap("ab cd\nefghijkl", 8, &next), 5);
	assert_int_equal(next, 6);
	assert_int_equal(text_wrap("abcd\n", 4, &next), 4);
	assert_int_equal(next, 5);
	assert_int_equal(text_wrap("", 10, &next), 0);
	assert_int_equal(next, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_fit_middle),
		cmocka_unit_test(test_fit_end),
		cmocka_unit_test(test_compact_and_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
