/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Feeding the recorder from a sampler: the drop tracker over the
 * snapshots, every namespace with --all-netns, and while an incident is
 * open the list's sample (entries of the busiest source) asked of the
 * sampler. One feed a sampler; the dashboard, the exporter and --record
 * alone each own one. */
#ifndef CTDASH_RECORD_FEED_H
#define CTDASH_RECORD_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/sampler.h"
#include "model/advice.h"
#include "record/recorder.h"

struct record_feed {
	struct recorder *rec;
	bool all_netns;
	struct advice_tracker tracker;  /* own, unless the owner passes rates */
	bool list_on;                   /* the sampler was asked for the sample */
	double next_sample;             /* monotonic seconds: the next one due */
	struct sort_spec sort;
	uint64_t seen_changes;          /* of the recorder's status */
};

/* Start recording to path. 0, or -1 with why. */
int record_feed_start(struct record_feed *f, const char *path, const struct rec_limits *lim,
		      bool all_netns, char *why, size_t n);
void record_feed_stop(struct record_feed *f);

/* A new snapshot from smp (NULL: the owner steers the sampler's list),
 * collection started at monotonic seconds started; rates: the owner's
 * tracker already fed with s, or NULL to use the feed's own; ns: every
 * namespace, or NULL to scan them here with all_netns. Only copies:
 * never waits on the disk. */
void record_feed_snapshot(struct record_feed *f, struct sampler *smp, const struct ct_snapshot *s,
			  double started, const struct advice_rates *rates,
			  const struct ns_table *ns);

/* The recorder's news since the last call (paused, resumed), into msg;
 * false when nothing changed. */
bool record_feed_news(struct record_feed *f, char *msg, size_t n);

#endif
