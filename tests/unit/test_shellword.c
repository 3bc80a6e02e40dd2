/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shell words and the namespace prefix (src/base/shellword.c): what is
 * printed for a person to copy must be one word whatever the name holds,
 * and a name is never taken for a process. */
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/shellword.h"

static void test_words(void **state)
{
	(void)state;
	char buf[SHELL_WORD_MAX];
	assert_string_equal(shell_word("web-1", buf, sizeof buf), "web-1");
	assert_string_equal(shell_word("my ns", buf, sizeof buf), "'my ns'");
	assert_string_equal(shell_word("it's", buf, sizeof buf), "'it'\\''s'");
	/* a newline inside quotes would split the line as it is read and
	 * copied: $'...' with escapes instead */
	assert_string_equal(shell_word("a\nsysctl -w x=1", buf, sizeof buf), "$'a\\x0asysctl -w x=1'");
	assert_string_equal(shell_word("q'\\\t", buf, sizeof buf), "$'q\\'\\\\\\x09'");
	/* the longest name, all quotes, fits whole */
	char name[256];
	memset(name, '\'', 255);
	name[255] = '\0';
	assert_int_equal(strlen(shell_word(name, buf, sizeof buf)), 2 + 255 * 4);
}

static void test_prefix(void **state)
{
	(void)state;
	char buf[NS_EXEC_PREFIX_MAX];
	assert_string_equal(ns_exec_prefix("", buf, sizeof buf), "");
	assert_string_equal(ns_exec_prefix("pid:42", buf, sizeof buf), "nsenter -t 42 -n ");
	assert_string_equal(ns_exec_prefix("web", buf, sizeof buf), "ip netns exec web ");
	assert_string_equal(ns_exec_prefix("x\ny", buf, sizeof buf), "ip netns exec $'x\\x0ay' ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
