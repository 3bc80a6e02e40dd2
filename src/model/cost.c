/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/cost.h"

double cost_event_own_us(double own_cpu_ms, uint64_t msgs)
{
	/* a few messages timed are mostly the timer's own noise */
	return msgs >= COST_MIN_SAMPLE ? own_cpu_ms * 1e3 / (double)msgs : COST_EVENT_OWN_US;
}

double cost_event_us(double own_cpu_ms, uint64_t msgs, double kernel_us)
{
	return cost_event_own_us(own_cpu_ms, msgs) + (kernel_us > 0 ? kernel_us : COST_EVENT_KERNEL_US);
}

double cost_dump_share(double dump_cpu_ms, unsigned interval_ms)
{
	return interval_ms ? dump_cpu_ms / interval_ms : 0.0;
}

double cost_events_share(double events_per_s, double us_per_event)
{
	return events_per_s * us_per_event / 1e6;
}

bool cost_dumps_cheaper(double dump_cpu_ms, unsigned interval_ms, double events_per_s,
			double us_per_event)
{
	if (!interval_ms)
		return false; /* a one-shot report: no refreshes to compare */
	return cost_dump_share(dump_cpu_ms, interval_ms) <
	       cost_events_share(events_per_s, us_per_event) / 2;
}
