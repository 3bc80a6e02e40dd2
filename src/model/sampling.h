/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --source auto under heavy churn (issue 21): listening to every event
 * costs the host in proportion to the churn (the kernel builds each
 * message in the packet path, ~2 us, and ctdash reads it), so above a
 * share of a core ctdash listens to NEW events only, during one window
 * of each period (duty cycle 1/k: no member in the group, the kernel
 * builds nothing), and scales what it saw by k. The count then comes from
 * nf_conntrack_count (exact), rates from the kernel's insert counter, and
 * states and holders from dumps whose period keeps their cost in budget.
 * The math only; the engine is collect/events_sample.c. */
#ifndef CTDASH_SAMPLING_H
#define CTDASH_SAMPLING_H

#include <stdbool.h>

/* One listening window opens at the start of each period. */
#define SAMPLING_PERIOD_S 1.0
/* Full events above this share of a core (events/s x us per event):
 * sample. Back to full events below the lower mark (no flapping). */
#define SAMPLING_ABOVE 0.05
#define SAMPLING_BELOW 0.025
/* The share the sampled events may take, and the dumps beside them. */
#define SAMPLING_TARGET 0.02
#define SAMPLING_DUMP_SHARE 0.03
/* The longest dump period in sampled mode, seconds. */
#define SAMPLING_DUMP_MAX_S 300.0
/* Messages each new entry makes when the mix is unknown: NEW and DESTROY
 * (a UDP flow without reply). */
#define SAMPLING_MSGS_PER_NEW 2.0

/* The 1-in-k to use: 1 (every event) while full events cost at most
 * SAMPLING_ABOVE of a core (SAMPLING_BELOW once sampling, current_k > 1),
 * else the smallest of 2, 5, 10, 20, 50 that brings them under
 * SAMPLING_TARGET (50 when none does). full_share: what listening to
 * every event would cost, as a share of a core. return_share: what
 * hearing every event again costs beside (sampling_return_share; 0 when
 * nothing), weighed against the lower mark only. */
unsigned sampling_choose(double full_share, double return_share, unsigned current_k);

/* Hearing every event again needs a resync dump of the whole host table
 * at once (the index is stale): dump_cpu_ms spread over this many
 * seconds, the resync period with every event heard. */
#define SAMPLING_RETURN_SPREAD_S 60.0
double sampling_return_share(double dump_cpu_ms);

/* Seconds of calm (sampling_choose saying 1) before a sampled engine
 * hears every event again: that costs a resync dump, so a flood's pause
 * does not. */
#define SAMPLING_CALM_S 10.0
/* sampling_choose, held: while sampling, 1 only after SAMPLING_CALM_S of
 * calm, the current k until then. *calm_since: when the calm began (0:
 * none), kept up to date. */
unsigned sampling_choose_held(double full_share, double return_share, unsigned current_k,
			      double *calm_since, double now_s);

/* What every event would cost while sampling: new entries a second
 * (exact, from the kernel's counter), messages per new entry (measured
 * while listening to all; <= 0: SAMPLING_MSGS_PER_NEW) and us a message
 * (cost_event_us). A share of a core. */
double sampling_full_share(double new_per_s, double msgs_per_new, double us_per_event);

/* Seconds between dumps while sampling: a dump costing dump_cpu_ms takes
 * at most SAMPLING_DUMP_SHARE of a core, never more often than the
 * refresh (interval_ms) nor less often than SAMPLING_DUMP_MAX_S. */
double sampling_dump_period_s(double dump_cpu_ms, unsigned interval_ms);

/* A dump while sampled is paced: it may take at most this share of a
 * core while it runs (the kernel's walk is done in ctdash's reads, so
 * reading slower walks slower), so no stretch of time carries a whole
 * dump of a big table (1.2 s of CPU at 1,000,000 entries). Where the
 * snapshot is published partly meanwhile (the exporter) only. */
#define SAMPLING_DUMP_PACE 0.04
/* Milliseconds to sleep so that cpu_ms spent over wall_ms is at most
 * pace of a core (0 when under it, or pace <= 0). */
double sampling_pace_sleep_ms(double cpu_ms, double wall_ms, double pace);

/* Whether the window is open at since_s seconds after sampling began,
 * and the seconds until it next opens or closes. */
bool sampling_window_open(double since_s, unsigned k);
double sampling_next_toggle_s(double since_s, unsigned k);

/* A count seen in the windows, scaled to the whole time. */
double sampling_scale(double seen, unsigned k);

#endif
