/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The entry count over the last minutes, and how long until the table is
 * full while it grows. */
#ifndef CTDASH_SPARKLINE_H
#define CTDASH_SPARKLINE_H

#include <stdint.h>

#include "model/history.h"
#include "layout.h"

/* Level 1..levels of value v on a scale from 0 to peak (at least 1 for
 * any v > 0, so a small non-zero count never looks like an empty table);
 * 0 for a column without a sample (v < 0). */
int spark_level(double v, double peak, int levels);

/* span: seconds the line covers; now: monotonic seconds; interval: the
 * seconds between samples, to tell a gap (paused) from columns that are
 * narrower than the interval. */
/* s gives the time until full (NULL: none yet). */
void sparkline_draw(struct rect r, const struct history *h, const struct ct_snapshot *s,
		    double now, double span, double interval);

#endif
