/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the journal says is still in force: the changes a crashed or
 * disconnected session left behind, for `ctdash --undo-last` and for the
 * review offered at the next interactive start. */
#ifndef CTDASH_RECOVERY_H
#define CTDASH_RECOVERY_H

#include <stddef.h>
#include <stdint.h>

#include "write/journal.h"

/* Reads the value of a sysctl (or "hashsize") as the system holds it now.
 * 0 or -errno. */
typedef int (*recovery_read_fn)(const char *name, uint64_t *value, void *arg);

struct recovery_item {
	const struct journal_rec *rec; /* the apply record (points into the log) */
	uint64_t value;                /* what it set, and the system holds now */
};

/* The changes in namespace (nsid, ns) still in force, oldest first. A
 * change is in force when it is the latest apply record for its sysctl
 * that no undo record reverted, and the system still holds the value it
 * set. Stores at most max items; returns how many were found, or a
 * negative errno. Sysctls that cannot be read are left out. */
int recovery_in_force(const struct journal_log *log, uint64_t nsid, const char *ns,
		      recovery_read_fn read, void *arg, struct recovery_item *out, size_t max);

/* Drop from items the ones a later "keep" record names (same
 * transaction, setting and namespace): the review at a start was told to
 * keep them. Returns how many are left, in order. */
size_t recovery_drop_kept(const struct journal_log *log, struct recovery_item *items, size_t n);

/* The changes of the most recent transaction still in force, newest
 * first (the order to revert them in). Returns how many, 0 when nothing
 * is in force, or a negative errno. */
int recovery_last_tx(const struct journal_log *log, uint64_t nsid, const char *ns,
		     recovery_read_fn read, void *arg, struct recovery_item *out, size_t max);

#endif
