/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One call that reads everything into a snapshot. */
#ifndef CTDASH_COLLECT_H
#define CTDASH_COLLECT_H

#include <stdbool.h>

#include "model/model.h"
#include "model/rates.h"
#include "collect/events.h"
#include "collect/dump_counts.h"

/* --source: where the counts come from. */
enum ct_source_pref {
	CT_PREF_AUTO = 0,  /* events when the namespace has them, else dumps */
	CT_PREF_EVENTS,
	CT_PREF_DUMP,
};

/* Called while the dump streams with the entries counted so far; return
 * false to abandon the dump (the snapshot is then marked incomplete). */
typedef bool (*collect_progress_fn)(uint64_t entries, void *arg);

struct collector {
	struct ct_tops tops;   /* kept between dumps to reuse their memory */
	unsigned top_n;
	unsigned max_attempts; /* dumps tried when the kernel says one was lost */
	collect_progress_fn progress;
	void *progress_arg;
	unsigned test_pause_ms; /* CTDASH_TEST_DUMP_PAUSE_MS: tests make dumps slow */
	const char *netns;     /* label only; the caller entered it */
	int netns_named;       /* the label named it at the first collection:
				  1 yes, 0 no, -1 unknown, -2 not looked yet */

	/* events between dumps (collector_use_events); NULL: a dump each time */
	struct ct_events *events;
	enum ct_source_pref pref;
	char why_dump[96];     /* why dumps are used, when they are */
	unsigned loss_strikes; /* resyncs in a row that lost events at the biggest buffer */
	struct ct_tally *last_dump; /* the last dump's tally: its histograms stay shown */
	struct collect_dump_info {
		bool complete;
		unsigned attempts;
		double ms;
		int err;
		uint64_t malformed;
	} last_dump_info;
	enum keytab_window rank_window; /* churn tops: KT_10S, or KT_MARK for --interval */
	double rate_window_s;  /* header rates over about this long (0: since the first) */
	struct rate_ring rates;
	/* --source auto weighs events against dumps (model/cost.h) */
	unsigned interval_ms;  /* the refresh interval; 0: a one-shot report */
	double dump_cpu_ms;    /* CPU the last dump cost this thread */
	double weighed_at;     /* monotonic seconds of the last weighing */
	uint64_t weighed_msgs; /* event messages applied by then */
	double weighed_cpu_ms; /* and the CPU spent on them by then */
	bool dumps_by_cost;    /* in dumps because they were cheaper */
	/* --source auto under heavy churn: every event or 1 in k
	 * (sample_choice.c), weighed every SAMPLING_PERIOD_S */
	double sample_weighed_at;
	uint64_t sample_msgs, sample_new;  /* event totals then */
	double sample_cpu_ms;              /* and the CPU spent on them */
	double msgs_per_new;   /* measured with every event; 0 unknown */
	double own_us;         /* ctdash's cost of a message, measured; 0 unknown */
	double kernel_us;      /* the kernel's, measured or assumed */
	bool kernel_measured;
	double calm_since;     /* sampled, and every event would cost little since */
	bool pace_dumps;       /* sampled, pace the dumps (partial refreshes
				  are published meanwhile: the exporter) */
	double paced_ms;       /* time the dumps waited for their pace, all told */
	char why_events[160];  /* what auto chose and why */
	struct destroyed_series { /* collector_destroyed */
		uint64_t total, destroy_total, new_weighted, count;
		const struct ct_events *ev; /* whose totals these are */
	} destroyed;
	/* NAT (issue 19): the ruleset's range, read again every
	 * NAT_RANGE_EVERY_S while SNAT entries show; the last dump's groups
	 * for the refreshes between resyncs; silences without start times */
	struct ct_nat_range nat_range;
	bool nat_range_read;
	double nat_range_at;
	struct ct_nat last_nat;
	double last_nat_at;    /* monotonic seconds it was taken */
	struct nat_track nat_track;
	/* another reader of the whole-table dump, when one runs (the list
	 * view's rows: one dump for both): begin before each attempt, entry
	 * for each entry (parsed whole); ran says a dump fed it, and with
	 * what result (0 or a negative errno) */
	struct collect_tap {
		void (*begin)(void *arg);
		void (*entry)(const struct ct_entry *e, void *arg);
		void *arg;
		bool ran;
		int ret;
	} tap;
};

#define NAT_RANGE_EVERY_S 10.0

void collector_init(struct collector *c, unsigned top_n);
void collector_free(struct collector *c);

/* Open the event socket (before the first collection, so nothing is
 * missed) unless pref or the namespace says dumps: nf_conntrack_events
 * = 0 there, or the socket cannot be had. rcvbuf 0: the default. The
 * reason for dumps lands in c->why_dump and each snapshot's events. */
void collector_use_events(struct collector *c, enum ct_source_pref pref, int rcvbuf);
/* The event socket's descriptor (readable when events wait), or -1. */
int collector_event_fd(const struct collector *c);
/* Apply queued events (between collections). */
void collector_pump(struct collector *c);
/* Between collections, as often as asked: opens and closes the sampling
 * window, and with --source auto weighs every event against sampling.
 * Returns the milliseconds until it wants calling again, or -1. */
double collector_tick(struct collector *c);
/* Entries destroyed so far, for the rates, one series whatever the
 * mode: every event heard, the DESTROY events; sampled (none heard), the
 * new entries (seen x k) less the growth of count. */
uint64_t collector_destroyed(struct collector *c, uint64_t count);
/* Start counting churn for an --interval watch from now. */
void collector_mark(struct collector *c);

/* Fill s (which must be zeroed or snapshot_free'd) with the current state.
 * Returns 0, or -ENOENT when nf_conntrack is not loaded: nothing else is
 * read then. Parts that could not be read are flagged in s->part_err. */
int collect_snapshot(struct collector *c, struct ct_snapshot *s);
/* The sysctls, the per-CPU counters and the host read again into s, a
 * snapshot whose dump took long: the breakdowns keep their time
 * (breakdown_at). 0, or a negative errno when the sysctls cannot be
 * read. */
int collect_counts_again(struct ct_snapshot *s);
/* A partial refresh into s: last (a full snapshot) with the sysctls, the
 * per-CPU counters and the host read now (s->partial set). Neither last's
 * per-CPU array nor its list is used, so last may be a shallow copy. 0, or
 * a negative errno when the sysctls cannot be read. */
int collect_partial(const struct ct_snapshot *last, struct ct_snapshot *s);
void snapshot_free(struct ct_snapshot *s);

#endif
