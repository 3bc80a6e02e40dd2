/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's part of an event message (issue 21), measured from the
 * host's busy time. The kernel builds each message in the sender's packet
 * path, so ctdash cannot time it on itself; but while it samples it joins
 * and leaves the NEW group every second, and the kernel builds messages
 * only while it is in. The host's busy time less ctdash's own, a second,
 * in the windows in against the windows out, times the time in, is the
 * kernel's work on the messages heard meanwhile. Other load on the host
 * falls in both alike and cancels out over many windows. The math only;
 * the readings are collect/hostbusy.c's. */
#ifndef CTDASH_KSHARE_H
#define CTDASH_KSHARE_H

#include <stdbool.h>
#include <stdint.h>

/* Enough to trust the measurement: seconds in and out, and messages. */
#define KSHARE_MIN_S 3.0
#define KSHARE_MIN_MSGS 20000
/* What is believed of it: below, the noise of other load; above, the
 * measurement disturbed (a busy neighbour in step with the windows). */
#define KSHARE_MIN_US 0.5
#define KSHARE_MAX_US 20.0
/* A host this busy in the windows out (a share of all its CPUs) has no
 * room to show the kernel's work in the windows in: not measured. */
#define KSHARE_SATURATED 0.85

struct kshare {
	bool started;          /* a window is being timed */
	bool open;             /* in the group since at_s */
	double at_s, busy_at_s;
	uint64_t msgs_at;
	double open_s, open_busy_s, closed_s, closed_busy_s;
	uint64_t msgs;         /* messages heard over the timed windows */
};

/* A window ends and the next begins (open: in the group from now), at
 * now_s, the host's busy seconds less ctdash's own others_busy_s (NaN:
 * unknown, this window is not counted), msgs_total messages heard so far. */
void kshare_toggle(struct kshare *k, bool open, double now_s, double others_busy_s,
		   uint64_t msgs_total);
/* Stop timing (every event heard: no window out to weigh against). */
void kshare_stop(struct kshare *k);
/* Microseconds of the kernel's a message: measured once enough was
 * timed (*measured true), else prior_us; prior_us too when the host
 * (cpus CPUs; 0 unknown) was saturated. */
double kshare_us(const struct kshare *k, double prior_us, unsigned cpus, bool *measured);

#endif
