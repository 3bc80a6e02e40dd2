/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Naming namespaces (src/collect/netns.c): names that could leave
 * /run/netns are refused before anything is opened, and ctdash's own
 * namespace is recognised as current. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/netns.h"

static void test_names_refused(void **state)
{
	(void)state;
	assert_int_equal(netns_enter_name(""), -EINVAL);
	assert_int_equal(netns_enter_name("."), -EINVAL);
	assert_int_equal(netns_enter_name(".."), -EINVAL);
	assert_int_equal(netns_enter_name("../../proc/1/ns/net"), -EINVAL);
	assert_int_equal(netns_enter_name("a/b"), -EINVAL);
	assert_int_equal(netns_enter_name("ctdash-test-no-such-namespace-here"), -ENOENT);
	/* names ctdash cannot write safely, or would take for a pid */
	assert_int_equal(netns_enter_name("a\nb"), -EINVAL);
	assert_int_equal(netns_enter_name("tab\there"), -EINVAL);
	assert_int_equal(netns_enter_name("pid:1"), -EINVAL);
	assert_non_null(netns_name_problem("pid:1"));
	assert_non_null(netns_name_problem("x\ny"));
	char longest[NAME_MAX + 2];
	memset(longest, 'n', NAME_MAX + 1);
	longest[NAME_MAX + 1] = '\0';
	assert_non_null(netns_name_problem(longest));
	longest[NAME_MAX] = '\0';
	assert_null(netns_name_problem(longest));
	assert_null(netns_name_problem("caf\xc3\xa9 \xff"));
	assert_int_equal(netns_enter_pid(0), -EINVAL);
	assert_int_equal(netns_enter_pid(-1), -EINVAL);
}

static void test_label_is_current(void **state)
{
	(void)state;
	assert_int_equal(netns_label_is_current(""), 1);
	assert_int_equal(netns_label_is_current(NULL), 1);
	char self[32];
	snprintf(self, sizeof self, "pid:%d", (int)getpid());
	assert_int_equal(netns_label_is_current(self), 1);
	assert_int_equal(netns_label_is_current("ctdash-test-no-such-namespace-here"), 0);
	assert_int_equal(netns_label_is_current("pid:2147483647"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_refused),
		cmocka_unit_test(test_label_is_current),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
