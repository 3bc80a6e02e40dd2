/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Presets of timeout values, applied as one plan (one confirmation, one
 * undo). */
#ifndef CTDASH_PROFILES_H
#define CTDASH_PROFILES_H

#include "model/model.h"
#include "model/timeout_defaults.h"
#include "write/tune.h"

struct profile_value {
	const char *name;
	long seconds;
};

struct profile {
	const char *id;          /* for the command line and tests */
	const char *title;       /* one line for the menu */
	const char *description; /* what it does */
	const char *warning;     /* shown beside it before confirming; NULL if none */
	const struct profile_value *values;
	unsigned nvalues;        /* 0: every timeout back to the kernel default */
};

const struct profile *profiles_list(unsigned *n);
const struct profile *profile_find(const char *id);

/* The plan that takes the timeouts in s to profile p: one change per
 * timeout whose value differs, seen = the value in s. Timeouts this
 * kernel does not have are counted in *missing (may be NULL). Returns
 * the number of changes, or -ENOMEM. */
int profile_plan(const struct profile *p, const struct ct_snapshot *s,
		 const struct timeout_defaults *d, struct tune_plan *plan, unsigned *missing);

#endif
