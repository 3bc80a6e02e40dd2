/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The escape stripper of tests/tools/keylat: what ncurses writes for a
 * screen must come out as the text a person reads, whatever way the
 * output is cut into reads. */
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/tools/escstrip.h"

/* Strip s in one call, and again byte by byte: both must give want. */
static void check(const char *s, const char *want)
{
	size_t n = strlen(s);
	char out[512];
	struct esc_strip es;
	esc_strip_init(&es);
	size_t o = esc_strip(&es, s, n, out);
	out[o] = '\0';
	assert_string_equal(out, want);
	esc_strip_init(&es);
	o = 0;
	for (size_t i = 0; i < n; i++)
		o += esc_strip(&es, s + i, 1, out + o);
	out[o] = '\0';
	assert_string_equal(out, want);
}

static void test_plain(void **state)
{
	(void)state;
	check("", "");
	check("Entries: showing 50 of 1,000", "Entries: showing 50 of 1,000");
	check("two\nlines", "two\nlines");
	/* carriage returns, bells, shifts and backspaces draw nothing */
	check("a\rb\x07" "c\x0e" "d\x0f" "e\bf", "abcdef");
}

static void test_csi(void **state)
{
	(void)state;
	/* colours, cursor moves, private modes, erase */
	check("\x1b[1;31mTABLE\x1b[0m FULL", "TABLE FULL");
	check("\x1b[12;40Hshowing\x1b[K 5", "showing 5");
	check("\x1b[?1049h\x1b[?25lready\x1b[?12;25h", "ready");
	check("\x1b[38;5;208mx\x1b[39;49m", "x");
	/* ncurses' repeat (rep: CSI n b) is dropped with its count */
	check("a\x1b[4b|", "a|");
	/* ESC inside a CSI starts a new sequence */
	check("\x1b[1\x1b[2Jz", "z");
}

static void test_osc_and_others(void **state)
{
	(void)state;
	/* window titles: ended by BEL or by ST (ESC \) */
	check("\x1b]0;ctdash\x07title", "title");
	check("\x1b]2;a;b\x1b\\after", "after");
	check("\x1bP1$r0m\x1b\\dcs", "dcs");
	/* charset choice (ESC ( B), keypad (ESC =, ESC >), save cursor (ESC 7) */
	check("\x1b(Bq\x1b)0r\x1b=s\x1b>t\x1b" "7u", "qrstu");
}

static void test_split(void **state)
{
	(void)state;
	/* a sequence cut between two reads is removed whole */
	struct esc_strip es;
	char out[64];
	esc_strip_init(&es);
	size_t o = esc_strip(&es, "ab\x1b[3", 5, out);
	o += esc_strip(&es, "8;5;1mcd\x1b]0;t", 14, out + o);
	o += esc_strip(&es, "itle\x1b", 5, out + o);
	o += esc_strip(&es, "\\ef", 3, out + o);
	out[o] = '\0';
	assert_string_equal(out, "abcdef");
	/* in place */
	char buf[] = "\x1b[7mrev\x1b[m";
	esc_strip_init(&es);
	o = esc_strip(&es, buf, strlen(buf), buf);
	assert_int_equal(o, 3);
	assert_memory_equal(buf, "rev", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_csi),
		cmocka_unit_test(test_osc_and_others),
		cmocka_unit_test(test_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
