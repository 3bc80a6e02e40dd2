/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A list the keys move in: navigation, search, the selection following
 * its row (ui/panel.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/keys.h"
#include "ui/panel.h"

static const char *const fruit[] = {
	"apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew",
	"kiwi", "lemon",
};

static const char *fruit_name(void *ctx, int row, char *buf, size_t n)
{
	(void)ctx;
	(void)buf;
	(void)n;
	return fruit[row];
}

static void test_panel_navigation(void **state)
{
	(void)state;
	struct panel p;
	panel_init(&p, fruit_name, NULL);
	panel_set_rows(&p, 10);
	panel_set_height(&p, 4);
	assert_int_equal(p.sel, 0);
	assert_true(panel_navigate(&p, ACT_UP));
	assert_int_equal(p.sel, 0); /* clamped at the top */
	panel_navigate(&p, ACT_DOWN);
	panel_navigate(&p, ACT_DOWN);
	panel_navigate(&p, ACT_DOWN);
	assert_int_equal(p.sel, 3);
	assert_int_equal(p.top, 0);
	panel_navigate(&p, ACT_DOWN);
	assert_int_equal(p.sel, 4);
	assert_int_equal(p.top, 1); /* scrolled just enough */
	panel_navigate(&p, ACT_PAGE_DOWN);
	assert_int_equal(p.sel, 7);
	panel_navigate(&p, ACT_PAGE_DOWN);
	assert_int_equal(p.sel, 9);
	assert_int_equal(p.top, 6);
	panel_navigate(&p, ACT_HOME);
	assert_int_equal(p.sel, 0);
	assert_int_equal(p.top, 0);
	panel_navigate(&p, ACT_END);
	assert_int_equal(p.sel, 9);
	panel_navigate(&p, ACT_PAGE_UP);
	assert_int_equal(p.sel, 6);
	assert_false(panel_navigate(&p, ACT_PAUSE));

	/* the list shrinks under the selection */
	panel_set_rows(&p, 3);
	assert_int_equal(p.sel, 2);
	assert_int_equal(p.top, 0);
	panel_set_rows(&p, 0);
	assert_int_equal(p.sel, 0);
	assert_true(panel_navigate(&p, ACT_DOWN));
	assert_int_equal(p.sel, 0);
	/* taller than the list: nothing hidden above */
	panel_set_rows(&p, 10);
	panel_select(&p, 9);
	panel_set_height(&p, 20);
	assert_int_equal(p.top, 0);
}

static void test_panel_find_and_follow(void **state)
{
	(void)state;
	struct panel p;
	panel_init(&p, fruit_name, NULL);
	panel_set_rows(&p, 10);
	assert_int_equal(panel_find(&p, "an", 0), 1);        /* banana */
	assert_int_equal(panel_find(&p, "AN", 0), 1);        /* any case */
	assert_int_equal(panel_find(&p, "e", 5), 6);         /* grape, from fig on */
	assert_int_equal(panel_find(&p, "apple", 3), 0);     /* wraps around */
	assert_int_equal(panel_find(&p, "mango", 0), -1);
	assert_int_equal(panel_find(&p, "", 0), -1);
	assert_int_equal(panel_find(&p, "kiwi", 99), 8);     /* bad start: from 0 */
	assert_true(panel_follow(&p, "lemon"));
	assert_int_equal(p.sel, 9);
	assert_false(panel_follow(&p, "lemo"));              /* exact names only */
	assert_int_equal(p.sel, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panel_navigation),
		cmocka_unit_test(test_panel_find_and_follow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
