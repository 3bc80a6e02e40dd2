/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The doubling array (src/base/grow.c): room made only when needed,
 * the first capacity, doubling, contents kept, and sizes that would
 * overflow refused without losing the array. */
#include <stdint.h>
#include <stdlib.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/grow.h"

static void test_first_then_doubling(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	v = grow_array(v, &cap, 1, sizeof *v, 8);
	assert_non_null(v);
	assert_int_equal(cap, 8);
	for (int i = 0; i < 8; i++)
		v[i] = i;
	/* room enough: the same array, the same capacity */
	assert_ptr_equal(grow_array(v, &cap, 8, sizeof *v, 8), v);
	assert_int_equal(cap, 8);
	v = grow_array(v, &cap, 9, sizeof *v, 8);
	assert_non_null(v);
	assert_int_equal(cap, 16);
	/* a big need doubles as often as it takes */
	v = grow_array(v, &cap, 100, sizeof *v, 8);
	assert_non_null(v);
	assert_int_equal(cap, 128);
	for (int i = 0; i < 8; i++)
		assert_int_equal(v[i], i);
	free(v);
}

static void test_first_zero_means_one(void **state)
{
	(void)state;
	char *v = NULL;
	size_t cap = 0;
	v = grow_array(v, &cap, 1, 1, 0);
	assert_non_null(v);
	assert_int_equal(cap, 1);
	v = grow_array(v, &cap, 3, 1, 0);
	assert_non_null(v);
	assert_int_equal(cap, 4);
	free(v);
}

static void test_overflow_keeps_the_array(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	v = grow_array(v, &cap, 4, sizeof *v, 4);
	assert_non_null(v);
	v[3] = 42;
	assert_null(grow_array(v, &cap, SIZE_MAX, sizeof *v, 4));
	assert_null(grow_array(v, &cap, SIZE_MAX / 2 + 2, 1, 4));
	assert_null(grow_array(v, &cap, SIZE_MAX / sizeof *v + 1, sizeof *v, 4));
	assert_int_equal(cap, 4);
	assert_int_equal(v[3], 42);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_then_doubling),
		cmocka_unit_test(test_first_zero_means_one),
		cmocka_unit_test(test_overflow_keeps_the_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
