#include "model/cost.h"

double cost_dump_share(double dump_cpu_ms, unsigned interval_ms)
{
	return interval_ms ? dump_cpu_ms / interval_ms : 0.0;
}

double cost_events_share(double events_per_s)
{
	return events_per_s * COST_EVENT_US / 1e6;
}

bool cost_dumps_cheaper(double dump_cpu_ms, unsigned interval_ms, double events_per_s)
{
	if (!interval_ms)
		return false; /* a one-shot report: no refreshes to compare */
	return cost_dump_share(dump_cpu_ms, interval_ms) < cost_events_share(events_per_s) / 2;
}
