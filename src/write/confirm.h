/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a confirmation dialog shows before a write: old and new value,
 * the entries concerned, the consequences, and the equivalent command. */
#ifndef CTDASH_CONFIRM_H
#define CTDASH_CONFIRM_H

#include <stdint.h>

#include "base/shellword.h"
#include "model/model.h"
#include "write/tune.h"

struct confirm_info {
	char name[CT_SYSCTL_NAME_MAX];
	char old_text[48], new_text[48]; /* "120 (2m)", "262,144" */
	int64_t entries;                 /* entries concerned now, -1 unknown */
	const char *entries_what;        /* what they are, e.g. "TIME_WAIT" */
	char detail[900];                /* consequence: the countdown reminder,
					  * memory at max, λ after a resize */
	char command[NS_EXEC_PREFIX_MAX + 160]; /* the same change as a shell command */

	/* a timeout: entries expected in its state once the new value has
	 * applied to all (Little's law: count x new / old), -1 unknown; and
	 * at most that many when every new entry passed through the state
	 * (new entries a second x new timeout), -1 unknown */
	int64_t steady_entries;
	double steady_bound;

	/* nf_conntrack_max and hashsize: the figures behind detail */
	uint64_t memory_after;           /* kernel memory with the table full */
	double max_per_bucket;           /* max / buckets after the change */
	double lambda_after;             /* count / buckets after the change */
	double nonempty_after;           /* 1 − e^−λ after */
};

/* Describe change c in the namespace of t, with figures from s. */
void confirm_describe(const struct tune_ctx *t, const struct ct_snapshot *s,
		      const struct tune_change *c, struct confirm_info *out);

/* The shell command that makes the same change by hand, e.g.
 * "ip netns exec web sysctl -w net.netfilter.nf_conntrack_icmp_timeout=10". */
char *confirm_command(const struct tune_ctx *t, const char *name, uint64_t value,
		      char *buf, size_t n);

#endif
