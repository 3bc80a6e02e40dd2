/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the dashboard remembers between snapshots: the entry count over the
 * last minutes (for the sparkline), the drop counters as rates, and how
 * fast the table grows. Plain data and pure functions, no curses. */
#ifndef CTDASH_HISTORY_H
#define CTDASH_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

/* Samples kept: at the default 2 s interval, 34 minutes. */
#define HISTORY_CAP 1024
/* Growth is the least-squares slope over this many seconds of samples. */
#define HISTORY_GROWTH_WINDOW 30.0

/* The kernel counters the header shows as rates. */
enum hist_counter {
	HC_DROP,
	HC_EARLY_DROP,
	HC_INSERT_FAILED,
	HC_NCOUNTERS
};

struct history_sample {
	double t;       /* seconds, CLOCK_MONOTONIC */
	uint64_t count; /* nf_conntrack_count */
};

struct counter_rate {
	bool known;              /* read in the last two snapshots */
	double per_sec;          /* between the last two snapshots */
	double per_sec_since_start;
	uint64_t since_start;    /* increase since the first snapshot */
	uint64_t since_boot;     /* the kernel's sum over CPUs */
	bool rising;             /* went up between the last two snapshots */
};

struct history {
	struct history_sample ring[HISTORY_CAP];
	unsigned head, len;      /* head: next slot to write */
	uint64_t max;            /* nf_conntrack_max of the last sample */

	bool have_counters;      /* last snapshot had them */
	double first_t, prev_t;
	uint64_t first_v[HC_NCOUNTERS], prev_v[HC_NCOUNTERS];
	bool have_first;
	struct counter_rate rate[HC_NCOUNTERS];
};

void history_init(struct history *h);
/* Add a snapshot taken at monotonic time t (seconds). */
void history_add(struct history *h, double t, const struct ct_snapshot *s);

/* The i-th newest sample (0 = newest); NULL past the oldest. */
const struct history_sample *history_at(const struct history *h, unsigned i);

/* Name of a counter as the kernel calls it ("drop", …). */
const char *hist_counter_name(enum hist_counter c);

/* Increase of a cumulative counter per second; 0 when it went down (a
 * CPU went offline, the module was reloaded) or no time passed. */
double counter_rate(uint64_t before, uint64_t after, double seconds);

/* Least-squares slope (entries per second) of the samples of the last
 * window seconds before the newest. false when fewer than two samples
 * span that window or they were all taken at the same moment. */
bool history_growth(const struct history *h, double window, double *per_sec);

/* Seconds until count reaches max at per_sec entries per second; a
 * negative number when the table does not grow (so never fills), 0 when
 * it is already full. */
double time_to_full(uint64_t count, uint64_t max, double per_sec);

/* The count over [now − span, now] in ncols equal columns, oldest first:
 * out[i] is the newest sample that falls in column i; a column between
 * two samples at most max_gap seconds apart repeats the earlier one (the
 * count holds between samples), any other column is −1 (no data: before
 * the first sample, or while paused). Returns the largest value written. */
uint64_t history_series(const struct history *h, double now, double span,
			unsigned ncols, double max_gap, double *out);

#endif
