/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One delete of conntrack entries, as the command line (--delete) and the
 * list view (F9, k) both do it: the entries a filter matches are read
 * into targets, the size is judged (a big delete needs a second, explicit
 * confirmation), the journal records what is about to go, each entry is
 * deleted, and the journal records what went. A delete cannot be undone:
 * the journal holds it for the record only. */
#ifndef CTDASH_CTDEL_RUN_H
#define CTDASH_CTDEL_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/entry.h"
#include "model/filter.h"
#include "write/ctdel_entry.h"

/* Entries a question shows of what it deletes. */
#define CTDEL_SAMPLE 5

/* A delete is big, and needs a second confirmation, when it takes every
 * entry or more than CTDEL_BIG_PERCENT percent of the table. The one
 * definition for the command line and the screen. */
#define CTDEL_BIG_PERCENT 50
bool ctdel_is_big(uint64_t matched, uint64_t total);

/* The entries one delete names, and the table they came from. */
struct ctdel_set {
	struct ct_target *target;
	size_t n, cap;
	struct ct_entry sample[CTDEL_SAMPLE]; /* the first ones, whole */
	uint64_t total;                       /* entries read */
};

/* Keep e as a target (and in the sample while there is room). 0 or -ENOMEM. */
int ctdel_set_add(struct ctdel_set *s, const struct ct_entry *e);
void ctdel_set_free(struct ctdel_set *s);

/* Called after each datagram of the dump with the entries read so far;
 * false stops it. May be NULL. */
typedef bool (*ctdel_tick_fn)(uint64_t read, void *arg);

/* Dump the namespace's table and keep what f matches (an interrupted dump
 * is tried again, three times in all). 0 or -errno. */
int ctdel_collect(struct ctdel_set *s, const struct ct_filter *f, ctdel_tick_fn tick, void *arg);

struct ctdel_count {
	/* gone: the kernel did not find it, and a dump after the deletes did
	 * not list it either (one it still lists counts as failed, -ENOENT) */
	uint64_t deleted, gone, failed;
	uint64_t untried;  /* the delete was stopped: targets left as they were */
	int first_err;   /* the first failure's -errno, 0 */
	bool unrecorded; /* the result could not be journalled */
};

/* Where the journal goes and what it says the namespace is. */
struct ctdel_where {
	const char *journal_path;  /* NULL: JOURNAL_DEFAULT_PATH */
	uint64_t nsid;             /* inode of the namespace */
	const char *ns;            /* its label, "" for ctdash's own */
	bool read_only;            /* --read-only: ctdel_run deletes nothing */
};

/* Why a delete there is refused, whoever asks (the command line, the
 * screen, a front end to come): NULL when it may go on. ctdel_run checks
 * it first; a front end asks it too, to say so before it asks anything. */
const char *ctdel_refused(const struct ctdel_where *w);

/* What a failure's first_err means, for a person. */
const char *ctdel_failure_text(int err);

/* Called after each entry with how many were tried; false stops the
 * delete there and leaves the rest. May be NULL. */
typedef bool (*ctdel_progress_fn)(uint64_t tried, void *arg);

/* Refused (ctdel_refused): -EPERM, nothing journalled or deleted, err
 * says why. Else journal "delete WHAT matched=N of=TOTAL", delete every target of s,
 * journal "deleted D already_gone G failed F WHAT" (with "stopped
 * untried U" before WHAT when progress stopped it). what is the filter
 * as the journal records it ("filter='proto udp'"). Returns 0 when the
 * deletes were tried (c says how they went), or -errno when nothing was
 * deleted because the journal could not be written (err says why). */
int ctdel_run(const struct ctdel_where *w, const char *what, const struct ctdel_set *s,
	      struct ctdel_count *c, ctdel_progress_fn progress, void *arg, char *err, size_t errlen);

#endif
