/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A snapshot can be a refresh old, and a plan or an export must start
 * from what the system holds: a copy with every setting read again. */
#ifndef CTDASH_FRESH_H
#define CTDASH_FRESH_H

#include "model/model.h"
#include "write/tune.h"

/* s with its timeouts, nf_conntrack_max and bucket count read again
 * through t (a setting that cannot be read keeps the snapshot's value),
 * analysed again; without the per-CPU counters (the sampler owns them).
 * malloc'd (free it), NULL when out of memory. */
struct ct_snapshot *fresh_snapshot(const struct tune_ctx *t, const struct ct_snapshot *s);

#endif
