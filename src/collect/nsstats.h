/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Each namespace's own conntrack counters: the kernel keeps drop,
 * early_drop and insert_failed per namespace, so a container's table can
 * drop while the host's does not. Read by the --all-netns scan inside
 * each namespace from /proc/thread-self/net/stat/nf_conntrack (one small
 * file, no netlink socket there), turned into rates between two scans. */
#ifndef CTDASH_NSSTATS_H
#define CTDASH_NSSTATS_H

#include <stdbool.h>
#include <stdint.h>

struct ns_stats {
	bool have;              /* read */
	uint64_t insert;        /* entries inserted: the namespace's churn */
	uint64_t insert_failed;
	uint64_t drop;          /* no room for a new entry */
	uint64_t early_drop;    /* an unreplied entry evicted to make room */
	/* per second since the scan before (have_rate), else 0 */
	bool have_rate;
	double insert_rate, drop_rate; /* drop_rate: drop + early_drop + insert_failed */
	double growth_rate;     /* the count's rise a second (< 0: falling) */
};

/* The per-CPU lines of /proc/net/stat/nf_conntrack (hex, columns named
 * by the header) summed into st. 0, or -EINVAL when the text is not that
 * file (the columns needed are missing, a value is not hex). */
int nsstats_parse(const char *text, struct ns_stats *st);
/* The file of the namespace the calling thread is in. 0 or -errno. */
int nsstats_read_here(struct ns_stats *st);

struct ns_table;
/* Rates of now's namespaces against the same namespaces (by inode) in
 * before, dt_s seconds earlier (or, when both reads kept it, between each
 * namespace's own read times); then now is sorted "dropping now" first:
 * by drop rate, then by fill. */
void nsstats_rates(struct ns_table *now, const struct ns_table *before, double dt_s);

#endif
