/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one-line text input: typing, Backspace, ^U, Enter, Escape
 * (ui/input.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/input.h"
#include "ui/keys.h"

static void test_input(void **state)
{
	(void)state;
	struct input in;
	input_open(&in, "/");
	const char *typed = "TIME_w";
	for (const char *c = typed; *c; c++)
		assert_int_equal(input_key(&in, *c), INPUT_EDITING);
	assert_string_equal(in.text, "TIME_w");
	input_key(&in, KEY_BACKSPACE);
	input_key(&in, 127);
	assert_string_equal(in.text, "TIME");
	input_set_error(&in, "no match");
	input_key(&in, KEY_LEFT); /* ignored, but clears the error */
	assert_string_equal(in.error, "");
	assert_string_equal(in.text, "TIME");
	input_key(&in, 21); /* ^U */
	assert_string_equal(in.text, "");
	input_key(&in, KEY_BACKSPACE); /* on empty: nothing */
	assert_int_equal(in.len, 0);
	assert_int_equal(input_key(&in, '\r'), INPUT_ACCEPT);
	assert_int_equal(input_key(&in, KEY_ENTER), INPUT_ACCEPT);
	assert_int_equal(input_key(&in, 27), INPUT_CANCEL);
	/* past its bound a key is refused with a reason, never dropped silently */
	for (int i = 0; i < 500; i++)
		input_key(&in, 'x');
	assert_int_equal(in.len, INPUT_DEFAULT_LEN);
	assert_string_equal(in.error, "at most 255 characters here");
	/* a whole filter's bound, and never past the buffer */
	input_set_max(&in, INPUT_MAX + 100);
	assert_int_equal(in.max, INPUT_MAX - 1);
	for (int i = 0; i < 2 * INPUT_MAX; i++)
		input_key(&in, 'x');
	assert_int_equal(in.len, INPUT_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
