/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/history.h"

#include <linux/netfilter/nfnetlink_conntrack.h>
#include <string.h>

static const struct {
	const char *name;
	unsigned attr; /* CTA_STATS_*: the slot in stat_total */
} counters[HC_NCOUNTERS] = {
	[HC_DROP] = { "drop", CTA_STATS_DROP },
	[HC_EARLY_DROP] = { "early_drop", CTA_STATS_EARLY_DROP },
	[HC_INSERT_FAILED] = { "insert_failed", CTA_STATS_INSERT_FAILED },
};

const char *hist_counter_name(enum hist_counter c)
{
	return c < HC_NCOUNTERS ? counters[c].name : NULL;
}

void history_init(struct history *h)
{
	memset(h, 0, sizeof *h);
}

double counter_rate(uint64_t before, uint64_t after, double seconds)
{
	if (after <= before || seconds <= 0)
		return 0.0;
	return (double)(after - before) / seconds;
}

static bool counters_readable(const struct ct_snapshot *s)
{
	if (s->part_err[CT_PART_STATS])
		return false;
	for (unsigned c = 0; c < HC_NCOUNTERS; c++)
		if (!(s->stat_present & (1u << counters[c].attr)))
			return false;
	return true;
}

/* Increases are summed one interval at a time so that a counter going
 * down (a CPU taken offline drops its share of the sum) is not read as a
 * huge increase, nor makes "since start" negative. */
static void add_counters(struct history *h, double t, const struct ct_snapshot *s)
{
	if (!counters_readable(s)) {
		h->have_counters = false;
		for (unsigned c = 0; c < HC_NCOUNTERS; c++)
			h->rate[c].known = false;
		return;
	}
	for (unsigned c = 0; c < HC_NCOUNTERS; c++) {
		uint64_t v = s->stat_total[counters[c].attr];
		struct counter_rate *r = &h->rate[c];
		r->since_boot = v;
		if (!h->have_first) {
			r->known = false;
		} else if (h->have_counters) {
			r->known = true;
			r->per_sec = counter_rate(h->prev_v[c], v, t - h->prev_t);
			r->rising = v > h->prev_v[c];
			if (r->rising)
				r->since_start += v - h->prev_v[c];
			r->per_sec_since_start = t > h->first_t ?
				(double)r->since_start / (t - h->first_t) : 0.0;
		}
		h->prev_v[c] = v;
	}
	if (!h->have_first) {
		h->have_first = true;
		h->first_t = t;
	}
	h->prev_t = t;
	h->have_counters = true;
}

void history_add(struct history *h, double t, const struct ct_snapshot *s)
{
	h->ring[h->head] = (struct history_sample){ t, s->count };
	h->head = (h->head + 1) % HISTORY_CAP;
	if (h->len < HISTORY_CAP)
		h->len++;
	h->max = s->max;
	add_counters(h, t, s);
}

const struct history_sample *history_at(const struct history *h, unsigned i)
{
	if (i >= h->len)
		return NULL;
	return &h->ring[(h->head + HISTORY_CAP - 1 - i) % HISTORY_CAP];
}

bool history_growth(const struct history *h, double window, double *per_sec)
{
	const struct history_sample *newest = history_at(h, 0);
	if (!newest)
		return false;
	/* times relative to the newest sample keep the sums well conditioned */
	double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (unsigned i = 0; i < h->len; i++) {
		const struct history_sample *p = history_at(h, i);
		double x = p->t - newest->t;
		if (x < -window)
			break;
		double y = (double)p->count - (double)newest->count;
		n++;
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
	}
	double den = n * sxx - sx * sx;
	if (n < 2 || den <= 1e-12)
		return false;
	*per_sec = (n * sxy - sx * sy) / den;
	return true;
}

double time_to_full(uint64_t count, uint64_t max, double per_sec)
{
	if (max && count >= max)
		return 0.0;
	if (!max || per_sec <= 0)
		return -1.0;
	return (double)(max - count) / per_sec;
}

static unsigned column_of(double t, double start, double span, unsigned ncols)
{
	unsigned col = (unsigned)((t - start) / span * ncols);
	return col >= ncols ? ncols - 1 : col;
}

uint64_t history_series(const struct history *h, double now, double span,
			unsigned ncols, double max_gap, double *out)
{
	for (unsigned c = 0; c < ncols; c++)
		out[c] = -1.0;
	if (!ncols || span <= 0)
		return 0;
	double start = now - span;
	const struct history_sample *prev = NULL;
	/* oldest first, so the newest sample of a column wins */
	for (unsigned i = h->len; i-- > 0;) {
		const struct history_sample *p = history_at(h, i);
		if (p->t < start || p->t > now) {
			prev = p->t < start ? p : prev;
			continue;
		}
		unsigned col = column_of(p->t, start, span, ncols);
		/* the count holds between samples taken close enough together:
		 * columns narrower than the interval repeat the one before */
		if (prev && p->t - prev->t <= max_gap) {
			unsigned from = prev->t < start ? 0 : column_of(prev->t, start, span, ncols) + 1;
			for (unsigned c = from; c < col; c++)
				out[c] = (double)prev->count;
		}
		out[col] = (double)p->count;
		prev = p;
	}
	uint64_t peak = 0;
	for (unsigned c = 0; c < ncols; c++)
		if (out[c] > (double)peak)
			peak = (uint64_t)out[c];
	return peak;
}
