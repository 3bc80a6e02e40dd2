/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A stoppable worker thread: it calls one job every so often, or when
 * woken, until stopped. The owner keeps the struct (in its own) and the
 * job's data; the worker keeps only the thread, its lock and its wake.
 * Its thread takes no signals: SIGWINCH, SIGINT and the like must reach
 * the thread that owns the program, whose poll() they interrupt. */
#ifndef CTDASH_BASE_WORKER_H
#define CTDASH_BASE_WORKER_H

#include <pthread.h>
#include <stdbool.h>

struct worker {
	pthread_t thread;
	pthread_mutex_t lock;  /* woken and stopping */
	pthread_cond_t wake;   /* on the monotonic clock */
	void (*job)(void *arg);
	void *arg;
	double every_ms;       /* <= 0: only when woken */
	bool woken, stopping;
	bool started;          /* a thread to join; false once stopped */
};

/* Start the thread: it calls job(arg) every every_ms milliseconds after
 * the last call ended (every_ms <= 0: never by itself), and soon after
 * each worker_wake. Not at once: wake it for that. 0, or the error
 * number (w stays stopped, and worker_stop on it does nothing). */
int worker_start(struct worker *w, void (*job)(void *arg), void *arg, double every_ms);
/* Call the job soon: at once when idle, again after the call under way
 * when busy (wakes while busy are one call). */
void worker_wake(struct worker *w);
/* Stop the thread, waiting for a call under way; a wake not yet served
 * is dropped. Does nothing on a worker stopped already, or zeroed and
 * never started. Called by the thread that started it. */
void worker_stop(struct worker *w);

/* pthread_create with every signal blocked in the new thread, whatever
 * the caller blocks later (above says why): for a thread of another
 * shape. 0, or the error number. */
int thread_start_unsignalled(pthread_t *thread, void *(*fn)(void *arg), void *arg);

#endif
