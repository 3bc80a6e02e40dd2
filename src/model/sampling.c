/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/sampling.h"

#include <math.h>

#include "model/cost.h"

static const unsigned steps[] = { 2, 5, 10, 20, 50 };

unsigned sampling_choose(double full_share, double return_share, unsigned current_k)
{
	bool sampled = current_k > 1;
	double mark = sampled ? SAMPLING_BELOW : SAMPLING_ABOVE;
	/* sampled, every event again also costs the dump it needs */
	double weighed = sampled && return_share > 0 ? full_share + return_share : full_share;
	if (!(weighed > mark))
		return 1; /* NaN too: no measurement, no sampling */
	unsigned n = sizeof steps / sizeof steps[0];
	for (unsigned i = 0; i < n; i++)
		if (full_share / steps[i] <= SAMPLING_TARGET)
			return steps[i];
	return steps[n - 1];
}

double sampling_return_share(double dump_cpu_ms)
{
	return dump_cpu_ms > 0 ? dump_cpu_ms / 1e3 / SAMPLING_RETURN_SPREAD_S : 0;
}

unsigned sampling_choose_held(double full_share, double return_share, unsigned current_k,
			      double *calm_since, double now_s)
{
	unsigned k = sampling_choose(full_share, return_share, current_k);
	if (k > 1 || current_k <= 1) {
		*calm_since = 0;
		return k;
	}
	if (*calm_since <= 0)
		*calm_since = now_s;
	return now_s - *calm_since >= SAMPLING_CALM_S ? 1 : current_k;
}

double sampling_full_share(double new_per_s, double msgs_per_new, double us_per_event)
{
	if (!(msgs_per_new > 0))
		msgs_per_new = SAMPLING_MSGS_PER_NEW;
	return cost_events_share(new_per_s * msgs_per_new, us_per_event);
}

double sampling_dump_period_s(double dump_cpu_ms, unsigned interval_ms)
{
	double period = dump_cpu_ms / 1e3 / SAMPLING_DUMP_SHARE;
	double floor_s = interval_ms / 1e3;
	if (!(period > floor_s))
		period = floor_s;
	return period > SAMPLING_DUMP_MAX_S ? SAMPLING_DUMP_MAX_S : period;
}

double sampling_pace_sleep_ms(double cpu_ms, double wall_ms, double pace)
{
	if (!(pace > 0) || !(cpu_ms > 0))
		return 0;
	double due = cpu_ms / pace - wall_ms; /* the wall time cpu_ms is owed */
	return due > 0 ? due : 0;
}

static double phase_of(double since_s)
{
	double p = fmod(since_s, SAMPLING_PERIOD_S);
	return p < 0 ? p + SAMPLING_PERIOD_S : p;
}

bool sampling_window_open(double since_s, unsigned k)
{
	return k <= 1 || phase_of(since_s) < SAMPLING_PERIOD_S / k;
}

double sampling_next_toggle_s(double since_s, unsigned k)
{
	double p = phase_of(since_s), open = SAMPLING_PERIOD_S / (k ? k : 1);
	return p < open ? open - p : SAMPLING_PERIOD_S - p;
}

double sampling_scale(double seen, unsigned k)
{
	return seen * (k ? k : 1);
}
