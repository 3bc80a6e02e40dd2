/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who is filling the table now (issue 9): the Churn meter line (new,
 * destroyed and growth per second, time until full), the title's note of
 * where the figures come from (events or dumps, and why), and the churn
 * view (key c): the sources, destinations and destination ports making
 * the most new entries per second over 10 s, with the 60 s figure beside. */
#ifndef CTDASH_CHURN_H
#define CTDASH_CHURN_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "model/model.h"
#include "view.h"

/* "events, dump 12s ago", or "dumps: events off here (...)"; *alert when
 * events were lost or are unavailable although asked for. On events, why
 * gets what auto weighed ("" when nothing): the title shows it as a piece
 * of its own, the first to go when the line is short. */
void churn_source_text(const struct ct_snapshot *s, char *buf, size_t n, char *why, size_t wn,
		       bool *alert);
/* The Churn meter line. */
void churn_meter_draw(struct rect r, const struct ct_snapshot *s);

extern const struct view_class churn_view;

/* Enter on a row of the view (self is its state): the filter that lists
 * the entries of that source, destination or port; false when none. */
bool churn_view_drill(void *self, char *filter, size_t n);

#endif
