/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's conntrack counters from /proc/net/stat/nf_conntrack: per
 * namespace and world-readable, so a run without CAP_NET_ADMIN (which
 * ctnetlink's counter dump needs) still sees drop and early_drop. */
#ifndef CTDASH_PROCSTAT_H
#define CTDASH_PROCSTAT_H

#include <stddef.h>

#include "model/model.h"

#define CT_PROC_STAT_PATH "/proc/net/stat/nf_conntrack"

/* The text of that file (a header of column names, then one row of hex
 * numbers per CPU) into s->cpu, s->ncpu, s->stat_total and
 * s->stat_present, under the ctnetlink attribute numbers (CTA_STATS_*)
 * the rest of ctdash reads them by. 0, or -EINVAL when the text is not
 * that file's (no known column, a row of another width, a bad number),
 * -ENOMEM. */
int ct_parse_proc_stats(const char *text, size_t len, struct ct_snapshot *s);
/* Read path (CT_PROC_STAT_PATH) and parse it. 0 or a negative errno. */
int ct_read_proc_stats(const char *path, struct ct_snapshot *s);

#endif
