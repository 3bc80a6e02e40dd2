/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sampling under heavy churn (issue 21): when auto samples, how often it
 * listens, how it scales what it saw, and how often it dumps. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/cost.h"
#include "model/sampling.h"

static void assert_close(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("%.15g, expected %.15g", got, want);
}

static void test_choose_full_below_mark(void **state)
{
	(void)state;
	assert_int_equal(sampling_choose(0.0, 0, 1), 1);
	assert_int_equal(sampling_choose(SAMPLING_ABOVE, 0, 1), 1);
	assert_int_equal(sampling_choose(NAN, 0, 1), 1);
	/* 1k new/s: 2k messages at 7 us = 1.4% of a core, every event kept */
	assert_int_equal(sampling_choose(sampling_full_share(1000, 2, 7), 0, 1), 1);
}

static void test_choose_steps(void **state)
{
	(void)state;
	/* just over the mark: half the time is enough for 2% */
	assert_int_equal(sampling_choose(SAMPLING_ABOVE + 1e-9, 0, 1), 5);
	assert_int_equal(sampling_choose(0.06, 0, 1), 5);   /* 0.03 at 2, 0.012 at 5 */
	assert_int_equal(sampling_choose(0.19, 0, 1), 10);  /* 0.019 at 10 */
	assert_int_equal(sampling_choose(0.21, 0, 1), 20);
	/* 50k new/s: 100k messages at 7 us = 0.7 of a core: 1 in 50 */
	assert_int_equal(sampling_choose(sampling_full_share(50000, 2, 7), 0, 1), 50);
	/* far beyond: the sparsest step, not zero */
	assert_int_equal(sampling_choose(100.0, 0, 1), 50);
	/* 10k new/s: 0.14 of a core, 1 in 10 */
	assert_int_equal(sampling_choose(sampling_full_share(10000, 2, 7), 0, 1), 10);
}

static void test_choose_hysteresis(void **state)
{
	(void)state;
	/* sampling already: stays below the upper mark until the lower one */
	assert_int_equal(sampling_choose(0.04, 0, 10), 2);
	assert_int_equal(sampling_choose(SAMPLING_BELOW + 0.001, 0, 10), 2);
	assert_int_equal(sampling_choose(SAMPLING_BELOW, 0, 10), 1);
	/* while full events go on up to the upper one */
	assert_int_equal(sampling_choose(0.04, 0, 1), 1);
}

static void test_choose_held(void **state)
{
	(void)state;
	double calm = 0;
	/* every event: no hold either way */
	assert_int_equal(sampling_choose_held(0.01, 0, 1, &calm, 100.0), 1);
	assert_true(calm == 0);
	assert_int_equal(sampling_choose_held(0.7, 0, 1, &calm, 101.0), 50);
	assert_true(calm == 0);
	/* sampling, the flood pauses: k kept until the calm has lasted */
	assert_int_equal(sampling_choose_held(0.001, 0, 50, &calm, 102.0), 50);
	assert_true(calm == 102.0);
	assert_int_equal(sampling_choose_held(0.001, 0, 50, &calm, 102.0 + SAMPLING_CALM_S - 0.5), 50);
	/* the flood back before: the calm starts again */
	assert_int_equal(sampling_choose_held(0.7, 0, 50, &calm, 112.0), 50);
	assert_true(calm == 0);
	assert_int_equal(sampling_choose_held(0.0, 0, 50, &calm, 113.0), 50);
	assert_int_equal(sampling_choose_held(0.0, 0, 50, &calm, 113.0 + SAMPLING_CALM_S), 1);
	/* a lower k while still over the mark needs no calm */
	calm = 0;
	assert_int_equal(sampling_choose_held(0.06, 0, 50, &calm, 200.0), 5);
	assert_true(calm == 0);
}

static void test_choose_return_weighs_dump(void **state)
{
	(void)state;
	/* a dump of 1,000,000 entries, 1.2 s of CPU: 2% of a core over the
	 * minute the return spreads it */
	double ret = sampling_return_share(1200);
	assert_close(ret, 1.2 / SAMPLING_RETURN_SPREAD_S);
	assert_close(sampling_return_share(0), 0);
	assert_close(sampling_return_share(NAN), 0);
	/* 1M at 10k new/s after a flood: every event would cost 2.0% (under
	 * the lower mark on its own), the dump 2% more: it stays sampled */
	assert_int_equal(sampling_choose(0.02, ret, 10), 2);
	/* 250k (0.3 s a dump: 0.5%): the same events go back to all */
	assert_int_equal(sampling_choose(0.02, sampling_return_share(300), 10), 1);
	/* 1M at 1k new/s: 0.4% of a core, with the dump under the mark */
	assert_int_equal(sampling_choose(0.004, ret, 10), 1);
	/* not sampled, no return to pay: the dump is not weighed */
	assert_int_equal(sampling_choose(0.04, ret, 1), 1);
	/* the k still from the events alone */
	assert_int_equal(sampling_choose(0.19, ret, 10), 10);
	/* held: the calm counts only once the dump is paid too */
	double calm = 0;
	assert_int_equal(sampling_choose_held(0.02, ret, 10, &calm, 50.0), 2);
	assert_true(calm == 0);
	assert_int_equal(sampling_choose_held(0.004, ret, 10, &calm, 51.0), 10);
	assert_true(calm == 51.0);
	assert_int_equal(sampling_choose_held(0.004, ret, 10, &calm, 51.0 + SAMPLING_CALM_S), 1);
}

static void test_pace(void **state)
{
	(void)state;
	/* 40 ms of CPU at 4% of a core is owed 1 s of wall time */
	assert_close(sampling_pace_sleep_ms(40, 0, 0.04), 1000);
	assert_close(sampling_pace_sleep_ms(40, 600, 0.04), 400);
	/* under the pace, or no pace: no wait */
	assert_close(sampling_pace_sleep_ms(40, 1000, 0.04), 0);
	assert_close(sampling_pace_sleep_ms(40, 5000, 0.04), 0);
	assert_close(sampling_pace_sleep_ms(40, 0, 0), 0);
	assert_close(sampling_pace_sleep_ms(0, 0, 0.04), 0);
	assert_close(sampling_pace_sleep_ms(NAN, 0, 0.04), 0);
	/* a dump of 1.2 s of CPU paced so takes 30 s: the dump period while
	 * sampled (40 s) holds it */
	assert_close(sampling_pace_sleep_ms(1200, 0, SAMPLING_DUMP_PACE), 1200 / SAMPLING_DUMP_PACE);
	assert_true(1.2 / SAMPLING_DUMP_PACE < sampling_dump_period_s(1200, 1000));
}

static void test_full_share(void **state)
{
	(void)state;
	assert_close(sampling_full_share(50000, 2, 7), 0.7);
	/* TCP's six messages a connection */
	assert_close(sampling_full_share(1000, 6, 5), 0.03);
	/* the mix unknown: NEW and DESTROY */
	assert_close(sampling_full_share(1000, 0, 5), 1000 * SAMPLING_MSGS_PER_NEW * 5 / 1e6);
	assert_close(sampling_full_share(1000, NAN, 5), 1000 * SAMPLING_MSGS_PER_NEW * 5 / 1e6);
}

static void test_dump_period(void **state)
{
	(void)state;
	/* 300 ms a dump (250k entries): every 10 s is 3% of a core */
	assert_close(sampling_dump_period_s(300, 1000), 10.0);
	/* 1.5 s (1M): every 50 s */
	assert_close(sampling_dump_period_s(1500, 1000), 50.0);
	/* a small table: no more often than the refresh */
	assert_close(sampling_dump_period_s(1, 1000), 1.0);
	assert_close(sampling_dump_period_s(1, 2000), 2.0);
	assert_close(sampling_dump_period_s(0, 1000), 1.0);
	/* a huge one: still some states, every five minutes */
	assert_close(sampling_dump_period_s(60000, 1000), SAMPLING_DUMP_MAX_S);
	/* the cost stays in budget wherever the period is not clamped */
	double p = sampling_dump_period_s(800, 1000);
	assert_close(0.8 / p, SAMPLING_DUMP_SHARE);
}

static void test_window(void **state)
{
	(void)state;
	/* 1 in 10: open the first 100 ms of each second */
	assert_true(sampling_window_open(0.0, 10));
	assert_true(sampling_window_open(0.099, 10));
	assert_false(sampling_window_open(0.1, 10));
	assert_false(sampling_window_open(0.999, 10));
	assert_true(sampling_window_open(5.05, 10));
	assert_false(sampling_window_open(5.5, 10));
	/* full: always open */
	assert_true(sampling_window_open(0.7, 1));
	assert_close(sampling_next_toggle_s(0.0, 10), 0.1);
	assert_close(sampling_next_toggle_s(0.04, 10), 0.06);
	assert_close(sampling_next_toggle_s(0.1, 10), 0.9);
	assert_close(sampling_next_toggle_s(3.75, 10), 0.25);
	assert_close(sampling_next_toggle_s(0.0, 50), 0.02);
}

static void test_duty_fraction(void **state)
{
	(void)state;
	/* walking a minute in 1 ms steps, the window is open 1/k of it */
	unsigned ks[] = { 2, 5, 10, 20, 50 };
	for (unsigned i = 0; i < sizeof ks / sizeof ks[0]; i++) {
		unsigned open = 0, steps = 60000;
		for (unsigned t = 0; t < steps; t++)
			open += sampling_window_open(t / 1000.0 + 0.0005, ks[i]);
		assert_close((double)open / steps, 1.0 / ks[i]);
	}
}

static void test_scale(void **state)
{
	(void)state;
	/* 50k new/s seen 1 in 50: 1,000 a second seen, 50,000 shown */
	assert_close(sampling_scale(1000, 50), 50000);
	assert_close(sampling_scale(7, 1), 7);
	assert_close(sampling_scale(7, 0), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choose_full_below_mark),
		cmocka_unit_test(test_choose_steps),
		cmocka_unit_test(test_choose_hysteresis),
		cmocka_unit_test(test_choose_held),
		cmocka_unit_test(test_choose_return_weighs_dump),
		cmocka_unit_test(test_pace),
		cmocka_unit_test(test_full_share),
		cmocka_unit_test(test_dump_period),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_duty_fraction),
		cmocka_unit_test(test_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
