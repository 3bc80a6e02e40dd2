#include "collect.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "ctstats.h"
#include "dump.h"
#include "hostinfo.h"
#include "nlconn.h"
#include "sysctl.h"

void collector_init(struct collector *c, unsigned top_n)
{
	memset(c, 0, sizeof *c);
	topsrc_init(&c->src);
	c->top_n = top_n > CT_TOP_MAX ? CT_TOP_MAX : top_n;
	c->max_attempts = 3;
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

static double now_ms(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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
	/* the module parameter lives only in the initial namespace's /sys */
	if (read_u64_file(CT_HASHSIZE_PATH, &s->hashsize) < 0)
		s->hashsize = s->buckets;
	return 0;
}

struct tick_arg {
	struct collector *c;
	const struct ct_tally *t;
};

static bool on_tick(void *arg)
{
	struct tick_arg *ta = arg;
	return !ta->c->progress || ta->c->progress(ta->t->entries, ta->c->progress_arg);
}

/* Retry while the kernel reports the dump lost or interrupted messages;
 * anything else (no privilege, cancelled) is final. */
static int dump_table(struct collector *c, struct ct_snapshot *s)
{
	struct tick_arg ta = { c, &s->tally };
	int ret = -EAGAIN;
	double t0 = now_ms(CLOCK_MONOTONIC);
	for (s->dump_attempts = 0; s->dump_attempts < c->max_attempts;) {
		struct nlconn nc = { 0 };
		ret = nlconn_open(&nc);
		if (ret == 0) {
			s->dump_attempts++;
			ret = ct_dump(&nc, &s->tally, &c->src, on_tick, &ta);
		}
		nlconn_close(&nc);
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
	}
	s->dump_ms = now_ms(CLOCK_MONOTONIC) - t0;
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
	s->taken_at = now_ms(CLOCK_REALTIME) / 1e3;
	snprintf(s->netns, sizeof s->netns, "%s", c->netns ? c->netns : "");
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
