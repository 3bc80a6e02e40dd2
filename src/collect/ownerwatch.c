/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/ownerwatch.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect/nsowner.h"
#include "collect/nsscan.h"

struct ownerwatch {
	pthread_t thread;
	pthread_mutex_t lock;      /* the map, and stop */
	pthread_cond_t wake;
	struct addr_owners map;
	bool stop;
	double every_s;
};

/* One scan, its map swapped in: the lock is held only for the swap. */
static void scan_once(struct ownerwatch *w)
{
	struct ns_table t;
	struct addr_owners fresh;
	(void)nsscan_run(&t); /* what could be read is still worth showing */
	if (nsowner_addr_map(&t, &fresh) == 0) {
		pthread_mutex_lock(&w->lock);
		struct addr_owners old = w->map;
		w->map = fresh;
		pthread_mutex_unlock(&w->lock);
		addrowners_free(&old);
	} else {
		addrowners_free(&fresh);
	}
	nsscan_free(&t);
}

static void *watch(void *arg)
{
	struct ownerwatch *w = arg;
	for (;;) {
		scan_once(w);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)w->every_s;
		pthread_mutex_lock(&w->lock);
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
			;
		bool stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (stop)
			return NULL;
	}
}

struct ownerwatch *ownerwatch_start(double every_s)
{
	struct ownerwatch *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->every_s = every_s >= 1 ? every_s : 1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, watch, w) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		free(w);
		return NULL;
	}
	return w;
}

void ownerwatch_stop(struct ownerwatch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	addrowners_free(&w->map);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}

const char *ownerwatch_label(struct ownerwatch *w, int family, const void *addr, char *buf,
			     size_t n)
{
	const char *found = NULL;
	pthread_mutex_lock(&w->lock);
	const struct addr_owner *o = addrowners_find(&w->map, family, addr);
	if (o && n)
		found = workload_label(&o->wl, buf, n);
	pthread_mutex_unlock(&w->lock);
	return found && *found ? found : NULL;
}
