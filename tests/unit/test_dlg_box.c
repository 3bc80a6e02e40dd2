/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The confirmation box: its lines, wrapping, commands, keys
 * (ui/dlg_box.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/dlg_box.h"
#include "ui/keys.h"

static void test_dlg_box(void **state)
{
	(void)state;
	struct dialog d;
	dialog_open(&d, "Change nf_conntrack_tcp_timeout_time_wait?", false);
	dialog_add(&d, "%s: %d -> %d", "time_wait", 120, 10);
	dialog_add(&d, "sysctl -w net.netfilter.nf_conntrack_tcp_timeout_time_wait=10");
	assert_int_equal(d.n, 2);
	assert_string_equal(d.lines[0], "time_wait: 120 -> 10");
	assert_int_equal(dialog_key(&d, 'y'), DIALOG_YES);
	assert_int_equal(dialog_key(&d, 'Y'), DIALOG_YES);
	assert_int_equal(dialog_key(&d, 'n'), DIALOG_NO);
	assert_int_equal(dialog_key(&d, 27), DIALOG_NO);
	assert_int_equal(dialog_key(&d, '\r'), DIALOG_OPEN); /* Enter is no answer */
	assert_int_equal(dialog_key(&d, 'q'), DIALOG_OPEN);

	/* centred, wide enough for the longest line, never off screen */
	struct rect r = dialog_rect(&d, 24, 80);
	assert_int_equal(r.w, (int)strlen(d.lines[1]) + 4);
	assert_int_equal(r.h, 2 + 4);
	assert_int_equal(r.x, (80 - r.w) / 2);
	assert_int_equal(r.y, (24 - r.h) / 2);
	r = dialog_rect(&d, 5, 30);
	assert_true(r.x >= 0 && r.y >= 0 && r.w <= 30 && r.h <= 5);

	/* too many lines: the last one says so */
	for (int i = 0; i < DIALOG_LINES + 16; i++)
		dialog_add(&d, "line %d", i);
	assert_int_equal(d.n, DIALOG_LINES);
	assert_string_equal(d.lines[DIALOG_LINES - 1], "(more not shown)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dlg_box),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
