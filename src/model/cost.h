/* --source auto: events or a dump per refresh, whichever costs the host
 * less. A listener makes the kernel build and send a message for every
 * event of the namespace, in the packet path, whether the table is big or
 * small; a dump costs in proportion to the table (every namespace's
 * entries are walked), once a refresh. */
#ifndef CTDASH_COST_H
#define CTDASH_COST_H

#include <stdbool.h>

/* CPU per event message, kernel and ctdash together, in microseconds:
 * about 10 measured with tests/bench-events at 10k new flows/s (doc/ctdash.8,
 * "EVENTS AND THEIR COST"). */
#define COST_EVENT_US 10.0
/* Back to events once dumping every refresh would take this share of a
 * core (the hysteresis keeps auto from flapping). */
#define COST_DUMP_BACK_TO_EVENTS 0.05
/* How often auto weighs, seconds. */
#define COST_WEIGH_S 10.0

/* Share of a core each way: dumping dump_cpu_ms every interval_ms, and
 * events arriving at events_per_s. */
double cost_dump_share(double dump_cpu_ms, unsigned interval_ms);
double cost_events_share(double events_per_s);
/* Whether dumps cost less than half what events do (so a small table
 * with heavy churn is dumped instead). */
bool cost_dumps_cheaper(double dump_cpu_ms, unsigned interval_ms, double events_per_s);

#endif
