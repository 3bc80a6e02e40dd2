/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sparkline's levels (ui/sparkline.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/sparkline.h"

static void test_spark_level(void **state)
{
	(void)state;
	assert_int_equal(spark_level(-1, 100, 8), 0);
	assert_int_equal(spark_level(0, 100, 8), 1);
	assert_int_equal(spark_level(1, 1000, 8), 1);   /* small is still visible */
	assert_int_equal(spark_level(100, 100, 8), 8);
	assert_int_equal(spark_level(50, 100, 8), 4);
	assert_int_equal(spark_level(51, 100, 8), 5);
	assert_int_equal(spark_level(100, 100, 24), 24);
	assert_int_equal(spark_level(5, 0, 8), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spark_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
