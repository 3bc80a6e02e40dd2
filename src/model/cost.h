/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --source auto: events or a dump per refresh, whichever costs the host
 * less. A listener makes the kernel build and send a message for every
 * event of the namespace, in the packet path, whether the table is big or
 * small; a dump costs in proportion to the table (every namespace's
 * entries are walked), once a refresh. */
#ifndef CTDASH_COST_H
#define CTDASH_COST_H

#include <stdbool.h>
#include <stdint.h>

/* The kernel's part of an event message, in microseconds: building and
 * queueing it in the packet path, charged to whoever sends the packet, so
 * ctdash cannot time it itself. Measured with tests/bench-events phase D on
 * an idle 2-CPU VM: the generator's own CPU rose by 1.4 to 2.5 us per event
 * message with a listener (doc/ctdash.8, "EVENTS AND THEIR COST"). */
#define COST_EVENT_KERNEL_US 2.0
/* ctdash's part until it has timed enough of its own: 3.9 to 4.6 us an
 * event message measured the same way, rounded up. */
#define COST_EVENT_OWN_US 5.0
/* Event messages needed before ctdash's own timing is trusted over that. */
#define COST_MIN_SAMPLE 2000
/* Back to events once dumping every refresh would take this share of a
 * core (the hysteresis keeps auto from flapping). */
#define COST_DUMP_BACK_TO_EVENTS 0.05
/* How often auto weighs, seconds. */
#define COST_WEIGH_S 10.0

/* Microseconds an event message costs the host: ctdash's own CPU, timed
 * over msgs messages, plus the kernel's part, kernel_us (measured,
 * model/kshare.h; not above 0: COST_EVENT_KERNEL_US). */
double cost_event_us(double own_cpu_ms, uint64_t msgs, double kernel_us);
/* ctdash's own part alone. */
double cost_event_own_us(double own_cpu_ms, uint64_t msgs);
/* Share of a core each way: dumping dump_cpu_ms every interval_ms, and
 * events arriving at events_per_s, each costing us_per_event. */
double cost_dump_share(double dump_cpu_ms, unsigned interval_ms);
double cost_events_share(double events_per_s, double us_per_event);
/* Whether dumps cost less than half what events do (so a small table
 * with heavy churn is dumped instead). */
bool cost_dumps_cheaper(double dump_cpu_ms, unsigned interval_ms, double events_per_s,
			double us_per_event);

#endif
