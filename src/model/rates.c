/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/rates.h"

#include <math.h>
#include <string.h>

void rates_reset(struct rate_ring *r)
{
	memset(r, 0, sizeof *r);
}

void rates_push(struct rate_ring *r, const struct rate_sample *s)
{
	r->s[r->next] = *s;
	r->next = (r->next + 1) % RATE_SAMPLES;
	if (r->n < RATE_SAMPLES)
		r->n++;
}

/* The i-th sample back from the newest (0 newest). */
static const struct rate_sample *back(const struct rate_ring *r, unsigned i)
{
	return &r->s[(r->next + RATE_SAMPLES - 1 - i) % RATE_SAMPLES];
}

void rates_compute(const struct rate_ring *r, double window_s, uint64_t count, uint64_t max,
		   struct ct_rates *out)
{
	memset(out, 0, sizeof *out);
	out->seconds_to_full = -1;
	if (r->n < 2)
		return;
	const struct rate_sample *now = back(r, 0), *then = back(r, r->n - 1);
	for (unsigned i = 1; i < r->n && window_s > 0; i++)
		if (now->t - back(r, i)->t >= window_s) {
			then = back(r, i);
			break;
		}
	double dt = now->t - then->t;
	if (dt <= 0)
		return;
	out->valid = true;
	out->window_s = dt;
	out->growth_per_s = (double)((int64_t)now->count - (int64_t)then->count) / dt;
	out->new_known = now->created_known && then->created_known;
	if (out->new_known) {
		out->new_per_s = (double)(int64_t)(now->created - then->created) / dt;
		out->destroy_per_s = (double)(int64_t)(now->destroyed - then->destroyed) / dt;
		out->expire_per_s = (double)(int64_t)(now->expired - then->expired) / dt;
		out->growth_per_s = out->new_per_s - out->destroy_per_s;
	}
	if (out->growth_per_s > 0 && max > count)
		out->seconds_to_full = (double)(max - count) / out->growth_per_s;
	else if (out->growth_per_s > 0)
		out->seconds_to_full = 0;
}

long rates_full_in_s(const struct ct_rates *r)
{
	if (!r || !r->valid || r->growth_per_s < RATES_STEADY || r->seconds_to_full < 0)
		return -1;
	return (long)ceil(r->seconds_to_full);
}
