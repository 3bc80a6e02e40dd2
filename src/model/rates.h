/* SPDX-License-Identifier: GPL-2.0-or-later */
/* New, destroyed and net growth per second from cumulative counts taken
 * at each refresh: from events (new and destroy events applied), or in
 * dump mode from the kernel's per-CPU insert counter and the entry count
 * (destroyed = inserted − growth). Kernels that no longer count inserts
 * (6.x sends the counter as 0) leave only the growth. */
#ifndef CTDASH_RATES_H
#define CTDASH_RATES_H

#include <stdint.h>

#include "model/model.h"

#define RATE_SAMPLES 64

struct rate_sample {
	double t;            /* monotonic seconds */
	uint64_t created;    /* cumulative */
	uint64_t destroyed;  /* cumulative */
	uint64_t expired;    /* cumulative: timers run out, seen by the event engine */
	uint64_t count;      /* entries now */
	bool created_known;  /* false: only count is known */
};

struct rate_ring {
	struct rate_sample s[RATE_SAMPLES];
	unsigned n, next;
};

/* Forget the samples (the counters they came from changed meaning). */
void rates_reset(struct rate_ring *r);
void rates_push(struct rate_ring *r, const struct rate_sample *s);
/* Rates between the newest sample and the newest one at least window_s
 * older (the oldest when none is; window_s 0: the oldest). count and max
 * give the time until full. */
void rates_compute(const struct rate_ring *r, double window_s, uint64_t count, uint64_t max,
		   struct ct_rates *out);

/* Net growth below this many entries a second is "steady", not filling. */
#define RATES_STEADY 0.05
/* The one "full in" every screen gives (the count's line in the header,
 * the churn meter, --once, --json and the advice): seconds until full at
 * the net growth over the window r states, rounded up to whole seconds;
 * 0 when full; -1 when not filling (no rates yet, shrinking, or steady). */
long rates_full_in_s(const struct ct_rates *r);

#endif
