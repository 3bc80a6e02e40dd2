/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The meters' colour levels (ui/meter.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/meter.h"

static void test_meter_level(void **state)
{
	(void)state;
	assert_int_equal(meter_level(0.0, FILL_WARN, FILL_CRIT), UC_OK);
	assert_int_equal(meter_level(0.499, FILL_WARN, FILL_CRIT), UC_OK);
	assert_int_equal(meter_level(0.5, FILL_WARN, FILL_CRIT), UC_WARN);
	assert_int_equal(meter_level(0.799, FILL_WARN, FILL_CRIT), UC_WARN);
	assert_int_equal(meter_level(0.8, FILL_WARN, FILL_CRIT), UC_CRIT);
	assert_int_equal(meter_level(0.66, BUCKETS_WARN, BUCKETS_CRIT), UC_WARN);
	assert_int_equal(meter_level(0.667, BUCKETS_WARN, BUCKETS_CRIT), UC_CRIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meter_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
