/* SPDX-License-Identifier: GPL-2.0-or-later */
/* r: names instead of addresses, on and off. The resolver's threads start
 * the first time names are turned on (none run for a user who never asks)
 * and stay until the dashboard ends, so the names found are kept while
 * names are off for a moment. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "collect/rdns.h"
#include "dash.h"
#include "hostnames.h"

void act_toggle_names(struct dash *d)
{
	double now = mono_ms() / 1e3;
	if (hostnames_on()) {
		hostnames_use(NULL);
		status_message(&d->status, now, false, "addresses shown (r: names)");
		return;
	}
	if (!d->rdns) {
		struct rdns_config cfg;
		int ret = rdns_config_default(&cfg);
		if (ret < 0) {
			status_message(&d->status, now, true, "cannot read CTDASH_TEST_HOSTS: %s",
				       strerror(-ret));
			return;
		}
		d->rdns = rdns_start(&cfg);
		if (!d->rdns) {
			status_message(&d->status, now, true, "cannot start the name lookups: %s",
				       strerror(errno));
			return;
		}
	}
	hostnames_use(d->rdns);
	status_message(&d->status, now, false,
		       "names shown as they are found (addresses meanwhile); r: addresses");
}

void act_names_arrived(struct dash *d)
{
	rdns_drain(d->rdns);
}

void act_names_figures(struct dash *d, struct help_figures *f)
{
	struct rdns_stats st;
	f->names_started = d->rdns != NULL;
	if (!d->rdns)
		return;
	rdns_get_stats(d->rdns, &st);
	f->names_lookups = st.lookups;
	f->names_hits = st.hits;
	f->names_dropped = st.dropped;
	f->names_held = st.held;
	f->names_capacity = st.capacity;
}

void act_names_stop(struct dash *d)
{
	hostnames_use(NULL);
	rdns_stop(d->rdns);
	d->rdns = NULL;
}
