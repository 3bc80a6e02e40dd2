/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Undo planning: the plans that revert what this session changed (`u`,
 * `U`), what a previous session left in force (the review at start), or
 * the last transaction still in force (--undo-last). They are ordinary
 * undo plans for tune_apply (tune.h). */
#ifndef CTDASH_TUNE_UNDO_H
#define CTDASH_TUNE_UNDO_H

#include <stddef.h>

#include "write/journal.h"
#include "write/recovery.h"
#include "write/tune_plan.h"
#include "write/tune_policy.h"

/* Changes this session made that are still not undone. */
unsigned tune_session_pending(const struct tune_ctx *t);
/* The plan that undoes the last transaction of this session (`u`), or
 * everything this session changed, newest first (`U`). 0, or -ENOENT
 * when nothing is left to undo, or -ENOMEM. */
int tune_plan_undo_last(const struct tune_ctx *t, struct tune_plan *p);
int tune_plan_undo_all(const struct tune_ctx *t, struct tune_plan *p);

/* From the journal: the changes in this namespace still in force
 * (oldest first), for the review at an interactive start, without the
 * ones an earlier review was told to keep. Returns how many, or -errno
 * (the journal unreadable). log must be freed. */
int tune_unreverted(const struct tune_ctx *t, struct journal_log *log,
		    struct recovery_item *items, size_t max);
/* The review's "keep": a keep record for each change of plan (the
 * review's, whose reverts name the transactions), so the next start does
 * not ask about them again. 0, or -errno; err says why. */
int tune_keep(struct tune_ctx *t, const struct tune_plan *p, char *err, size_t n);
/* The plan that reverts all of them, newest first (the review's "undo
 * all"). 0 or -ENOMEM. */
int tune_plan_from_unreverted(const struct recovery_item *items, size_t n, struct tune_plan *p);
/* The plan that reverts the most recent transaction still in force in
 * this namespace (`--undo-last`). Returns how many changes, 0 when none
 * is in force, or -errno; err says why on error. */
int tune_plan_undo_journal(const struct tune_ctx *t, struct tune_plan *p, char *err, size_t errlen);

#endif
