/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's conntrack counters over ctnetlink. */
#ifndef CTDASH_CTSTATS_H
#define CTDASH_CTSTATS_H

#include "model/model.h"
#include "collect/nlconn.h"

/* Per-CPU counters (IPCTNL_MSG_CT_GET_STATS_CPU) into s->cpu, s->ncpu and
 * their sums into s->stat_total. 0 or a negative errno. */
int ct_read_cpu_stats(struct nlconn *c, struct ct_snapshot *s);
/* Entries and limit as the kernel counts them (IPCTNL_MSG_CT_GET_STATS). */
int ct_read_global_stats(struct nlconn *c, struct ct_snapshot *s);
/* The libmnl callbacks behind them, one message each (data is the
 * snapshot); exposed for tests/fuzz. */
int ct_stats_on_cpu(const struct nlmsghdr *nlh, void *data);
int ct_stats_on_global(const struct nlmsghdr *nlh, void *data);

#endif
