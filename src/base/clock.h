/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Time as ctdash measures it: monotonic for durations, the wall clock for
 * what is shown, and the calling thread's CPU for what watching costs. */
#ifndef CTDASH_CLOCK_H
#define CTDASH_CLOCK_H

/* CLOCK_MONOTONIC in milliseconds. */
double mono_ms(void);
/* CLOCK_REALTIME in seconds since the epoch. */
double real_s(void);
/* User plus system CPU of the calling thread, in milliseconds, with
 * what helpers lent it. */
double thread_cpu_ms(void);
/* Count ms of a helper thread's CPU as the calling thread's own: a
 * helper doing the thread's work (a dump's reader) keeps the thread's
 * cost per refresh, its pacing and auto's weighing true. */
void thread_cpu_lend(double ms);
/* Sleep ms milliseconds (none when ms <= 0); a signal does not cut the
 * sleep short. */
void sleep_ms(long ms);

#endif
