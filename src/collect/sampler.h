/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The background sampler: a thread that collects a snapshot every interval
 * and publishes it, so whoever shows the snapshots (the dashboard) never
 * waits for a dump. No curses here.
 *
 * Three snapshots rotate: the thread fills one, one waits ready, and the
 * reader holds one; publishing and taking swap pointers under a mutex, so
 * neither side copies a snapshot or waits for the other's work. With
 * partial on, a fourth takes the partial refreshes published while a
 * dump runs past the interval or the next waits (collect_partial). */
#ifndef CTDASH_SAMPLER_H
#define CTDASH_SAMPLER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "model/rowsort.h"

struct sampler;

struct sampler_config {
	unsigned top_n;
	unsigned interval_ms;
	const char *netns_label; /* shown in snapshots; the caller entered it */
	int source;              /* enum ct_source_pref: 0, auto, uses events
				    where the namespace sends them */
	bool partial;            /* publish a partial refresh every interval
				    while no full one comes (the exporter: a
				    flood made dumps take 30 s and more) */
	bool paused;             /* start paused (sampler_pause): the first
				    view, the list, asks for its rows before
				    the first dump, which then serves both */
};

/* About one published snapshot. */
struct sampler_info {
	uint64_t seq;     /* 1 for the first snapshot */
	int ret;          /* collect_snapshot's result: 0 or -ENOENT (not loaded) */
	double started;   /* CLOCK_MONOTONIC seconds when the collection began */
	double wall_ms;   /* how long it took */
	double paced_ms;  /* of which a paced dump waited (model/sampling.h) */
	double cpu_ms;    /* CPU it cost, user + system, kernel dump work included */
	bool partial;     /* a partial refresh (snapshot.partial) */
};

/* The sampler now. */
struct sampler_status {
	bool dumping;           /* a collection is running */
	uint64_t progress;      /* entries the running dump has counted so far */
	bool paused;
	unsigned interval_ms;   /* asked for */
	unsigned effective_ms;  /* used: stretched while dumps are slow */
	uint64_t refreshes;     /* snapshots published */
	double cpu_ms_last, cpu_ms_mean, wall_ms_last;
};

/* Start the thread; it takes the first snapshot at once. NULL with errno
 * set when the thread or its resources cannot be had. */
struct sampler *sampler_start(const struct sampler_config *cfg);
/* Cancel a running dump, join the thread and free everything. */
void sampler_stop(struct sampler *smp);

/* A descriptor that polls readable when a snapshot is waiting. */
int sampler_fd(const struct sampler *smp);
/* If a newer snapshot than the one held is ready, hand it over: *snap
 * then points at it until the next successful call. Returns false when
 * nothing new was published. */
bool sampler_take(struct sampler *smp, const struct ct_snapshot **snap,
		  struct sampler_info *info);

/* The list view: while on, each collection also dumps whole entries
 * through filter (the filter language; it should parse), keeping the
 * first limit rows in sort's order, into the snapshot's list. */
void sampler_set_list(struct sampler *smp, bool on, const char *filter,
		      const struct sort_spec *sort, unsigned limit);
/* The same, collected at the next regular collection rather than at
 * once: for a reader whose snapshots must keep the interval's beat. */
void sampler_queue_list(struct sampler *smp, bool on, const char *filter,
			const struct sort_spec *sort, unsigned limit);

/* Start the next collection now rather than at the end of the interval
 * (after a delete, so the list shows the table without it). */
void sampler_refresh_now(struct sampler *smp);

/* While paused no new collection starts (a running one finishes). */
void sampler_pause(struct sampler *smp, bool paused);
void sampler_get_status(struct sampler *smp, struct sampler_status *st);

/* The interval to wait between collection starts after one that took
 * wall_ms: the asked interval, or twice the collection time when that is
 * longer, so dumping never takes more than half the time. */
unsigned sampler_stretch(unsigned interval_ms, double wall_ms);

#endif
