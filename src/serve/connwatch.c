/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "serve/connwatch.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "base/clock.h"
#include "base/worker.h"

struct cw_slot {
	int fd;          /* -1: free */
	double started;  /* mono_ms() when the current exchange began */
	bool shut;       /* shut down once already */
};

struct connwatch {
	pthread_mutex_t lock; /* the slots */
	struct worker sweeper; /* started only with a sweep_ms > 0 */
	double limit_ms;
	unsigned nslot;
	struct cw_slot slot[];
};

unsigned connwatch_sweep(struct connwatch *w, double now_ms)
{
	unsigned shut = 0;
	pthread_mutex_lock(&w->lock);
	for (unsigned i = 0; i < w->nslot; i++) {
		struct cw_slot *s = &w->slot[i];
		if (s->fd < 0 || s->shut || now_ms - s->started < w->limit_ms)
			continue;
		/* both ways: the server's next read sees the end at once */
		shutdown(s->fd, SHUT_RDWR);
		s->shut = true;
		shut++;
	}
	pthread_mutex_unlock(&w->lock);
	return shut;
}

static void sweep_now(void *arg)
{
	struct connwatch *w = arg;
	connwatch_sweep(w, mono_ms());
}

struct connwatch *connwatch_new(unsigned slots, double limit_ms, double sweep_ms)
{
	struct connwatch *w = calloc(1, sizeof *w + (size_t)slots * sizeof w->slot[0]);
	if (!w)
		return NULL;
	w->nslot = slots;
	w->limit_ms = limit_ms;
	for (unsigned i = 0; i < slots; i++)
		w->slot[i].fd = -1;
	if (pthread_mutex_init(&w->lock, NULL) != 0) {
		free(w);
		return NULL;
	}
	if (sweep_ms > 0 && worker_start(&w->sweeper, sweep_now, w, sweep_ms) != 0) {
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void connwatch_free(struct connwatch *w)
{
	if (!w)
		return;
	worker_stop(&w->sweeper);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

struct cw_slot *connwatch_add(struct connwatch *w, int fd)
{
	struct cw_slot *got = NULL;
	pthread_mutex_lock(&w->lock);
	for (unsigned i = 0; i < w->nslot && !got; i++)
		if (w->slot[i].fd < 0)
			got = &w->slot[i];
	if (got)
		*got = (struct cw_slot){ .fd = fd, .started = mono_ms() };
	pthread_mutex_unlock(&w->lock);
	return got;
}

void connwatch_restart(struct connwatch *w, struct cw_slot *s)
{
	pthread_mutex_lock(&w->lock);
	s->started = mono_ms();
	pthread_mutex_unlock(&w->lock);
}

void connwatch_remove(struct connwatch *w, struct cw_slot *s)
{
	pthread_mutex_lock(&w->lock);
	s->fd = -1;
	pthread_mutex_unlock(&w->lock);
}
