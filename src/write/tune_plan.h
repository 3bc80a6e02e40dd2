/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A plan: the changes one confirmation applies together, as one journal
 * transaction and one undo. A profile is one plan; so is "undo
 * everything". Building a plan touches nothing; tune_apply (tune.h)
 * carries it out. */
#ifndef CTDASH_TUNE_PLAN_H
#define CTDASH_TUNE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "write/journal.h"
#include "model/model.h"

struct tune_change {
	char name[CT_SYSCTL_NAME_MAX]; /* sysctl name, or "hashsize" */
	uint64_t seen;                 /* the value the user was shown */
	uint64_t want;
	char reverts[JOURNAL_ID_MAX];  /* in an undo plan: the transaction it reverts */
};

struct tune_plan {
	struct tune_change *c;
	unsigned n;
	size_t cap;
	bool undo;       /* every change reverts an earlier one */
	char title[96];  /* what the confirmation calls it */
};

void tune_plan_init(struct tune_plan *p, const char *title);
/* 0 or -ENOMEM / -EINVAL (name too long). */
int tune_plan_add(struct tune_plan *p, const char *name, uint64_t seen, uint64_t want,
		  const char *reverts);
/* After TUNE_CHANGED and a new confirmation: what the user now saw. */
void tune_plan_rebase(struct tune_plan *p, unsigned i, uint64_t seen);
void tune_plan_free(struct tune_plan *p);

#endif
