/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rates from cumulative samples, and --source auto's weighing of events
 * against dumps. */
#include <math.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/rates.h"

static void push(struct rate_ring *r, double t, uint64_t created, uint64_t destroyed,
		 uint64_t count, bool known)
{
	struct rate_sample s = { .t = t, .created = created, .destroyed = destroyed, .count = count,
				 .created_known = known };
	rates_push(r, &s);
}

static void test_rates_from_events(void **state)
{
	(void)state;
	struct rate_ring r;
	rates_reset(&r);
	struct ct_rates out;
	push(&r, 100.0, 0, 0, 1000, true);
	rates_compute(&r, 10.0, 1000, 5000, &out);
	assert_false(out.valid); /* one sample says nothing */
	/* 1,000 new and 600 destroyed a second for 20 s */
	for (int i = 1; i <= 20; i++)
		push(&r, 100.0 + i, 1000u * i, 600u * i, 1000u + 400u * i, true);
	rates_compute(&r, 10.0, 9000, 13000, &out);
	assert_true(out.valid && out.new_known);
	assert_true(fabs(out.window_s - 10.0) < 1e-9);
	assert_true(fabs(out.new_per_s - 1000) < 1e-6);
	assert_true(fabs(out.destroy_per_s - 600) < 1e-6);
	assert_true(fabs(out.growth_per_s - 400) < 1e-6);
	assert_true(fabs(out.seconds_to_full - 10.0) < 1e-6); /* 4,000 left at 400/s */
	/* window 0: since the oldest sample */
	rates_compute(&r, 0, 9000, 13000, &out);
	assert_true(fabs(out.window_s - 20.0) < 1e-9);
}

static void test_rates_growth_only(void **state)
{
	(void)state;
	struct rate_ring r;
	rates_reset(&r);
	struct ct_rates out;
	/* dump mode on a kernel whose insert counter stays 0: only the
	 * count moves, and it shrinks */
	push(&r, 0.0, 0, 0, 5000, false);
	push(&r, 5.0, 0, 0, 4000, false);
	rates_compute(&r, 10.0, 4000, 8000, &out);
	assert_true(out.valid);
	assert_false(out.new_known);
	assert_true(fabs(out.growth_per_s + 200) < 1e-6);
	assert_true(out.seconds_to_full < 0);
}

/* The one "full in": whole seconds rounded up, -1 when not filling. */
static void test_full_in(void **state)
{
	(void)state;
	struct ct_rates r = { .valid = true, .growth_per_s = 400, .seconds_to_full = 10.0 };
	assert_int_equal(rates_full_in_s(&r), 10);
	r.seconds_to_full = 10.01;
	assert_int_equal(rates_full_in_s(&r), 11);
	r.seconds_to_full = 0;
	assert_int_equal(rates_full_in_s(&r), 0);
	/* steady: growing by less than RATES_STEADY a second is not filling */
	r.growth_per_s = RATES_STEADY / 2;
	r.seconds_to_full = 1e6;
	assert_int_equal(rates_full_in_s(&r), -1);
	r.growth_per_s = -3;
	r.seconds_to_full = -1;
	assert_int_equal(rates_full_in_s(&r), -1);
	r = (struct ct_rates){ .valid = false, .growth_per_s = 400, .seconds_to_full = 10 };
	assert_int_equal(rates_full_in_s(&r), -1);
	assert_int_equal(rates_full_in_s(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_in),
		cmocka_unit_test(test_rates_from_events),
		cmocka_unit_test(test_rates_growth_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
