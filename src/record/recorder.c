/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/worker.h"

struct recorder {
	struct rec_store *store;
	char path[4096];
	struct worker writer;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	struct rec_picture *waiting, *writing; /* swapped under lock */
	bool have_waiting, busy;
	struct recorder_status st;
	double retry_at;      /* wall clock; while paused, no write before it */
};

static void set_paused(struct recorder *r, int err, const char *why)
{
	char msg[sizeof r->st.message];
	if (err == -ENOSPC)
		snprintf(msg, sizeof msg, "recording paused: the disk holding %.200s is full (retrying "
			 "every %.0f s)", r->path, REC_RETRY_S);
	else
		/* why is as long as the message: bounded so the retry note
		 * stays on the end (gcc -O1 sees the truncation otherwise) */
		snprintf(msg, sizeof msg, "recording paused: %.240s (retrying every %.0f s)", why,
			 REC_RETRY_S);
	if (!r->st.paused || strcmp(msg, r->st.message) != 0)
		r->st.changes++;
	r->st.paused = true;
	snprintf(r->st.message, sizeof r->st.message, "%s", msg);
}

static void set_resumed(struct recorder *r)
{
	if (!r->st.paused)
		return;
	r->st.paused = false;
	snprintf(r->st.message, sizeof r->st.message, "recording resumed to %.200s", r->path);
	r->st.changes++;
}

/* One picture out of the lock: write it, or count it lost while paused. */
static void write_one(struct recorder *r)
{
	char why[320] = "";
	double now = real_s();
	bool skip = r->st.paused && now < r->retry_at;
	int ret = skip ? 0 : store_add(r->store, r->writing, why, sizeof why);
	pthread_mutex_lock(&r->lock);
	if (skip) {
		r->st.lost++;
	} else if (ret < 0) {
		r->st.lost++;
		r->retry_at = now + REC_RETRY_S;
		set_paused(r, ret, why);
	} else {
		r->st.written++;
		set_resumed(r);
	}
	r->st.wants_list = store_incident_open(r->store);
	pthread_mutex_unlock(&r->lock);
}

/* The writer's job: write what waits until nothing does (a picture
 * handed over while one is written waits for the next turn). */
static void write_waiting(void *arg)
{
	struct recorder *r = arg;
	pthread_mutex_lock(&r->lock);
	while (r->have_waiting) {
		struct rec_picture *p = r->waiting;
		r->waiting = r->writing;
		r->writing = p;
		r->have_waiting = false;
		r->busy = true;
		pthread_mutex_unlock(&r->lock);
		write_one(r);
		pthread_mutex_lock(&r->lock);
		r->busy = false;
		pthread_cond_broadcast(&r->idle);
	}
	pthread_mutex_unlock(&r->lock);
}

struct recorder *recorder_start(const char *path, const struct rec_limits *lim, char *why, size_t n)
{
	struct recorder *r = calloc(1, sizeof *r);
	if (!r || !(r->waiting = calloc(1, sizeof *r->waiting)) ||
	    !(r->writing = calloc(1, sizeof *r->writing))) {
		if (r)
			free(r->waiting);
		free(r);
		snprintf(why, n, "out of memory");
		return NULL;
	}
	snprintf(r->path, sizeof r->path, "%s", path);
	r->store = store_open(path, lim, why, n);
	if (!r->store)
		goto fail;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->idle, NULL);
	int err = worker_start(&r->writer, write_waiting, r, 0);
	if (err != 0) {
		snprintf(why, n, "cannot start the recorder's thread: %s", strerror(err));
		store_close(r->store);
		pthread_mutex_destroy(&r->lock);
		pthread_cond_destroy(&r->idle);
		goto fail;
	}
	return r;
fail:
	free(r->waiting);
	free(r->writing);
	free(r);
	return NULL;
}

void recorder_submit(struct recorder *r, const struct ct_snapshot *s,
		     const struct advice_rates *rates, const struct ns_table *ns)
{
	pthread_mutex_lock(&r->lock);
	if (r->have_waiting)
		r->st.replaced++;
	bool copied = picture_set(r->waiting, s, rates, ns) >= 0;
	if (!copied)
		r->st.lost++;
	r->have_waiting = copied;
	pthread_mutex_unlock(&r->lock);
	if (copied)
		worker_wake(&r->writer);
}

void recorder_flush(struct recorder *r)
{
	pthread_mutex_lock(&r->lock);
	while (r->have_waiting || r->busy)
		pthread_cond_wait(&r->idle, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

void recorder_get_status(struct recorder *r, struct recorder_status *st)
{
	pthread_mutex_lock(&r->lock);
	*st = r->st;
	pthread_mutex_unlock(&r->lock);
}

void recorder_stop(struct recorder *r)
{
	if (!r)
		return;
	worker_stop(&r->writer);
	write_waiting(r); /* what the writer had no turn for */
	store_close(r->store);
	picture_free(r->waiting);
	picture_free(r->writing);
	free(r->waiting);
	free(r->writing);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->idle);
	free(r);
}
