/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/ownerwatch.h"

#include <pthread.h>
#include <stdlib.h>

#include "base/worker.h"
#include "collect/nsowner.h"
#include "collect/nsscan.h"

struct ownerwatch {
	struct worker scanner;
	pthread_mutex_t lock;      /* the map */
	struct addr_owners map;
};

/* One scan, its map swapped in: the lock is held only for the swap. */
static void scan_once(void *arg)
{
	struct ownerwatch *w = arg;
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

struct ownerwatch *ownerwatch_start(double every_s)
{
	struct ownerwatch *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	double every_ms = (every_s >= 1 ? every_s : 1) * 1000.0;
	pthread_mutex_init(&w->lock, NULL);
	if (worker_start(&w->scanner, scan_once, w, every_ms) != 0) {
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	worker_wake(&w->scanner); /* the first scan now */
	return w;
}

void ownerwatch_stop(struct ownerwatch *w)
{
	if (!w)
		return;
	worker_stop(&w->scanner);
	addrowners_free(&w->map);
	pthread_mutex_destroy(&w->lock);
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
