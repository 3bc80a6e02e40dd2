/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/testhooks.h"
#include "model/analysis.h"
#include "model/cost.h"
#include "base/clock.h"
#include "base/testhooks.h"
#include "collect/ctstats.h"
#include "collect/procstat.h"
#include "collect/outside.h"
#include "collect/events.h"
#include "model/sampling.h"
#include "collect/dump_counts.h"
#include "collect/hostinfo.h"
#include "collect/netns.h"
#include "collect/natrules_read.h"
#include "collect/nlconn.h"
#include "collect/sysctl.h"
#include "collect/topport.h"

void collector_init(struct collector *c, unsigned top_n)
{
	memset(c, 0, sizeof *c);
	ct_tops_init(&c->tops);
	c->top_n = top_n > CT_TOP_MAX ? CT_TOP_MAX : top_n;
	c->max_attempts = 3;
	c->netns_named = -2;
	c->rate_window_s = 10.0;
	c->test_pause_ms = test_hook_dump_pause_ms();
}

void collector_free(struct collector *c)
{
	ct_tops_free(&c->tops);
	if (c->events) {
		events_close(c->events);
		free(c->events);
		c->events = NULL;
	}
	free(c->last_dump);
	c->last_dump = NULL;
}

void collector_use_events(struct collector *c, enum ct_source_pref pref, int rcvbuf)
{
	c->pref = pref;
	if (pref == CT_PREF_DUMP) {
		snprintf(c->why_dump, sizeof c->why_dump, "--source dump");
		return;
	}
	uint64_t on = 1;
	if (sysctl_read_u64("nf_conntrack_events", &on) == 0 && on == 0) {
		snprintf(c->why_dump, sizeof c->why_dump, "events off here (nf_conntrack_events=0)");
		return;
	}
	/* a tiny buffer forces losses: for tests only */
	if (rcvbuf == 0)
		rcvbuf = test_hook_event_rcvbuf();
	struct ct_events *ev = calloc(1, sizeof *ev);
	if (!c->last_dump)
		c->last_dump = calloc(1, sizeof *c->last_dump);
	int ret = ev && c->last_dump ? events_open(ev, rcvbuf, mono_ms() / 1e3) : -ENOMEM;
	if (ret < 0) {
		snprintf(c->why_dump, sizeof c->why_dump, "no events: %s", strerror(-ret));
		if (ev)
			events_close(ev);
		free(ev);
		return;
	}
	c->events = ev;
	c->why_dump[0] = '\0';
	c->sample_weighed_at = 0; /* the new engine's totals start at zero */
	snprintf(c->why_events, sizeof c->why_events, "%s",
		 pref == CT_PREF_EVENTS ? "--source events" : "");
}

int collector_event_fd(const struct collector *c)
{
	return c->events ? events_fd(c->events) : -1;
}

void collector_pump(struct collector *c)
{
	if (c->events)
		events_pump(c->events, 50.0);
}

void collector_mark(struct collector *c)
{
	double now = mono_ms() / 1e3;
	if (c->events) {
		keytab_mark(&c->events->src, now);
		keytab_mark(&c->events->dst, now);
		keytab_mark(&c->events->port, now);
	}
	c->rank_window = KT_MARK;
}

/* Too many losses even at the biggest buffer: in auto, dumps instead. */
static void drop_events(struct collector *c, const char *why)
{
	events_close(c->events);
	free(c->events);
	c->events = NULL;
	snprintf(c->why_dump, sizeof c->why_dump, "%s", why);
	rates_reset(&c->rates);
}

void snapshot_free(struct ct_snapshot *s)
{
	free(s->cpu);
	free(s->list.rows);
	memset(s, 0, sizeof *s);
}

/* TCP keep-alive, per namespace: when it gives up on a dead peer says how
 * long an idle ESTABLISHED entry can still matter. */
static void read_keepalive(struct ct_snapshot *s)
{
	static const char *const names[3] = {
		"/proc/sys/net/ipv4/tcp_keepalive_time",
		"/proc/sys/net/ipv4/tcp_keepalive_intvl",
		"/proc/sys/net/ipv4/tcp_keepalive_probes",
	};
	long *const out[3] = { &s->tcp_keepalive_time, &s->tcp_keepalive_intvl,
			       &s->tcp_keepalive_probes };
	for (unsigned i = 0; i < 3; i++) {
		uint64_t v;
		*out[i] = read_u64_file(names[i], &v) == 0 && v <= 86400 * 365 ? (long)v : 0;
	}
}

static int read_sysctls(struct ct_snapshot *s)
{
	int ret = sysctl_read_u64("nf_conntrack_count", &s->count);
	if (ret == 0)
		ret = sysctl_read_u64("nf_conntrack_max", &s->max);
	if (ret == 0)
		ret = sysctl_read_u64("nf_conntrack_buckets", &s->buckets);
	if (ret < 0)
		return ret;
	int n = sysctl_discover_timeouts(s->timeouts, CT_TIMEOUT_MAX);
	s->ntimeouts = n > 0 ? (unsigned)n : 0;
	read_keepalive(s);
	uint64_t acct;
	s->acct_read = sysctl_read_u64("nf_conntrack_acct", &acct) == 0;
	s->acct = s->acct_read && acct != 0;
	s->acct_default = read_param_bool(CT_ACCT_PARAM_PATH);
	/* the module parameter lives only in the initial namespace's /sys */
	if (read_u64_file(CT_HASHSIZE_PATH, &s->hashsize) < 0)
		s->hashsize = s->buckets;
	return 0;
}

struct tick_arg {
	struct collector *c;
	const struct ct_tally *t;
	int buckets_fd;       /* nf_conntrack_buckets, watched during the dump */
	uint64_t buckets;     /* its value when the dump began */
	bool resized;
	double pace;          /* share of a core the dump may take (0: any) */
	double cpu0_ms, wall0_ms; /* the dump's start, for the pace */
};

/* The kernel walks the hash table by bucket index and does not flag a
 * dump that a resize cut across: entries are then skipped or seen twice,
 * even when the table is resized back before the dump ends. So the bucket
 * count is read again after every datagram, a few hundred entries apart
 * (a resize and its undoing both between two reads would need this thread
 * to stall for all the time between them), and a change stops the dump
 * to try again. */
static bool resized(struct tick_arg *ta)
{
	uint64_t now;
	if (ta->buckets_fd >= 0 && read_u64_fd(ta->buckets_fd, &now) == 0 && now != ta->buckets)
		ta->resized = true;
	return ta->resized;
}

static bool progress(struct tick_arg *ta)
{
	return !ta->c->progress || ta->c->progress(ta->t->entries, ta->c->progress_arg);
}

/* A paced dump (model/sampling.h, SAMPLING_DUMP_PACE) waits between its
 * reads for as long as its CPU so far is owed, in short naps that read
 * the events and publish the partial refreshes as they fall due. */
static bool pace(struct tick_arg *ta)
{
	struct collector *c = ta->c;
	for (;;) {
		double now = mono_ms();
		double owed = sampling_pace_sleep_ms(thread_cpu_ms() - ta->cpu0_ms, now - ta->wall0_ms,
						     ta->pace);
		if (owed < 1)
			return true;
		double nap = owed > 50 ? 50 : owed;
		sleep_ms((long)nap);
		c->paced_ms += mono_ms() - now;
		if (c->events)
			events_pump(c->events, 5.0);
		if (!progress(ta))
			return false;
	}
}

static bool on_tick(void *arg)
{
	struct tick_arg *ta = arg;
	if (ta->c->test_pause_ms > 0) /* tests: a dump as slow as a flood makes it */
		sleep_ms(ta->c->test_pause_ms);
	if (ta->c->events) /* events during the dump go to the new index now */
		events_pump(ta->c->events, 5.0);
	if (resized(ta))
		return false;
	if (ta->pace > 0 && !pace(ta))
		return false;
	return progress(ta);
}

static void on_dumped(const struct ct_entry *e, void *arg)
{
	struct collector *c = arg;
	if (c->events)
		events_dump_entry(c->events, e);
	if (c->tap.entry)
		c->tap.entry(e, c->tap.arg);
}

static int dump_once(struct collector *c, struct ct_snapshot *s, struct tick_arg *ta)
{
	struct nlconn nc = { 0 };
	int ret = nlconn_open(&nc);
	if (ret == 0) {
		s->dump_attempts++;
		ta->resized = false;
		if (ta->buckets_fd < 0 || read_u64_fd(ta->buckets_fd, &ta->buckets) < 0)
			ta->buckets_fd = -1;
		if (c->events)
			events_begin_dump(c->events, s->count);
		if (c->tap.begin)
			c->tap.begin(c->tap.arg);
		c->tops.whole = c->tap.entry != NULL;
		bool each = c->events || c->tap.entry;
		ret = ct_dump_each(&nc, &s->tally, &c->tops, each ? on_dumped : NULL, c, on_tick, ta);
		if (resized(ta))
			ret = -EINTR;
		/* a paced dump read its first entries long before its last:
		 * its states are as old as its start */
		double at = ta->pace > 0 ? ta->wall0_ms / 1e3 : mono_ms() / 1e3;
		c->tap.ran = c->tap.entry != NULL;
		c->tap.ret = ret;
		if (c->events)
			events_end_dump(c->events, ret == 0 && s->tally.malformed == 0, at);
	}
	nlconn_close(&nc);
	return ret;
}

/* The NAT groups of the dump just taken, the ruleset's range read again
 * when it is due and SNAT entries make it matter. */
static void fill_nat(struct collector *c, struct ct_snapshot *s)
{
	double now = mono_ms() / 1e3;
	if (c->tops.nat.snat_entries &&
	    (!c->nat_range_read || now - c->nat_range_at >= NAT_RANGE_EVERY_S)) {
		natrules_read(&c->nat_range);
		c->nat_range_read = true;
		c->nat_range_at = now;
	} else if (!c->nat_range_read) {
		nat_range_default(&c->nat_range);
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t now_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	(void)natgroup_fill(&c->tops.nat, &c->nat_range, now_ns, CT_NAT_WINDOW_S, &s->nat);
	nat_track_judge(&c->nat_track, &s->nat, now, CT_NAT_WINDOW_S);
	c->last_nat = s->nat;
	c->last_nat_at = now;
}

/* Between resyncs: the last dump's groups, their ages and silences as
 * they stand now. */
static void keep_last_nat(struct collector *c, struct ct_snapshot *s)
{
	double now = mono_ms() / 1e3;
	s->nat = c->last_nat;
	nat_age(&s->nat, now - c->last_nat_at, CT_NAT_WINDOW_S);
	nat_track_judge(&c->nat_track, &s->nat, now, CT_NAT_WINDOW_S);
}

/* Retry while the kernel reports the dump lost or interrupted messages;
 * anything else (no privilege, cancelled) is final. */
static int dump_table(struct collector *c, struct ct_snapshot *s)
{
	struct tick_arg ta = { c, &s->tally, -1, 0, false, 0, thread_cpu_ms(), mono_ms() };
	/* sampled, where partial refreshes are published meanwhile */
	if (c->pace_dumps && c->events && c->events->sample_k > 1)
		ta.pace = SAMPLING_DUMP_PACE;
	ta.buckets_fd = open(CT_SYSCTL_DIR "/nf_conntrack_buckets", O_RDONLY | O_CLOEXEC);
	int ret = -EAGAIN;
	double t0 = mono_ms();
	for (s->dump_attempts = 0; s->dump_attempts < c->max_attempts;) {
		ret = dump_once(c, s, &ta);
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
	}
	if (ta.buckets_fd >= 0)
		close(ta.buckets_fd);
	s->dump_ms = mono_ms() - t0;
	s->complete = ret == 0 && s->tally.malformed == 0;
	s->ntop = topsrc_top(&c->tops.src, s->top, c->top_n);
	s->distinct_sources = topsrc_distinct(&c->tops.src);
	s->ntop_dst = topsrc_top(&c->tops.dst, s->top_dst, c->top_n);
	s->distinct_destinations = topsrc_distinct(&c->tops.dst);
	s->ntop_dport = topport_top(&c->tops.dport, s->top_dport, c->top_n);
	s->distinct_dports = c->tops.dport.used;
	fill_nat(c, s);
	return ret;
}

static int read_counters(struct ct_snapshot *s)
{
	struct nlconn nc = { 0 };
	memset(&s->outside, 0, sizeof s->outside);
	int ret = nlconn_open(&nc);
	if (ret == 0)
		ret = ct_read_cpu_stats(&nc, s);
	if (ret == 0)
		ret = ct_read_global_stats(&nc, s);
	/* last: a list it cannot read leaves the counters as they are */
	if (ret == 0)
		(void)ct_read_outside(&nc, s);
	nlconn_close(&nc);
	/* without CAP_NET_ADMIN: the same per-CPU counters from /proc,
	 * which every user may read (the kernel's global entries/max come
	 * from the sysctls anyway) */
	if ((ret == -EPERM || ret == -EACCES) && ct_read_proc_stats(CT_PROC_STAT_PATH, s) == 0)
		ret = 0;
	return ret;
}

/* Between resyncs the counts are the events'; the seconds-left
 * histograms and the dump's own figures stay the last dump's. */
static void keep_last_dump(struct collector *c, struct ct_snapshot *s)
{
	memcpy(s->tally.tcp_hist, c->last_dump->tcp_hist, sizeof s->tally.tcp_hist);
	memcpy(s->tally.l4_hist, c->last_dump->l4_hist, sizeof s->tally.l4_hist);
	s->tally.malformed = c->last_dump_info.malformed;
	s->complete = c->last_dump_info.complete;
	s->dump_attempts = c->last_dump_info.attempts;
	s->dump_ms = c->last_dump_info.ms;
	s->dump_cpu_ms = c->dump_cpu_ms;
	s->part_err[CT_PART_DUMP] = c->last_dump_info.err;
	keep_last_nat(c, s);
}

static void remember_dump(struct collector *c, const struct ct_snapshot *s)
{
	*c->last_dump = s->tally;
	c->last_dump_info = (struct collect_dump_info){
		s->complete, s->dump_attempts, s->dump_ms, s->part_err[CT_PART_DUMP], s->tally.malformed,
	};
}

/* --source auto, after each resync and every COST_WEIGH_S: are dumps
 * cheaper than events here (a small table with heavy churn)? The event
 * rate is over the time since the last weighing, the dump's cost the
 * last dump's. */
static void weigh_costs(struct collector *c, double now)
{
	struct ct_events *ev = c->events;
	uint64_t msgs = ev->new_total + ev->update_total + ev->destroy_total;
	double span = now - c->weighed_at;
	bool timed = c->weighed_at > 0 && span > 0;
	double rate = timed ? (double)(msgs - c->weighed_msgs) / span : 0;
	double us = cost_event_us(ev->pump_cpu_ms - c->weighed_cpu_ms, msgs - c->weighed_msgs,
				  c->kernel_us);
	c->weighed_at = now;
	c->weighed_msgs = msgs;
	c->weighed_cpu_ms = ev->pump_cpu_ms;
	/* against what events would cost sampled, as auto would sample them */
	double heard = rate / sampling_choose(cost_events_share(rate, us), 0, 1);
	if (rate > 0 && cost_dumps_cheaper(c->dump_cpu_ms, c->interval_ms, heard, us)) {
		char why[96];
		snprintf(why, sizeof why,
			 "dumps cheaper here (%.0f ms a dump, %.0f events/s at %.1f us)",
			 c->dump_cpu_ms, rate, us);
		drop_events(c, why);
		c->dumps_by_cost = true;
	}
}

/* In dumps because they were cheaper: back to events once the table has
 * grown so that dumping every refresh costs a real share of a core. */
static void weigh_back(struct collector *c)
{
	if (!c->dumps_by_cost || cost_dump_share(c->dump_cpu_ms, c->interval_ms) < COST_DUMP_BACK_TO_EVENTS)
		return;
	c->dumps_by_cost = false;
	c->weighed_at = 0;
	rates_reset(&c->rates); /* event totals start again from zero */
	collector_use_events(c, CT_PREF_AUTO, 0);
}

/* The refresh in event mode: a dump when a resync is due, else the
 * counts the events kept. */
static void from_events(struct collector *c, struct ct_snapshot *s)
{
	struct ct_events *ev = c->events;
	double now = mono_ms() / 1e3;
	events_pump(ev, 200.0);
	events_age(ev, now);
	if (events_resync_due(ev, s->count, now)) {
		uint64_t lost_before = ev->lost;
		double cpu0 = thread_cpu_ms();
		s->part_err[CT_PART_DUMP] = -dump_table(c, s);
		c->dump_cpu_ms = thread_cpu_ms() - cpu0;
		s->dump_cpu_ms = c->dump_cpu_ms;
		remember_dump(c, s);
		/* the snapshot has the dump's tops; until the next resync the
		 * events' are shown, and the dump's tables would keep a table's
		 * worth of keys (4 MB at 200,000 sources) for nothing */
		ct_tops_free(&c->tops);
		ct_tops_init(&c->tops);
		s->events.resynced = true;
		bool lossy = ev->lost > lost_before || ev->losses_since_dump > 0;
		c->loss_strikes = lossy && ev->rcvbuf >= EVENTS_RCVBUF_MAX ? c->loss_strikes + 1 : 0;
	} else {
		events_fill_counts(ev, s, c->top_n);
		keep_last_dump(c, s);
	}
	events_fill_churn(ev, s, c->rank_window, mono_ms() / 1e3, c->top_n);
	s->events.sample_1_in = ev->sample_k;
	s->events.listened_share = events_listened_share(ev, mono_ms() / 1e3);
	s->events.own_us = c->own_us > 0 ? c->own_us : COST_EVENT_OWN_US;
	s->events.kernel_us = c->kernel_us > 0 ? c->kernel_us : COST_EVENT_KERNEL_US;
	s->events.kernel_measured = c->kernel_measured;
	snprintf(s->events.why_events, sizeof s->events.why_events, "%s", c->why_events);
	/* last: either frees ev (the next refresh dumps) */
	if (c->pref == CT_PREF_AUTO && c->loss_strikes >= 3)
		drop_events(c, "events lost faster than resyncs repair them");
	else if (c->pref == CT_PREF_AUTO && ev->sample_k <= 1 &&
		 (s->events.resynced || now - c->weighed_at >= COST_WEIGH_S))
		weigh_costs(c, now); /* sampled, events cost little already */
}

/* One rate sample a refresh: events applied, or in dump mode the
 * kernel's insert counter and the count. */
static void add_rates(struct collector *c, struct ct_snapshot *s)
{
	struct rate_sample rs = { .t = mono_ms() / 1e3, .count = s->count };
	if (c->events) {
		rs.created = c->events->new_weighted; /* sampled: seen x k */
		rs.destroyed = collector_destroyed(c, s->count);
		rs.expired = c->events->expired_total;
		rs.created_known = true;
	} else if ((s->stat_present & (1u << CTA_STATS_INSERT)) && s->part_err[CT_PART_STATS] == 0) {
		rs.created = s->stat_total[CTA_STATS_INSERT];
		rs.destroyed = rs.created - s->count;
		rs.created_known = rs.created > 0;
	}
	rates_push(&c->rates, &rs);
	rates_compute(&c->rates, c->rate_window_s, s->count, s->max, &s->rates);
}

int collect_counts_again(struct ct_snapshot *s)
{
	s->taken_at = real_s();
	host_fill(s);
	int ret = read_sysctls(s);
	s->part_err[CT_PART_SYSCTL] = -ret;
	if (ret < 0)
		return ret;
	s->part_err[CT_PART_STATS] = -read_counters(s);
	analyse(s);
	return 0;
}

/* While a long dump runs (a flood makes it take tens of seconds): the
 * parts that cost a few reads, read now, over last's breakdowns. */
int collect_partial(const struct ct_snapshot *last, struct ct_snapshot *s)
{
	snapshot_free(s);
	*s = *last;
	/* last's arrays are not ours: the counters are read anew, and the
	 * list (the dashboard's) is left out */
	s->cpu = NULL;
	s->ncpu = 0;
	memset(&s->list, 0, sizeof s->list);
	s->partial = true;
	return collect_counts_again(s);
}

/* Whether nf_conntrack is in the kernel (a module loaded, or built in:
 * either way its parameters are under /sys/module). Its sysctls missing
 * then mean /proc/sys is hidden (a tmpfs a container runtime mounted over
 * it), not that nothing is tracked. */
static bool conntrack_in_kernel(void)
{
	return access("/sys/module/nf_conntrack", F_OK) == 0;
}

int collect_snapshot(struct collector *c, struct ct_snapshot *s)
{
	s->taken_at = real_s();
	s->breakdown_at = s->taken_at;
	s->partial = false;
	snprintf(s->netns, sizeof s->netns, "%s", c->netns ? c->netns : "");
	/* gone: named at the start, not any more (a label that never named
	 * it, as in tests, says nothing) */
	int named = netns_label_is_current(s->netns);
	if (c->netns_named == -2)
		c->netns_named = named;
	s->netns_gone = c->netns_named == 1 && named == 0;
	host_fill(s);
	int ret = read_sysctls(s);
	s->part_err[CT_PART_SYSCTL] = -ret;
	if (ret == -ENOENT && !conntrack_in_kernel())
		return -ENOENT; /* nf_conntrack not loaded: leave it that way */

	int slab = host_conntrack_objsize(&s->entry_size);
	s->entry_size_measured = slab == 0;
	if (!s->entry_size_measured)
		s->entry_size = CT_ENTRY_SIZE_ASSUMED;
	s->part_err[CT_PART_SLAB] = -slab;

	s->part_err[CT_PART_STATS] = -read_counters(s);
	if (c->events) {
		from_events(c, s);
	} else {
		double cpu0 = thread_cpu_ms();
		s->part_err[CT_PART_DUMP] = -dump_table(c, s);
		c->dump_cpu_ms = thread_cpu_ms() - cpu0;
		s->dump_cpu_ms = c->dump_cpu_ms;
	}
	if (!c->events) {
		s->events.source = CT_SOURCE_DUMP;
		snprintf(s->events.why_dump, sizeof s->events.why_dump, "%s", c->why_dump);
	}
	add_rates(c, s);
	analyse(s);
	weigh_back(c);
	return 0;
}
