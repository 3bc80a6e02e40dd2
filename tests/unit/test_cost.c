/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --source auto's weighing: each way's share of a core, and dumps chosen
 * only when they cost under half what events do. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/cost.h"

static void assert_close(double got, double want)
{
	double d = got - want;
	if (d < 0)
		d = -d;
	if (d > 1e-12)
		fail_msg("%.15g, expected %.15g", got, want);
}

static void test_dump_share(void **state)
{
	(void)state;
	assert_close(cost_dump_share(50.0, 1000), 0.05);
	assert_close(cost_dump_share(2.0, 2000), 0.001);
	assert_close(cost_dump_share(0.0, 1000), 0.0);
	/* no interval (one-shot): no share, not a division by zero */
	assert_close(cost_dump_share(50.0, 0), 0.0);
}

static void test_event_us(void **state)
{
	(void)state;
	/* 2,000 messages in 8 ms: 4 us of ctdash's own, plus the kernel's */
	assert_close(cost_event_us(8.0, 2000, 0), 4.0 + COST_EVENT_KERNEL_US);
	assert_close(cost_event_us(100.0, 10000, 0), 10.0 + COST_EVENT_KERNEL_US);
	/* too few messages timed: the measured default, not the noise */
	assert_close(cost_event_us(50.0, COST_MIN_SAMPLE - 1, 0), COST_EVENT_OWN_US + COST_EVENT_KERNEL_US);
	assert_close(cost_event_us(0.0, 0, 0), COST_EVENT_OWN_US + COST_EVENT_KERNEL_US);
	/* the kernel's part measured (model/kshare.h) replaces the fixed one */
	assert_close(cost_event_us(8.0, 2000, 3.5), 4.0 + 3.5);
	assert_close(cost_event_us(8.0, 2000, NAN), 4.0 + COST_EVENT_KERNEL_US);
	assert_close(cost_event_us(8.0, 2000, -1), 4.0 + COST_EVENT_KERNEL_US);
	assert_close(cost_event_own_us(8.0, 2000), 4.0);
}

static void test_events_share(void **state)
{
	(void)state;
	/* 10 us an event: 10,000 events/s is a tenth of a core */
	assert_close(cost_events_share(10000.0, 10.0), 0.1);
	assert_close(cost_events_share(100000.0, 10.0), 1.0);
	assert_close(cost_events_share(0.0, 10.0), 0.0);
	assert_close(cost_events_share(50000.0, 7.0), 0.35);
}

static void test_dumps_cheaper(void **state)
{
	(void)state;
	/* events: 10,000/s at 10 us = 0.1 of a core; half of it is 0.05 */
	assert_true(cost_dumps_cheaper(49.0, 1000, 10000.0, 10.0));   /* 0.049 */
	assert_false(cost_dumps_cheaper(50.0, 1000, 10000.0, 10.0));  /* 0.05: not under half */
	assert_false(cost_dumps_cheaper(80.0, 1000, 10000.0, 10.0));  /* 0.08: cheaper, but not by half */
	assert_false(cost_dumps_cheaper(500.0, 1000, 10000.0, 10.0));
	/* a slower refresh makes the same dump cheaper */
	assert_true(cost_dumps_cheaper(80.0, 2000, 10000.0, 10.0));   /* 0.04 */
	/* dearer events make the same dump cheaper, cheaper ones dearer */
	assert_true(cost_dumps_cheaper(80.0, 1000, 10000.0, 20.0));   /* 0.08 < 0.1 */
	assert_false(cost_dumps_cheaper(40.0, 1000, 10000.0, 6.0));   /* 0.04 > 0.03 */
	/* no events at all: a dump never wins */
	assert_false(cost_dumps_cheaper(0.001, 1000, 0.0, 10.0));
	assert_false(cost_dumps_cheaper(0.0, 1000, 0.0, 10.0));
	/* one-shot report: never dumps-instead-of-events */
	assert_false(cost_dumps_cheaper(0.0, 0, 1e9, 10.0));
}

/* The cases auto meets, with the figures measured on this VM. */
static void test_realistic(void **state)
{
	(void)state;
	double us = COST_EVENT_OWN_US + COST_EVENT_KERNEL_US;
	/* a 2,000-entry table dumps in about 3 ms: at 50k events a second
	 * (a third of a core) dumps are cheaper */
	assert_true(cost_dumps_cheaper(3.0, 1000, 50000, us));
	/* a million entries, 1.5 s of CPU a dump, 1 s refresh: events */
	assert_false(cost_dumps_cheaper(1500.0, 1000, 50000, us));
	assert_false(cost_dumps_cheaper(1500.0, 1000, 1000, us));
	assert_true(cost_dump_share(100.0, 1000) >= COST_DUMP_BACK_TO_EVENTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_share),
		cmocka_unit_test(test_event_us),
		cmocka_unit_test(test_events_share),
		cmocka_unit_test(test_dumps_cheaper),
		cmocka_unit_test(test_realistic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
