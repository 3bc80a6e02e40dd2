/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The snapshot in the Prometheus text exposition format (version 0.0.4):
 * HELP and TYPE before every family, counters ending in _total, label
 * values escaped. Used by --prometheus, --textfile and --listen. Which
 * family means what, and its node_exporter equivalent, is in the man page. */
#ifndef CTDASH_PROMTEXT_H
#define CTDASH_PROMTEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "collect/nsscan.h"

#define PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct prom_input {
	const struct ct_snapshot *snap;
	/* With --all-netns: every namespace; every series then carries a
	 * netns label, the snapshot's own under snap_netns. NULL otherwise. */
	const struct ns_table *namespaces;
	const char *snap_netns;
	uint64_t snap_inode;     /* the snapshot's namespace in that table */
	unsigned top_n;          /* --top, stated in a HELP line */
	/* --max-series: namespaces whose counters get series of their own
	 * (the first in the table, the fullest); the rest are summed into
	 * netns="other". 0: all. */
	unsigned max_series;
	/* the refresh interval asked for (--delay), in seconds; 0: not said
	 * (a one-shot --prometheus) */
	double interval_s;
};

/* Everything but the snapshot's age, which changes between scrapes. */
void prom_write_snapshot(FILE *out, const struct prom_input *in);
/* The age families: ctdash_snapshot_age_seconds and the timestamp of a
 * snapshot taken at taken_at, at now (both CLOCK_REALTIME seconds). netns
 * as for prom_input, or NULL. */
void prom_write_age(FILE *out, double taken_at, const char *netns, double now);

/* value with \ " and newline escaped, as a label value; returns buf. */
char *prom_escape(char *buf, size_t n, const char *value);

#endif
