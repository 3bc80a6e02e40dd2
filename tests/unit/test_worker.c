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

/* Each test's job count and worker, the worker started by the test. */
struct bench {
	struct counted c;
	struct worker w;
};

static int bench_setup(void **state)
{
	struct bench *b = calloc(1, sizeof *b);
	assert_non_null(b);
	pthread_mutex_init(&b->c.lock, NULL);
	pthread_cond_init(&b->c.changed, NULL);
	*state = b;
	return 0;
}

static int bench_teardown(void **state)
{
	struct bench *b = *state;
	worker_stop(&b->w);
	pthread_mutex_destroy(&b->c.lock);
	pthread_cond_destroy(&b->c.changed);
	free(b);
	return 0;
}

/* Start the bench's worker on the counted job. */
static void start(struct bench *b, double every_ms)
{
	assert_int_equal(worker_start(&b->w, counted_job, &b->c, every_ms), 0);
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
	struct bench *b = *state;
	start(b, 0);
	assert_true(b->w.started);
	worker_stop(&b->w);
	assert_false(b->w.started);
	assert_int_equal(b->c.calls, 0);
}

static void test_wake_calls_the_job(void **state)
{
	struct bench *b = *state;
	start(b, 0);
	worker_wake(&b->w);
	assert_true(wait_calls(&b->c, 1));
	worker_wake(&b->w);
	assert_true(wait_calls(&b->c, 2));
	worker_stop(&b->w);
	assert_int_equal(b->c.calls, 2);
	assert_int_equal(b->c.finished, 2);
}

static void test_period_calls_again(void **state)
{
	struct bench *b = *state;
	start(b, 10.0);
	assert_true(wait_calls(&b->c, 3)); /* no wake: the period alone */
}

/* Wakes while the job runs are one more call, after it. */
static void test_wakes_while_busy_are_one_call(void **state)
{
	struct bench *b = *state;
	b->c.hold = true;
	start(b, 0);
	worker_wake(&b->w);
	assert_true(wait_calls(&b->c, 1));
	worker_wake(&b->w);
	worker_wake(&b->w);
	release(&b->c);
	assert_true(wait_calls(&b->c, 2));
	worker_stop(&b->w);
	assert_int_equal(b->c.calls, 2);
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
	struct bench *b = *state;
	b->c.hold = true;
	start(b, 10.0);
	worker_wake(&b->w);
	assert_true(wait_calls(&b->c, 1));
	/* the call is held: stop must wait for the release, whenever it comes */
	struct releaser r = { .c = &b->c, .after_ms = 100 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, release_later, &r), 0);
	worker_stop(&b->w);
	assert_int_equal(b->c.finished, 1);
	assert_int_equal(calls_of(&b->c), 1);
	pthread_join(th, NULL);
}

/* Twice, or never started: nothing (the teardown stops a third time). */
static void test_stop_twice(void **state)
{
	struct bench *b = *state;
	start(b, 10.0);
	worker_stop(&b->w);
	worker_stop(&b->w);
	assert_false(b->w.started);
	struct worker never = { .started = false };
	worker_stop(&never);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_and_stop_without_a_call, bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_wake_calls_the_job, bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_period_calls_again, bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_wakes_while_busy_are_one_call, bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_stop_while_busy, bench_setup, bench_teardown),
		cmocka_unit_test_setup_teardown(test_stop_twice, bench_setup, bench_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
