/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The demo's rate and counts (src/demo/demo_generator.c), without a
 * namespace or a generator: the shared memory starts at the default
 * rate, the rate steps along its ladder and is clamped, and a demo that
 * never started reports nothing. (The whole demo, with root, is
 * tests/integration/netns_demo.c.) */
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demo/demo.h"
#include "demo/demo_generator.h"

static void test_rate_ladder(void **state)
{
	(void)state;
	struct demo d;
	memset(&d, 0, sizeof d);
	assert_int_equal(demo_shared_map(&d), 0);
	assert_int_equal(demo_rate(&d), DEMO_RATE_DEFAULT);
	assert_int_equal(demo_rate_up(&d), 500);
	assert_int_equal(demo_rate_up(&d), 1000);
	assert_int_equal(demo_rate_up(&d), DEMO_RATE_MAX);
	assert_int_equal(demo_rate_up(&d), DEMO_RATE_MAX);
	assert_int_equal(demo_set_rate(&d, 1000000), DEMO_RATE_MAX);
	/* between two steps: the next one down or up */
	assert_int_equal(demo_set_rate(&d, 150), 150);
	assert_int_equal(demo_rate_down(&d), 100);
	assert_int_equal(demo_set_rate(&d, 150), 150);
	assert_int_equal(demo_rate_up(&d), 200);
	assert_int_equal(demo_set_rate(&d, 10), 10);
	assert_int_equal(demo_rate_down(&d), 0);
	assert_int_equal(demo_rate_down(&d), 0);
	struct demo_counts c;
	demo_counts(&d, &c);
	assert_int_equal(c.tcp + c.udp + c.ping, 0);
	assert_int_equal(c.last_error, 0);
	demo_shared_unmap(&d);
	assert_null(d.shared);
	demo_shared_unmap(&d); /* idempotent */
}

static void test_not_started(void **state)
{
	(void)state;
	struct demo d;
	memset(&d, 0, sizeof d);
	assert_int_equal(demo_rate(&d), 0);
	assert_int_equal(demo_set_rate(&d, 100), 0);
	struct demo_counts c;
	memset(&c, 0xff, sizeof c);
	demo_counts(&d, &c);
	assert_int_equal(c.tcp, 0);
	assert_int_equal(c.last_error, 0);
	demo_generator_stop(&d); /* no generator: nothing to do */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_ladder),
		cmocka_unit_test(test_not_started),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
