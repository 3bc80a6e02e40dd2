/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A snapshot for the advice tests: a healthy table to change one figure
 * of, and the adv_items advise_rates gives for it. Shared by test_advice and
 * test_advice_relief. */
#ifndef CTDASH_TEST_ADVICEBOX_H
#define CTDASH_TEST_ADVICEBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "model/advice.h"

extern struct ct_snapshot adv_snap;
extern struct advice adv_items[ADVICE_MAX];
extern unsigned adv_nitems;

/* Set one timeout sysctl or one conntrack statistic in adv_snap. */
void set_timeout(const char *name, long value);
void set_stat(unsigned attr, uint64_t v);
/* adv_snap becomes a healthy table, analysed: nothing to say about it. */
void healthy(void);
/* adv_snap's count set and analysed again. */
void set_count(uint64_t count);
/* The advice for adv_snap (adv_items, adv_nitems); the first item or NULL. */
const struct advice *run(const struct advice_rates *r);
/* The item with this id, or NULL; a command or evidence of an item. */
const struct advice *find(const char *id);
bool has_command(const struct advice *a, const char *part);
double evidence(const struct advice *a, const char *name);

#endif
