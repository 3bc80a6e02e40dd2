/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/worker.h"

#include <errno.h>
#include <signal.h>
#include <time.h>

/* every_ms from now on the monotonic clock, as the wake waits on it. */
static struct timespec deadline_after(double every_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	long long ns = until.tv_nsec + (long long)(every_ms * 1e6);
	until.tv_sec += (time_t)(ns / 1000000000LL);
	until.tv_nsec = (long)(ns % 1000000000LL);
	return until;
}

/* With the lock held: wait for a wake, the period's end or a stop; true
 * when the job is to run. */
static bool wait_turn(struct worker *w)
{
	struct timespec until = deadline_after(w->every_ms);
	int waited = 0;
	while (!w->woken && !w->stopping && waited != ETIMEDOUT)
		waited = w->every_ms > 0 ? pthread_cond_timedwait(&w->wake, &w->lock, &until)
					 : pthread_cond_wait(&w->wake, &w->lock);
	w->woken = false;
	return !w->stopping;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (wait_turn(w)) {
		pthread_mutex_unlock(&w->lock);
		w->job(w->arg);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static int init_wake(pthread_cond_t *wake)
{
	pthread_condattr_t attr;
	int err = pthread_condattr_init(&attr);
	if (err != 0)
		return err;
	/* a clock change must neither stall nor hurry the period */
	err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (err == 0)
		err = pthread_cond_init(wake, &attr);
	pthread_condattr_destroy(&attr);
	return err;
}

int thread_start_unsignalled(pthread_t *thread, void *(*fn)(void *arg), void *arg)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int err = pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

int worker_start(struct worker *w, void (*job)(void *arg), void *arg, double every_ms)
{
	*w = (struct worker){ .job = job, .arg = arg, .every_ms = every_ms };
	int err = pthread_mutex_init(&w->lock, NULL);
	if (err != 0)
		return err;
	err = init_wake(&w->wake);
	if (err == 0 && (err = thread_start_unsignalled(&w->thread, worker_main, w)) != 0)
		pthread_cond_destroy(&w->wake);
	if (err != 0) {
		pthread_mutex_destroy(&w->lock);
		return err;
	}
	w->started = true;
	return 0;
}

void worker_wake(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	w->woken = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	w->started = false;
}
