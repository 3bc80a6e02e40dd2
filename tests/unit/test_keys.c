/* The key table: every key its action, and the help listing exactly
 * those (ui/keys.c). Nothing here calls initscr(). */
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

static void test_keys(void **state)
{
	(void)state;
	static const struct { int key; enum ui_action a; } want[] = {
		{ KEY_F(1), ACT_HELP }, { '?', ACT_HELP }, { 'q', ACT_QUIT }, { KEY_F(10), ACT_QUIT },
		{ '\t', ACT_FOCUS_NEXT }, { KEY_BTAB, ACT_FOCUS_PREV }, { KEY_UP, ACT_UP },
		{ 'k', ACT_UP }, { KEY_DOWN, ACT_DOWN }, { 'j', ACT_DOWN }, { KEY_PPAGE, ACT_PAGE_UP },
		{ KEY_NPAGE, ACT_PAGE_DOWN }, { KEY_HOME, ACT_HOME }, { KEY_END, ACT_END },
		{ 'g', ACT_HOME }, { 'G', ACT_END }, { ' ', ACT_PAUSE }, { '/', ACT_SEARCH },
		{ 'n', ACT_SEARCH_NEXT }, { KEY_F(3), ACT_SEARCH_NEXT }, { 12, ACT_REDRAW },
		{ 2, ACT_PAGE_UP }, { 6, ACT_PAGE_DOWN }, { 27, ACT_CLOSE },
		{ KEY_RESIZE, ACT_RESIZE }, { 'x', ACT_DISMISS }, { 'Z', ACT_NONE }, { KEY_F(12), ACT_NONE },
		/* the tuning keys */
		{ '\r', ACT_ENTER }, { KEY_ENTER, ACT_ENTER }, { 't', ACT_TIMEOUTS },
		{ 'J', ACT_JOURNAL }, { 'a', ACT_ADVICE }, { 'e', ACT_EDIT }, { '+', ACT_STEP_UP },
		{ '=', ACT_STEP_UP }, { '-', ACT_STEP_DOWN }, { 'm', ACT_EDIT_MAX },
		{ 'b', ACT_EDIT_BUCKETS }, { 'u', ACT_UNDO }, { 'U', ACT_UNDO_ALL },
		{ 'p', ACT_PROFILES }, { 'w', ACT_EXPORT }, { '>', ACT_RATE_UP }, { '<', ACT_RATE_DOWN },
		{ 'c', ACT_CHURN }, { 'L', ACT_LIST },
		{ 'N', ACT_NAMESPACES }, { 'r', ACT_NAMES },
		/* the list view's delete (k too, there: ui/modes.c), accounting */
		{ KEY_F(9), ACT_DELETE }, { 'A', ACT_ACCT },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (keys_action(want[i].key) != want[i].a)
			fail_msg("key %d: action %d, expected %d", want[i].key,
				 keys_action(want[i].key), want[i].a);
	/* every action the help lists is reached by a key of the list above */
	assert_true(keys_nhelp() > 10);
	for (unsigned h = 0; h < keys_nhelp(); h++) {
		bool reached = false;
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
			reached |= want[i].a == keys_help(h)->action;
		if (!reached)
			fail_msg("help line '%s' has no working key", keys_help(h)->keys);
	}
	assert_null(keys_help(keys_nhelp()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
