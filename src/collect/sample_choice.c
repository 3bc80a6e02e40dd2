/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --source auto under heavy churn (issue 21): every event while that
 * costs the host little, else 1 in k (model/sampling.h). Weighed once a
 * period from what the event engine measured: with every event, the
 * messages a second and ctdash's CPU on them (plus the kernel's part);
 * sampled, the new entries a second (seen x k) times the messages each
 * made while every event was heard. */
#include <stdio.h>
#include <unistd.h>

#include "base/clock.h"
#include "collect/snapshot.h"
#include "model/cost.h"
#include "model/kshare.h"
#include "model/sampling.h"

static uint64_t messages(const struct ct_events *ev)
{
	return ev->new_total + ev->update_total + ev->destroy_total;
}

/* The kernel's part of a message: measured from the host's busy time
 * while sampling (model/kshare.h), else the one measured by the bench. */
static double kernel_us(struct collector *c)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double us = kshare_us(&c->events->kshare, COST_EVENT_KERNEL_US, cpus > 0 ? (unsigned)cpus : 0,
			      &c->kernel_measured);
	c->kernel_us = us;
	return us;
}

/* What hearing every event costs now, as a share of a core. */
static double full_share(struct collector *c, double span)
{
	struct ct_events *ev = c->events;
	uint64_t msgs = messages(ev) - c->sample_msgs;
	uint64_t made = ev->new_weighted - c->sample_new;
	double kernel = kernel_us(c);
	if (ev->sample_k > 1) {
		double own = c->own_us > 0 ? c->own_us : COST_EVENT_OWN_US;
		return sampling_full_share((double)made / span, c->msgs_per_new, own + kernel);
	}
	double own = cost_event_own_us(ev->pump_cpu_ms - c->sample_cpu_ms, msgs);
	if (msgs >= COST_MIN_SAMPLE)
		c->own_us = own;
	if (made >= 100)
		c->msgs_per_new = (double)msgs / (double)made;
	return cost_events_share((double)msgs / span, own + kernel);
}

/* What auto chose and why, for the title: the cost of every event and
 * what a message costs, ctdash's part and the kernel's. */
static void say_why(struct collector *c, unsigned k, double share, double back)
{
	char per[64];
	snprintf(per, sizeof per, "%.1f us + kernel %.1f us (%s) a message",
		 c->own_us > 0 ? c->own_us : COST_EVENT_OWN_US, c->kernel_us,
		 c->kernel_measured ? "measured" : "assumed");
	if (k > 1 && c->calm_since > 0)
		snprintf(c->why_events, sizeof c->why_events,
			 "all events would cost %.1f%% of a core now, all heard after %.0f s; %s",
			 share * 100, SAMPLING_CALM_S, per);
	else if (k > 1 && share + back > SAMPLING_BELOW && share <= SAMPLING_BELOW)
		snprintf(c->why_events, sizeof c->why_events,
			 "all events would cost %.1f%% of a core and their resync dump %.1f%%; %s",
			 share * 100, back * 100, per);
	else if (k > 1)
		snprintf(c->why_events, sizeof c->why_events, "all events would cost %.0f%% of a core; %s",
			 share * 100, per);
	else
		snprintf(c->why_events, sizeof c->why_events, "all events cost %.1f%% of a core; %s",
			 share * 100, per);
}

static void choose(struct collector *c, double share, double now)
{
	struct ct_events *ev = c->events;
	/* back to every event costs a resync dump of the whole table */
	double back = sampling_return_share(c->dump_cpu_ms);
	unsigned k = sampling_choose_held(share, back, ev->sample_k, &c->calm_since, now);
	/* the rates go on: new is counted x k sampled, x 1 not (collector's
	 * add_rates) */
	events_sample(ev, k, now);
	ev->resync_s = k > 1 ? sampling_dump_period_s(c->dump_cpu_ms, c->interval_ms)
			     : EVENTS_RESYNC_S;
	say_why(c, k, share, back);
}

double collector_tick(struct collector *c)
{
	if (!c->events)
		return -1;
	struct ct_events *ev = c->events;
	double now = mono_ms() / 1e3;
	double next = events_sample_tick(ev, now);
	double span = now - c->sample_weighed_at;
	if (c->pref == CT_PREF_AUTO && span >= SAMPLING_PERIOD_S) {
		if (c->sample_weighed_at > 0)
			choose(c, full_share(c, span), now);
		c->sample_weighed_at = now;
		c->sample_msgs = messages(ev);
		c->sample_new = ev->new_weighted;
		c->sample_cpu_ms = ev->pump_cpu_ms;
	}
	if (c->pref == CT_PREF_AUTO) {
		double to_weigh = c->sample_weighed_at + SAMPLING_PERIOD_S - now;
		if (next < 0 || to_weigh < next)
			next = to_weigh > 0 ? to_weigh : 0;
	}
	return next < 0 ? -1 : next * 1e3;
}

uint64_t collector_destroyed(struct collector *c, uint64_t count)
{
	struct destroyed_series *d = &c->destroyed;
	const struct ct_events *ev = c->events;
	/* (a new engine may sit where the old one was: its totals behind) */
	if (d->ev == ev && ev->destroy_total >= d->destroy_total &&
	    ev->new_weighted >= d->new_weighted) {
		if (ev->sample_k <= 1) {
			d->total += ev->destroy_total - d->destroy_total;
		} else {
			/* sampling noise may make it negative: nothing went */
			int64_t went = (int64_t)(ev->new_weighted - d->new_weighted) -
				       ((int64_t)count - (int64_t)d->count);
			d->total += went > 0 ? (uint64_t)went : 0;
		}
	}
	d->ev = ev; /* a new engine's totals start at zero */
	d->destroy_total = ev->destroy_total;
	d->new_weighted = ev->new_weighted;
	d->count = count;
	return d->total;
}
