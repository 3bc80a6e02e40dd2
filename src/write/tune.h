/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one write path: every change ctdash makes to the system goes
 * through tune_apply, which validates, compares and sets (the value must
 * still be the one the user saw), journals, writes, and reads back.
 * The UI only builds plans (tune_plan.h), shows them (confirm.h) and
 * asks for them. What may be written where is tune_policy.h; the plans
 * that undo are tune_undo.h; this header brings all three. */
#ifndef CTDASH_TUNE_H
#define CTDASH_TUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "write/tune_plan.h"
#include "write/tune_policy.h"
#include "write/tune_undo.h"

enum tune_status {
	TUNE_OK,
	TUNE_REFUSED,  /* read-only, no privilege, or the wrong namespace */
	TUNE_INVALID,  /* unknown setting or value out of range */
	TUNE_CHANGED,  /* the system no longer holds the value the user saw */
	TUNE_JOURNAL,  /* the journal could not be written, so nothing was */
	TUNE_WRITE,    /* reading or writing the setting failed */
	TUNE_VERIFY,   /* the kernel kept a value other than the one written */
	TUNE_NOMEM,    /* memory ran out before anything was written */
};

struct tune_result {
	enum tune_status status;
	int index;         /* the change concerned, -1 for none */
	uint64_t current;  /* CHANGED: the value now; VERIFY: the value kept */
	int err;           /* errno behind JOURNAL, WRITE and NOMEM */
	unsigned done;     /* changes of the plan in effect when tune_apply returned */
	char msg[512];     /* one or two sentences for the status line */
};

/* Apply every change of the plan, in order. An apply plan is all or
 * nothing: when a change fails, the ones before it are reverted (and
 * journalled as undone). An undo plan stops at the failing change and
 * keeps what it undid. res says what happened; the status is returned. */
enum tune_status tune_apply(struct tune_ctx *t, const struct tune_plan *p, struct tune_result *res);

/* A note in the journal about what a write did, measured after it (the
 * effect of a relief: the count before and after, whether drops
 * stopped). 0 or -errno; err says why when the journal cannot be opened. */
int tune_note(struct tune_ctx *t, const char *what, char *err, size_t n);

#endif
