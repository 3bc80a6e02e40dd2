/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TABLE FULL line: when it shows, its words, and x. */
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/banner.h"

static void test_banner(void **state)
{
	(void)state;
	struct banner b;
	char text[256];
	banner_init(&b);
	struct advice_rates r = { 0 };
	assert_int_equal(banner_state(&b, NULL), BANNER_NONE);
	assert_int_equal(banner_state(&b, &r), BANNER_NONE);
	assert_false(banner_dismiss(&b, &r));
	/* dropping: the words, the count since it began, the rate */
	r = (struct advice_rates){ .known = true, .seconds = 2, .dropping_since = 1e9,
				   .last_drop_at = 1e9 + 60, .newest_at = 1e9 + 60,
				   .run_drops = 1204, .run_rate = 37 };
	r.rose[AC_DROP] = 74;
	assert_int_equal(banner_state(&b, &r), BANNER_DROPPING);
	banner_text(&r, BANNER_DROPPING, text, sizeof text);
	assert_non_null(strstr(text, "TABLE FULL: dropping packets since "));
	assert_non_null(strstr(text, ", 1,204 drops, 37/s"));
	assert_false(banner_dismiss(&b, &r));   /* not while it drops */
	/* a quiet refresh inside the run: still red */
	r.rose[AC_DROP] = 0;
	r.newest_at = r.last_drop_at + ADVICE_RUN_GAP - 1;
	assert_int_equal(banner_state(&b, &r), BANNER_DROPPING);
	assert_false(banner_dismiss(&b, &r));
	/* stopped: stays until x, with the time of the last drop */
	r.newest_at = r.last_drop_at + ADVICE_RUN_GAP;
	assert_int_equal(banner_state(&b, &r), BANNER_STOPPED);
	banner_text(&r, BANNER_STOPPED, text, sizeof text);
	assert_non_null(strstr(text, "TABLE FULL until "));
	assert_non_null(strstr(text, "none since (x dismisses)"));
	assert_true(banner_dismiss(&b, &r));
	assert_int_equal(banner_state(&b, &r), BANNER_NONE);
	/* new drops bring it back */
	r.rose[AC_EARLY_DROP] = 3;
	r.last_drop_at += 100;
	r.newest_at = r.last_drop_at;
	r.run_early_drops = 3;
	assert_int_equal(banner_state(&b, &r), BANNER_DROPPING);
	banner_text(&r, BANNER_DROPPING, text, sizeof text);
	assert_non_null(strstr(text, ", 3 entries evicted"));
}

/* The line under the banner: the first item's action and effect with its
 * key, or why it cannot be done here and no key. */
static void test_relief_line(void **state)
{
	(void)state;
	struct advice a;
	memset(&a, 0, sizeof a);
	snprintf(a.summary, sizeof a.summary, "delete 261,630 TIME_WAIT entries: fill 100%% -> 14%%");
	char buf[400];
	assert_string_equal(banner_relief_text(&a, NULL, buf, sizeof buf),
			    "Frees room now: delete 261,630 TIME_WAIT entries: fill 100% -> 14%   a Enter");
	banner_relief_text(&a, "read-only mode (--read-only): ctdash changes nothing", buf, sizeof buf);
	assert_null(strstr(buf, "a Enter"));
	assert_non_null(strstr(buf, "Not from here: read-only mode"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_banner),
		cmocka_unit_test(test_relief_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
