/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header meters, htop style: a bar with its numbers beside it. */
#ifndef CTDASH_METER_H
#define CTDASH_METER_H

#include "model/history.h"
#include "layout.h"
#include "model/model.h"
#include "screen.h"

/* Colour thresholds (the help lists them): table fill, and the share of
 * occupied hash buckets, where 2/3 is the point past which chains grow. */
#define FILL_WARN 0.50
#define FILL_CRIT 0.80
#define BUCKETS_WARN 0.50
#define BUCKETS_CRIT (2.0 / 3.0)

/* UC_OK below warn, UC_WARN below crit, UC_CRIT from crit. */
enum ui_color meter_level(double v, double warn, double crit);

/* A bar w cells wide filled to fraction (0..1) in attr; mark, when in
 * 0..1, draws a threshold line at that fraction. */
void bar_draw(int y, int x, int w, double fraction, int attr, double mark);

/* All four meters; s may be NULL before the first snapshot. */
void meters_draw(const struct layout *l, const struct ct_snapshot *s,
		 const struct history *h);

#endif
