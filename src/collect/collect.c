#include "collect/collect.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/analysis.h"
#include "base/clock.h"
#include "collect/ctstats.h"
#include "collect/dump.h"
#include "collect/hostinfo.h"
#include "collect/netns.h"
#include "collect/nlconn.h"
#include "collect/sysctl.h"

void collector_init(struct collector *c, unsigned top_n)
{
	memset(c, 0, sizeof *c);
	topsrc_init(&c->src);
	c->top_n = top_n > CT_TOP_MAX ? CT_TOP_MAX : top_n;
	c->max_attempts = 3;
	c->netns_named = -2;
}

void collector_free(struct collector *c)
{
	topsrc_free(&c->src);
}

void snapshot_free(struct ct_snapshot *s)
{
	free(s->cpu);
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

static bool on_tick(void *arg)
{
	struct tick_arg *ta = arg;
	if (resized(ta))
		return false;
	return !ta->c->progress || ta->c->progress(ta->t->entries, ta->c->progress_arg);
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
		ret = ct_dump(&nc, &s->tally, &c->src, on_tick, ta);
		if (resized(ta))
			ret = -EINTR;
	}
	nlconn_close(&nc);
	return ret;
}

/* Retry while the kernel reports the dump lost or interrupted messages;
 * anything else (no privilege, cancelled) is final. */
static int dump_table(struct collector *c, struct ct_snapshot *s)
{
	struct tick_arg ta = { c, &s->tally, -1, 0, false };
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
	s->ntop = topsrc_top(&c->src, s->top, c->top_n);
	s->distinct_sources = topsrc_distinct(&c->src);
	return ret;
}

static int read_counters(struct ct_snapshot *s)
{
	struct nlconn nc = { 0 };
	int ret = nlconn_open(&nc);
	if (ret == 0)
		ret = ct_read_cpu_stats(&nc, s);
	if (ret == 0)
		ret = ct_read_global_stats(&nc, s);
	nlconn_close(&nc);
	return ret;
}

int collect_snapshot(struct collector *c, struct ct_snapshot *s)
{
	s->taken_at = real_s();
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
	if (ret == -ENOENT)
		return -ENOENT; /* nf_conntrack not loaded: leave it that way */

	int slab = host_conntrack_objsize(&s->entry_size);
	s->entry_size_measured = slab == 0;
	if (!s->entry_size_measured)
		s->entry_size = CT_ENTRY_SIZE_ASSUMED;
	s->part_err[CT_PART_SLAB] = -slab;

	s->part_err[CT_PART_STATS] = -read_counters(s);
	s->part_err[CT_PART_DUMP] = -dump_table(c, s);
	analyse(s);
	return 0;
}
