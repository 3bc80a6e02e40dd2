/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dashboard's memory of past snapshots: counter rates, growth, time
 * until full, the sparkline's columns, and the sampler's interval stretch. */
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/history.h"
#include "model/model.h"
#include "collect/sampler.h"

static void near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%s = %.9g, expected %.9g (±%g)", what, got, want, tol);
}

/* A snapshot with a count and the three counters the header shows. */
static void counters_snapshot(struct ct_snapshot *s, uint64_t count, uint64_t drop,
			      uint64_t early, uint64_t failed)
{
	memset(s, 0, sizeof *s);
	s->count = count;
	s->max = 1000;
	s->stat_total[CTA_STATS_DROP] = drop;
	s->stat_total[CTA_STATS_EARLY_DROP] = early;
	s->stat_total[CTA_STATS_INSERT_FAILED] = failed;
	s->stat_present = 1u << CTA_STATS_DROP | 1u << CTA_STATS_EARLY_DROP |
			  1u << CTA_STATS_INSERT_FAILED | 1u << CTA_STATS_FOUND;
}

static void test_counter_rate(void **state)
{
	(void)state;
	near(counter_rate(100, 110, 2.0), 5.0, 1e-12, "10 in 2 s");
	near(counter_rate(100, 100, 2.0), 0.0, 0, "no change");
	near(counter_rate(110, 100, 2.0), 0.0, 0, "went down");
	near(counter_rate(100, 110, 0.0), 0.0, 0, "no time");
	near(counter_rate(0, UINT64_C(1) << 40, 1.0), (double)(UINT64_C(1) << 40), 1, "large");
}

static void test_rates_between_snapshots(void **state)
{
	(void)state;
	struct history h;
	struct ct_snapshot s;
	history_init(&h);
	counters_snapshot(&s, 10, 1000, 50, 7);
	history_add(&h, 100.0, &s);
	/* one snapshot: the rate is not known yet, the total since boot is */
	assert_false(h.rate[HC_DROP].known);
	assert_int_equal(h.rate[HC_DROP].since_boot, 1000);

	counters_snapshot(&s, 10, 1010, 50, 9);
	history_add(&h, 102.0, &s);
	assert_true(h.rate[HC_DROP].known);
	near(h.rate[HC_DROP].per_sec, 5.0, 1e-12, "drop/s");
	assert_true(h.rate[HC_DROP].rising);
	assert_int_equal(h.rate[HC_DROP].since_start, 10);
	near(h.rate[HC_EARLY_DROP].per_sec, 0.0, 0, "early_drop/s");
	assert_false(h.rate[HC_EARLY_DROP].rising);
	assert_int_equal(h.rate[HC_INSERT_FAILED].since_start, 2);

	counters_snapshot(&s, 10, 1010, 60, 9);
	history_add(&h, 104.0, &s);
	assert_false(h.rate[HC_DROP].rising);
	near(h.rate[HC_DROP].per_sec, 0.0, 0, "drop/s after a quiet interval");
	/* since start: 10 drops in 4 s */
	near(h.rate[HC_DROP].per_sec_since_start, 2.5, 1e-12, "drop/s since start");
	assert_true(h.rate[HC_EARLY_DROP].rising);
	assert_int_equal(h.rate[HC_EARLY_DROP].since_start, 10);
}

static void test_counter_going_down(void **state)
{
	(void)state;
	struct history h;
	struct ct_snapshot s;
	history_init(&h);
	counters_snapshot(&s, 0, 500, 0, 0);
	history_add(&h, 0.0, &s);
	/* a CPU went offline: its share left the sum */
	counters_snapshot(&s, 0, 300, 0, 0);
	history_add(&h, 1.0, &s);
	assert_false(h.rate[HC_DROP].rising);
	assert_int_equal(h.rate[HC_DROP].since_start, 0);
	counters_snapshot(&s, 0, 304, 0, 0);
	history_add(&h, 2.0, &s);
	/* counted from the new base, never 500 - 304 wrapped around */
	assert_int_equal(h.rate[HC_DROP].since_start, 4);
	near(h.rate[HC_DROP].per_sec, 4.0, 1e-12, "drop/s after the drop in the sum");
}

static void test_counters_unreadable(void **state)
{
	(void)state;
	struct history h;
	struct ct_snapshot s;
	history_init(&h);
	counters_snapshot(&s, 0, 5, 0, 0);
	history_add(&h, 0.0, &s);
	counters_snapshot(&s, 0, 9, 0, 0);
	s.part_err[CT_PART_STATS] = 1; /* EPERM */
	history_add(&h, 1.0, &s);
	assert_false(h.rate[HC_DROP].known);
	/* and readable again: a rate needs two readable snapshots in a row */
	counters_snapshot(&s, 0, 12, 0, 0);
	history_add(&h, 2.0, &s);
	assert_false(h.rate[HC_DROP].known);
	counters_snapshot(&s, 0, 14, 0, 0);
	history_add(&h, 3.0, &s);
	assert_true(h.rate[HC_DROP].known);
	near(h.rate[HC_DROP].per_sec, 2.0, 1e-12, "drop/s");
}

static void add_count(struct history *h, double t, uint64_t count)
{
	struct ct_snapshot s;
	counters_snapshot(&s, count, 0, 0, 0);
	history_add(h, t, &s);
}

static void test_growth_is_least_squares(void **state)
{
	(void)state;
	struct history h;
	double rate;
	history_init(&h);
	assert_false(history_growth(&h, 30, &rate));
	add_count(&h, 5.0, 1000);
	assert_false(history_growth(&h, 30, &rate)); /* one sample: no slope */
	for (int i = 1; i < 10; i++)
		add_count(&h, 5.0 + 2 * i, 1000 + 100 * (uint64_t)i); /* 50 per second */
	assert_true(history_growth(&h, 30, &rate));
	near(rate, 50.0, 1e-9, "linear growth");

	/* noise around a line: the fit, not the last two samples */
	history_init(&h);
	static const int noise[] = { 3, -2, 4, -5, 1, 0, -3, 2, 5, -4 };
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (int i = 0; i < 10; i++) {
		double y = 2000 + 10.0 * i + noise[i];
		add_count(&h, i, (uint64_t)y);
		sx += i; sy += y; sxx += i * i; sxy += i * y;
	}
	double want = (10 * sxy - sx * sy) / (10 * sxx - sx * sx);
	assert_true(history_growth(&h, 30, &rate));
	near(rate, want, 1e-9, "fitted slope");
}

static void test_growth_window(void **state)
{
	(void)state;
	struct history h;
	double rate;
	history_init(&h);
	/* flat for a minute, then 20 per second for the last 10 s */
	for (int t = 0; t <= 60; t += 2)
		add_count(&h, t, 500);
	for (int t = 62; t <= 70; t += 2)
		add_count(&h, t, 500 + 20 * (uint64_t)(t - 60));
	assert_true(history_growth(&h, 8.0, &rate));
	near(rate, 20.0, 1e-9, "slope of the last 8 s");
	assert_true(history_growth(&h, 1000.0, &rate));
	assert_true(rate > 0 && rate < 20.0);
	/* samples all at one moment have no slope */
	history_init(&h);
	add_count(&h, 1.0, 1);
	add_count(&h, 1.0, 2);
	assert_false(history_growth(&h, 30, &rate));
}

static void test_time_to_full(void **state)
{
	(void)state;
	near(time_to_full(1000, 2000, 100.0), 10.0, 1e-12, "1000 left at 100/s");
	near(time_to_full(262143, 262144, 0.5), 2.0, 1e-12, "one left at 0.5/s");
	assert_true(time_to_full(1000, 2000, 0.0) < 0);
	assert_true(time_to_full(1000, 2000, -5.0) < 0);
	near(time_to_full(2000, 2000, 10.0), 0.0, 0, "full");
	near(time_to_full(2100, 2000, -10.0), 0.0, 0, "over full");
	assert_true(time_to_full(5, 0, 10.0) < 0); /* no max known */
}

static void test_ring_wraps(void **state)
{
	(void)state;
	static struct history h;
	history_init(&h);
	for (unsigned i = 0; i < HISTORY_CAP + 5; i++)
		add_count(&h, i, i);
	assert_int_equal(h.len, HISTORY_CAP);
	assert_int_equal(history_at(&h, 0)->count, HISTORY_CAP + 4);
	assert_int_equal(history_at(&h, HISTORY_CAP - 1)->count, 5);
	assert_null(history_at(&h, HISTORY_CAP));
}

static void test_series_columns(void **state)
{
	(void)state;
	struct history h;
	double out[10];
	history_init(&h);
	for (int t = 0; t < 10; t++)
		add_count(&h, 100.0 + t + 0.5, (uint64_t)t * 3);
	uint64_t peak = history_series(&h, 110.0, 10.0, 10, 2.0, out);
	assert_int_equal(peak, 27);
	for (int c = 0; c < 10; c++)
		near(out[c], c * 3.0, 0, "one sample per column");

	/* two columns per sample: the count holds between samples */
	double wide[20];
	history_series(&h, 110.0, 10.0, 20, 2.0, wide);
	near(wide[0], -1, 0, "the half second before the first sample");
	for (int c = 1; c < 20; c++)
		near(wide[c], (c - 1) / 2 * 3.0, 0, "a sample, or the one before");
	/* columns before the first sample stay empty */
	history_series(&h, 110.0, 20.0, 20, 2.0, wide);
	near(wide[0], -1, 0, "before the first sample");
	near(wide[19], 27, 0, "the newest");
}

static void test_series_gap_stays_empty(void **state)
{
	(void)state;
	struct history h;
	double out[10];
	history_init(&h);
	add_count(&h, 0.5, 40);
	add_count(&h, 9.5, 70); /* paused in between */
	history_series(&h, 10.0, 10.0, 10, 2.0, out);
	near(out[0], 40, 0, "first");
	near(out[9], 70, 0, "last");
	for (int c = 1; c < 9; c++)
		near(out[c], -1, 0, "inside a gap longer than max_gap");
	history_series(&h, 10.0, 10.0, 10, 20.0, out);
	for (int c = 1; c < 9; c++)
		near(out[c], 40, 0, "inside a gap shorter than max_gap");
}

static void test_stretch(void **state)
{
	(void)state;
	assert_int_equal(sampler_stretch(2000, 300.0), 2000);
	assert_int_equal(sampler_stretch(2000, 1000.0), 2000); /* exactly half */
	assert_int_equal(sampler_stretch(2000, 1300.0), 2600);
	assert_int_equal(sampler_stretch(100, 900.4), 1801);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_rate),
		cmocka_unit_test(test_rates_between_snapshots),
		cmocka_unit_test(test_counter_going_down),
		cmocka_unit_test(test_counters_unreadable),
		cmocka_unit_test(test_growth_is_least_squares),
		cmocka_unit_test(test_growth_window),
		cmocka_unit_test(test_time_to_full),
		cmocka_unit_test(test_ring_wraps),
		cmocka_unit_test(test_series_columns),
		cmocka_unit_test(test_series_gap_stays_empty),
		cmocka_unit_test(test_stretch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
