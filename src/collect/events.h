/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event engine: ctnetlink events (new, update, destroy) keep the
 * counts current between dumps, so a refresh costs in proportion to what
 * changed, not to the size of the table.
 *
 * The socket is opened before the first dump, so nothing that happens
 * while a dump runs is missed. A dump (a resync) rebuilds the index; the
 * events that arrive meanwhile are applied to the new index as they come,
 * reconciled by entry id: an entry an event already made is not counted
 * again when the dump reaches it, and one destroyed during the dump is
 * remembered so that a dump message built before the destroy does not
 * bring it back. */
#ifndef CTDASH_EVENTS_H
#define CTDASH_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "collect/ctindex.h"
#include "collect/ctmsg.h"
#include "collect/expiry.h"
#include "collect/keytab.h"
#include "collect/nlconn.h"
#include "model/kshare.h"
#include "model/model.h"

#define EVENTS_RCVBUF_DEFAULT (4 << 20)
#define EVENTS_RCVBUF_MAX (64 << 20)
#define EVENTS_RESYNC_S 60.0
/* Datagrams read per system call, and room for each: an event message is
 * a few hundred bytes, a datagram holds one. */
#define EVENTS_BATCH 64
#define EVENTS_SLOT 8192

struct ct_events {
	struct nlconn nc;
	struct nl_batch batch;
	bool open;
	int rcvbuf;
	struct ctindex ix;
	struct ctindex destroyed;   /* ids destroyed while a dump runs */
	struct keytab src, dst, port;
	struct ct_tally live;       /* counts kept by events (no histograms) */
	/* aged by the engine (collect/expiry.h): expired, not yet reaped
	 * by the kernel (part of nf_conntrack_count, not of live), and how
	 * many expired since the start */
	struct expiry_heap expiry;
	uint64_t expired_unreaped, expired_total;
	double now_s;               /* the engine's clock: set by pump, dump and init */
	bool dumping;
	bool need_resync;
	const char *resync_reason;
	unsigned drift_strikes;     /* consecutive refreshes off nf_conntrack_count */
	double resync_s;
	double last_dump_at;        /* monotonic seconds; 0 never */
	double last_pump_at;        /* monotonic seconds: the socket last drained */
	uint64_t new_total, update_total, destroy_total, lost, resyncs, malformed;
	uint64_t losses_since_dump; /* overruns since the last resync */
	double pump_cpu_ms;         /* this thread's CPU reading and applying events */
	/* sampling under heavy churn (events_sample.c, model/sampling.h):
	 * sample_k 1 listens to every group; k > 1 to NEW alone, 1/k of the
	 * time, each NEW then weighing k in the churn tops; the index and its
	 * counts stay the last dump's meanwhile */
	unsigned sample_k;
	bool window_open;
	double sample_since;        /* monotonic seconds this 1-in-k began */
	double window_at;           /* when the open window opened */
	double listened_s;          /* closed windows' time since sample_since */
	uint64_t new_weighted;      /* NEW events, each weighing its k then */
	struct kshare kshare;       /* the kernel's part, timed by the windows */
};

/* An engine without a socket (events come from events_apply). */
void events_init(struct ct_events *ev, double now_s);
/* events_init, and the socket: 0, or a negative errno (nothing to close
 * then). rcvbuf: initial receive buffer (0: default). */
int events_open(struct ct_events *ev, int rcvbuf, double now_s);
void events_close(struct ct_events *ev);
int events_fd(const struct ct_events *ev);

/* Read and apply what is queued, for at most budget_ms. Returns the
 * number of messages applied. */
unsigned events_pump(struct ct_events *ev, double budget_ms);

/* A resync dump: begin (drains the socket first, then starts a new
 * index sized for expect entries, nf_conntrack_count), every dumped
 * entry, end. */
void events_begin_dump(struct ct_events *ev, uint64_t expect);
void events_dump_entry(struct ct_events *ev, const struct ct_entry *e);
void events_end_dump(struct ct_events *ev, bool complete, double now_s);

/* Apply one event. */
void events_apply(struct ct_events *ev, enum ct_event_kind kind, const struct ct_entry *e);

/* Entries whose timer ran out by now_s (and that got no event since)
 * leave the counts: the figures equal what a dump shows, which never
 * lists an expired entry. */
void events_age(struct ct_events *ev, double now_s);
/* Listen to every event (k 1) or sample 1 in k: leaving the full
 * groups, or joining them again (a resync dump then, the index being
 * stale). */
void events_sample(struct ct_events *ev, unsigned k, double now_s);
/* Open or close the sampling window as due; the seconds until the next
 * change, or -1 when not sampling. */
double events_sample_tick(struct ct_events *ev, double now_s);
/* The share of the time listened since this 1 in k began (1 with every
 * event). */
double events_listened_share(const struct ct_events *ev, double now_s);

/* Whether the next refresh must dump: never dumped, events lost, the
 * periodic resync due, or the kept count off nf_conntrack_count (count)
 * by more than a small margin twice in a row. */
bool events_resync_due(struct ct_events *ev, uint64_t count, double now_s);

/* The event-kept figures into s: the counts into s->tally (the
 * histograms are left as they are: the last dump's), top sources. */
void events_fill_counts(const struct ct_events *ev, struct ct_snapshot *s, unsigned top_n);
/* The top_n churn tops ranked over window w, and s->events. */
void events_fill_churn(struct ct_events *ev, struct ct_snapshot *s, enum keytab_window w,
		       double now_s, unsigned top_n);

#endif
