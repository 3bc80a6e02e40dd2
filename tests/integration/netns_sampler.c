/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sampler thread, run by sampler.sh inside a namespace it made and
 * filled with SAMPLER_ENTRIES flows (root): it publishes at once and then
 * every interval, with the table that namespace holds, hands snapshots
 * over without blocking, stops refreshing while paused, and stops
 * promptly. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/parse.h"
#include "collect/sampler.h"

#define INTERVAL_MS 100

/* Wait up to ms for a snapshot to be ready. */
static bool ready_within(struct sampler *smp, int ms)
{
	struct pollfd p = { .fd = sampler_fd(smp), .events = POLLIN };
	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static void test_publishes_every_interval(void **state)
{
	(void)state;
	struct sampler_config cfg = { .top_n = 5, .interval_ms = INTERVAL_MS, .netns_label = "" };
	struct sampler *smp = sampler_start(&cfg);
	assert_non_null(smp);
	const struct ct_snapshot *s = NULL;
	struct sampler_info first, second;

	assert_true(ready_within(smp, 5000));
	assert_true(sampler_take(smp, &s, &first));
	assert_non_null(s);
	assert_int_equal(first.seq, 1);
	assert_int_equal(first.ret, 0);
	assert_true(first.wall_ms >= 0 && first.cpu_ms >= 0);
	assert_true(s->max > 0); /* the sysctls were read */
	/* the namespace's own table, as sampler.sh filled it */
	const char *want = getenv("SAMPLER_ENTRIES");
	if (want) {
		uint64_t n;
		assert_true(parse_uint(want, UINT64_MAX, &n));
		assert_true(s->count >= n);
		assert_true(s->tally.entries >= n);
	}
	const struct ct_snapshot *held = s;

	assert_true(ready_within(smp, 5000));
	assert_true(sampler_take(smp, &s, &second));
	assert_int_equal(second.seq, 2);
	/* the next collection starts one interval after the previous one */
	assert_true((second.started - first.started) * 1e3 >= INTERVAL_MS - 1);
	/* the reader gets another buffer than the one it held */
	assert_ptr_not_equal(held, s);

	struct sampler_status st;
	sampler_get_status(smp, &st);
	assert_true(st.refreshes >= 2);
	assert_int_equal(st.interval_ms, INTERVAL_MS);
	assert_true(st.effective_ms >= INTERVAL_MS);
	sampler_stop(smp);
}

static void test_take_without_news(void **state)
{
	(void)state;
	struct sampler_config cfg = { .top_n = 5, .interval_ms = 60000, .netns_label = "" };
	struct sampler *smp = sampler_start(&cfg);
	assert_non_null(smp);
	const struct ct_snapshot *s = NULL;
	struct sampler_info info;
	assert_true(ready_within(smp, 5000));
	assert_true(sampler_take(smp, &s, &info));
	/* nothing new for a minute: take says so at once, and keeps s */
	const struct ct_snapshot *kept = s;
	double t0 = mono_ms();
	assert_false(sampler_take(smp, &s, &info));
	assert_true(mono_ms() - t0 < 50);
	assert_ptr_equal(kept, s);
	assert_false(ready_within(smp, 200));
	sampler_stop(smp);
}

static void test_pause_and_resume(void **state)
{
	(void)state;
	struct sampler_config cfg = { .top_n = 5, .interval_ms = INTERVAL_MS, .netns_label = "" };
	struct sampler *smp = sampler_start(&cfg);
	assert_non_null(smp);
	const struct ct_snapshot *s;
	struct sampler_info info;
	assert_true(ready_within(smp, 5000));
	sampler_pause(smp, true);
	/* a collection running when paused still finishes: let it, then
	 * take whatever was published */
	struct sampler_status st;
	for (int i = 0; i < 500; i++) {
		sampler_get_status(smp, &st);
		if (!st.dumping)
			break;
		poll(NULL, 0, 10);
	}
	poll(NULL, 0, 50);
	assert_true(sampler_take(smp, &s, &info));
	uint64_t seq = info.seq;
	sampler_get_status(smp, &st);
	assert_true(st.paused);
	assert_false(ready_within(smp, 5 * INTERVAL_MS));

	sampler_pause(smp, false);
	assert_true(ready_within(smp, 5000));
	assert_true(sampler_take(smp, &s, &info));
	assert_true(info.seq > seq);
	sampler_stop(smp);
}

static void test_stops_promptly(void **state)
{
	(void)state;
	struct sampler_config cfg = { .top_n = 5, .interval_ms = 60000, .netns_label = "" };
	struct sampler *smp = sampler_start(&cfg);
	assert_non_null(smp);
	assert_true(ready_within(smp, 5000));
	/* asleep for a minute: stop must wake it, not wait */
	double t0 = mono_ms();
	sampler_stop(smp);
	assert_true(mono_ms() - t0 < 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_publishes_every_interval),
		cmocka_unit_test(test_take_without_news),
		cmocka_unit_test(test_pause_and_resume),
		cmocka_unit_test(test_stops_promptly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
