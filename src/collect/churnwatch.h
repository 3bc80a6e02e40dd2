/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Each watched namespace's new entries, heard by a thread of its own: a
 * ctnetlink socket opened inside the namespace (setns, then back), in the
 * NEW group only, read without waiting, each event's source counted in
 * a fixed summary (collect/churncount.c). Under heavy churn a namespace
 * is sampled in time, as the event engine samples (collect/
 * events_sample.c): the socket joins the group at each second's start
 * and leaves it once it has heard CHURNWATCH_EVENTS_S events, so the
 * packet path (which builds messages only for a member) and ctdash pay
 * for at most that many a second per namespace; rates are what was heard
 * over the time listened. Which namespaces are watched is chosen
 * by collect/nschurn.c, at most NSCHURN_WATCH_MAX at once. The screen
 * only copies results under a lock held for one batch of events at most. */
#ifndef CTDASH_CHURNWATCH_H
#define CTDASH_CHURNWATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "collect/nsscan.h"

/* Events a second each watched namespace may cost before it is sampled. */
#define CHURNWATCH_EVENTS_S 1000.0
/* A measurement's length; the one before stays shown while the next
 * begins. */
#define CHURNWATCH_MEASURE_S 5.0

struct churnwatch;

/* NULL when no thread could be started (errno says why). */
struct churnwatch *churnwatch_start(void);
void churnwatch_stop(struct churnwatch *w);
/* Watch the namespaces nschurn_choose picks from t (with its rates),
 * selected (an inode, 0 none) first; sockets of namespaces no longer
 * picked are closed. The thread opens the new ones. */
void churnwatch_want(struct churnwatch *w, const struct ns_table *t, uint64_t selected);
/* Wait until every namespace wanted has listened min_s seconds (or could
 * not be watched), at most timeout_s. */
void churnwatch_settle(struct churnwatch *w, double min_s, double timeout_s);
/* Each namespace's churn in t, as far as known now. */
void churnwatch_fill(struct churnwatch *w, struct ns_table *t);
/* CPU time the thread used, ms. */
double churnwatch_cpu_ms(struct churnwatch *w);

#endif
