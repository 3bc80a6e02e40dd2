/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/feed.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/clock.h"
#include "collect/nsscan.h"

int record_feed_start(struct record_feed *f, const char *path, const struct rec_limits *lim,
		      bool all_netns, char *why, size_t n)
{
	memset(f, 0, sizeof *f);
	f->all_netns = all_netns;
	advice_tracker_init(&f->tracker);
	f->rec = recorder_start(path, lim, why, n);
	return f->rec ? 0 : -1;
}

void record_feed_stop(struct record_feed *f)
{
	recorder_stop(f->rec);
	f->rec = NULL;
}

/* The busiest maker of new entries, else the source with most entries:
 * the sample is its entries. */
static bool busiest_source(const struct ct_snapshot *s, char *filter, size_t n)
{
	char addr[INET6_ADDRSTRLEN];
	int family = s->n_new_src ? s->top_new_src[0].family : s->ntop ? s->top[0].family : 0;
	const uint8_t *a = s->n_new_src ? s->top_new_src[0].addr : s->top[0].addr;
	if (!family || !inet_ntop(family, a, addr, sizeof addr))
		return false;
	snprintf(filter, n, "src %s", addr);
	return true;
}

/* The sample is a dump of whole entries: asked for one collection when
 * due (every REC_SAMPLE_EVERY_S while an incident lasts), then let go,
 * so an incident on a big table costs one such dump that often, not one
 * a refresh. */
static void ask_sample(struct record_feed *f, struct sampler *smp, const struct ct_snapshot *s)
{
	struct recorder_status st;
	recorder_get_status(f->rec, &st);
	double now = mono_ms() / 1e3;
	char filter[96];
	if (f->list_on && (!st.wants_list || (s->list.on && s->list.err == 0))) {
		/* this snapshot carried the sample (or the incident ended) */
		sampler_queue_list(smp, false, "", &f->sort, 0);
		f->list_on = false;
		f->next_sample = now + REC_SAMPLE_EVERY_S;
	} else if (!f->list_on && st.wants_list && now >= f->next_sample &&
		   busiest_source(s, filter, sizeof filter)) {
		f->sort = (struct sort_spec){ .key = { SK_TIMEOUT }, .desc = { true }, .n = 1 };
		/* at the next refresh, not at once: an extra collection
		 * made a picture a millisecond after the last, and rates
		 * over that millisecond */
		sampler_queue_list(smp, true, filter, &f->sort, REC_SAMPLE_ROWS);
		f->list_on = true;
	}
}

void record_feed_snapshot(struct record_feed *f, struct sampler *smp, const struct ct_snapshot *s,
			  double started, const struct advice_rates *rates,
			  const struct ns_table *ns)
{
	if (!rates) {
		advice_track(&f->tracker, started, s);
		rates = &f->tracker.rates;
	}
	struct ns_table t = { 0 };
	if (f->all_netns && !ns) {
		(void)nsscan_run(&t); /* a failed scan still lists what it found */
		ns = &t;
	}
	recorder_submit(f->rec, s, rates, f->all_netns ? ns : NULL);
	nsscan_free(&t);
	if (smp)
		ask_sample(f, smp, s);
}

bool record_feed_news(struct record_feed *f, char *msg, size_t n)
{
	struct recorder_status st;
	recorder_get_status(f->rec, &st);
	if (st.changes == f->seen_changes)
		return false;
	f->seen_changes = st.changes;
	snprintf(msg, n, "%s", st.message);
	return true;
}
