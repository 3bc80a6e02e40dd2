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
/* CPU that helper threads spent on this thread's behalf (a dump's
 * reader, src/collect/nlpipe.c): the kernel's dump work runs there. */
static _Thread_local double cpu_lent_ms;

double thread_cpu_ms(void)
{
	return clock_ms(CLOCK_THREAD_CPUTIME_ID) + cpu_lent_ms;
}

void thread_cpu_lend(double ms)
{
	cpu_lent_ms += ms;
}

void sleep_ms(long ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
