/* SPDX-License-Identifier: GPL-2.0-or-later */
/* printf into a fixed buffer (src/base/bufprintf.c): cut to fit and
 * always terminated; sentences appended after one space. */
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/bufprintf.h"

static void test_printf_cuts(void **state)
{
	(void)state;
	char buf[8];
	assert_ptr_equal(buf_printf(buf, sizeof buf, "%d %s", 42, "go"), buf);
	assert_string_equal(buf, "42 go");
	buf_printf(buf, sizeof buf, "%s", "a longer sentence");
	assert_string_equal(buf, "a longe");
	/* no room at all: nothing written, not even the terminator */
	buf[0] = 'x';
	buf_printf(buf, 0, "%s", "y");
	assert_int_equal(buf[0], 'x');
}

static void test_append(void **state)
{
	(void)state;
	char buf[24] = "";
	buf_appendf(buf, sizeof buf, "One.");
	assert_string_equal(buf, "One.");
	buf_appendf(buf, sizeof buf, "Two %d.", 2);
	assert_string_equal(buf, "One. Two 2.");
	buf_appendf(buf, sizeof buf, "Three is long.");
	assert_string_equal(buf, "One. Two 2. Three is lo");
	/* full: left as it is */
	buf_appendf(buf, sizeof buf, "Four.");
	assert_string_equal(buf, "One. Two 2. Three is lo");
	/* room for the space only: nothing appended */
	char small[6] = "abcd";
	buf_appendf(small, sizeof small, "e");
	assert_string_equal(small, "abcd");
	char fits[7] = "abcd";
	buf_appendf(fits, sizeof fits, "ef");
	assert_string_equal(fits, "abcd e");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_cuts),
		cmocka_unit_test(test_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
