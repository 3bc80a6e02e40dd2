/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/clock.h"

#include <errno.h>
#include <time.h>

static double clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double mono_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

double real_s(void)
{
	return clock_ms(CLOCK_REALTIME) / 1e3;
}

/* CLOCK_THREAD_CPUTIME_ID brings the running thread's runtime up to now;
 * getrusage(RUSAGE_THREAD) reports it as of the last tick or switch, which
 * reads a pass of under a millisecond after a wakeup (an event pump) as
 * nothing at all. */
double thread_cpu_ms(void)
{
	return clock_ms(CLOCK_THREAD_CPUTIME_ID);
}

void sleep_ms(long ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
