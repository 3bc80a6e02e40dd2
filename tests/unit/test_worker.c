/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The stoppable worker thread (src/base/worker.c): started it does not
 * call the job by itself without a period; a wake calls it, a period
 * calls it again and again; a wake while busy is one more call after;
 * stop waits for the call under way; stopping twice, or a worker never
 * started, does nothing. Waits are on the job's count, with deadlines. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/worker.h"

struct counted {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned calls;       /* calls begun */
	unsigned finished;    /* calls ended */
	bool hold;            /* the job waits until released */
};

static void counted_job(void *arg)
{
	struct counted *c = arg;
	pthread_mutex_lock(&c->lock);
	c->calls++;
	pthread_cond_broadcast(&c->changed);
	while (c->hold)
		pthread_cond_wait(&c->changed, &c->lock);
	c->finished++;
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
}

static void counted_init(struct counted *c)
{
	*c = (struct counted){ .hold = false };
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->changed, NULL);
}

static void counted_free(struct counted *c)
{
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->changed);
}

/* Five seconds a step, scaled by CTDASH_TEST_SLOW: whether the job has
 * begun at least n calls by then. */
static bool wait_calls(struct counted *c, unsigned n)
{
	const char *slow = getenv("CTDASH_TEST_SLOW");
	double scale = slow && atof(slow) > 1 ? atof(slow) : 1;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)(5 * scale);
	pthread_mutex_lock(&c->lock);
	while (c->calls < n && pthread_cond_timedwait(&c->changed, &c->lock, &until) == 0)
		;
	bool got = c->calls >= n;
	pthread_mutex_unlock(&c->lock);
	return got;
}

static unsigned calls_of(struct counted *c)
{
	pthread_mutex_lock(&c->lock);
	unsigned n = c->calls;
	pthread_mutex_unlock(&c->lock);
	return n;
}

static void release(struct counted *c)
{
	pthread_mutex_lock(&c->lock);
	c->hold = false;
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
}

static void test_start_and_stop_without_a_call(void **state)
{
	(void)state;
	struct counted c;
	counted_init(&c);
	struct worker w;
	assert_int_equal(worker_start(&w, counted_job, &c, 0), 0);
	assert_true(w.started);
	worker_stop(&w);
	assert_false(w.started);
	assert_int_equal(c.calls, 0);
	counted_free(&c);
}

static void test_wake_calls_the_job(void **state)
{
	(void)state;
	struct counted c;
	counted_init(&c);
	struct worker w;
	assert_int_equal(worker_start(&w, counted_job, &c, 0), 0);
	worker_wake(&w);
	assert_true(wait_calls(&c, 1));
	worker_wake(&w);
	assert_true(wait_calls(&c, 2));
	worker_stop(&w);
	assert_int_equal(c.calls, 2);
	assert_int_equal(c.finished, 2);
	counted_free(&c);
}

static void test_period_calls_again(void **state)
{
	(void)state;
	struct counted c;
	counted_init(&c);
	struct worker w;
	assert_int_equal(worker_start(&w, counted_job, &c, 10.0), 0);
	assert_true(wait_calls(&c, 3)); /* no wake: the period alone */
	worker_stop(&w);
	counted_free(&c);
}

/* Wakes while the job runs are one more call, after it. */
static void test_wakes_while_busy_are_one_call(void **state)
{
	(void)state;
	struct counted c;
	counted_init(&c);
	c.hold = true;
	struct worker w;
	assert_int_equal(worker_start(&w, counted_job, &c, 0), 0);
	worker_wake(&w);
	assert_true(wait_calls(&c, 1));
	worker_wake(&w);
	worker_wake(&w);
	release(&c);
	assert_true(wait_calls(&c, 2));
	worker_stop(&w);
	assert_int_equal(c.calls, 2);
	counted_free(&c);
}

struct releaser {
	struct counted *c;
	double after_ms;
};

static void *release_later(void *arg)
{
	struct releaser *r = arg;
	sleep_ms((long)r->after_ms);
	release(r->c);
	return NULL;
}

/* Stop while the job runs: it returns only once the call has ended, and
 * the job is not called again. */
static void test_stop_while_busy(void **state)
{
	(void)state;
	struct counted c;
	counted_init(&c);
	c.hold = true;
	struct worker w;
	assert_int_equal(worker_start(&w, counted_job, &c, 10.0), 0);
	worker_wake(&w);
	assert_true(wait_calls(&c, 1));
	/* the call is held: stop must wait for the release, whenever it comes */
	struct releaser r = { .c = &c, .after_ms = 100 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, release_later, &r), 0);
	worker_stop(&w);
	assert_int_equal(c.finished, 1);
	assert_int_equal(calls_of(&c), 1);
	pthread_join(th, NULL);
	counted_free(&c);
}

static void test_stop_twice(void **state)
{
	(void)state;
	struct counted c;
	counted_init(&c);
	struct worker w;
	assert_int_equal(worker_start(&w, counted_job, &c, 10.0), 0);
	worker_stop(&w);
	worker_stop(&w);
	assert_false(w.started);
	struct worker never = { .started = false };
	worker_stop(&never);
	counted_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_and_stop_without_a_call),
		cmocka_unit_test(test_wake_calls_the_job),
		cmocka_unit_test(test_period_calls_again),
		cmocka_unit_test(test_wakes_while_busy_are_one_call),
		cmocka_unit_test(test_stop_while_busy),
		cmocka_unit_test(test_stop_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
