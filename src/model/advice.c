#include "model/advice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/format.h"
#include "collect/sysctl.h"

/* Below this many entries no pattern is worth acting on. */
#define MIN_ENTRIES 1000
/* Past 2/3 occupied buckets collisions lengthen lookups (the notes). */
#define CROWDED_BUCKETS (2.0 / 3.0)
/* conntrack keep-alive reasoning: TCP keep-alive gives up after
 * 7200 + 75 × 9 s, so an established entry idle longer is dead. */
#define KEEPALIVE_GIVES_UP 7875

struct sink {
	struct advice *out;
	unsigned n, max;
};

static struct advice *add(struct sink *k, enum advice_level level, const char *id,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct advice *add(struct sink *k, enum advice_level level, const char *id,
			  const char *fmt, ...)
{
	if (k->n == k->max)
		return NULL;
	struct advice *a = &k->out[k->n++];
	memset(a, 0, sizeof *a);
	a->level = level;
	snprintf(a->id, sizeof a->id, "%s", id);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->text, sizeof a->text, fmt, ap);
	va_end(ap);
	return a;
}

static void suggest(struct advice *a, const char *sysctl, long value)
{
	if (!a)
		return;
	snprintf(a->sysctl, sizeof a->sysctl, "%s", sysctl);
	a->suggested = value;
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

static void check_fill(const struct ct_snapshot *s, struct sink *k)
{
	uint64_t drops = s->stat_total[10], early = s->stat_total[11];
	if (s->an.fill >= 0.9)
		add(k, ADVICE_CRIT, "fill", "The table is %.0f%% full: new flows are dropped at 100%%. "
		    "Raise nf_conntrack_max or shorten the timeout of the largest state.", 100 * s->an.fill);
	else if (s->an.fill >= 0.8)
		add(k, ADVICE_WARN, "fill", "The table is %.0f%% full. Raise nf_conntrack_max before it "
		    "fills, or shorten the timeout of the largest state.", 100 * s->an.fill);
	if (drops || early) {
		char d[32], e[32];
		add(k, ADVICE_WARN, "drops", "Since boot the kernel dropped %s packets and evicted %s "
		    "entries because the table was full.", fmt_count(d, sizeof d, drops),
		    fmt_count(e, sizeof e, early));
	}
}

static void check_buckets(const struct ct_snapshot *s, struct sink *k)
{
	if (!s->buckets)
		return;
	if (s->an.nonempty_fraction > CROWDED_BUCKETS) {
		struct advice *a = add(k, ADVICE_WARN, "buckets", "About %.0f%% of hash buckets are "
				       "occupied (load %.2f): lookups walk chains. Double the bucket count.",
				       100 * s->an.nonempty_fraction, s->an.load_factor);
		suggest(a, "hashsize", (long)(s->buckets * 2));
	}
	if (s->max > 4 * s->buckets)
		add(k, ADVICE_INFO, "ratio", "nf_conntrack_max is %.1f times the bucket count: a full "
		    "table would average %.1f entries a bucket. Keep max at most 4 x buckets.",
		    share(s->max, s->buckets), share(s->max, s->buckets));
}

static void check_tcp(const struct ct_snapshot *s, struct sink *k)
{
	const struct ct_tally *t = &s->tally;
	uint64_t tcp = t->l4[6];
	if (tcp < MIN_ENTRIES)
		return;
	long tw = timeout_value(s, "nf_conntrack_tcp_timeout_time_wait");
	double tw_share = share(t->tcp[CT_TCP_TIME_WAIT], t->entries);
	if (tw_share >= 0.5 && tw > 30) {
		struct advice *a = add(k, ADVICE_WARN, "time_wait", "%.0f%% of entries are TIME_WAIT, "
				       "kept %lds each. Lower tcp_timeout_time_wait, or NOTRACK short-lived "
				       "loopback traffic.", 100 * tw_share, tw);
		suggest(a, "nf_conntrack_tcp_timeout_time_wait", 30);
	}
	long est = timeout_value(s, "nf_conntrack_tcp_timeout_established");
	double est_share = share(t->tcp[CT_TCP_ESTABLISHED], t->entries);
	if (est_share >= 0.5 && est > KEEPALIVE_GIVES_UP && s->an.fill >= 0.2) {
		struct advice *a = add(k, ADVICE_WARN, "established", "%.0f%% of entries are "
				       "ESTABLISHED, kept %ld days after their last packet; keep-alive gives "
				       "up after about 2h11m.", 100 * est_share, est / 86400);
		suggest(a, "nf_conntrack_tcp_timeout_established", 7200);
	}
	double syn = share(t->tcp[CT_TCP_SYN_RECV] + t->tcp[CT_TCP_SYN_SENT], tcp);
	if (syn >= 0.3)
		add(k, ADVICE_WARN, "syn", "%.0f%% of TCP entries are half-open (SYN_SENT/SYN_RECV): a "
		    "SYN flood or unreachable peers. Check syncookies and the syn timeouts.", 100 * syn);
}

static bool is_loopback(const struct ct_source *src)
{
	static const uint8_t v6_loop[16] = { [15] = 1 };
	if (src->family == AF_INET)
		return src->addr[0] == 127;
	return memcmp(src->addr, v6_loop, 16) == 0;
}

static void check_sources(const struct ct_snapshot *s, struct sink *k)
{
	const struct ct_tally *t = &s->tally;
	if (t->entries < MIN_ENTRIES)
		return;
	uint64_t loop = 0;
	for (unsigned i = 0; i < s->ntop; i++)
		if (is_loopback(&s->top[i]))
			loop += s->top[i].count;
	if (share(loop, t->entries) >= 0.5)
		add(k, ADVICE_INFO, "loopback", "%.0f%% of entries come from loopback addresses. If no "
		    "rule needs them, NOTRACK loopback in the raw table (nft: notrack).",
		    100 * share(loop, t->entries));
	if (share(t->unreplied, t->entries) >= 0.5 && s->an.fill >= 0.2)
		add(k, ADVICE_INFO, "unreplied", "%.0f%% of entries never saw a reply; they are evicted "
		    "first when the table is full.", 100 * share(t->unreplied, t->entries));
}

static void check_counters(const struct ct_snapshot *s, struct sink *k)
{
	uint64_t failed = s->stat_total[9];
	if (failed) {
		char f[32];
		add(k, ADVICE_INFO, "insert_failed", "insert_failed is %s: packets lost to insertion "
		    "races (often parallel DNS lookups over UDP).", fmt_count(f, sizeof f, failed));
	}
}

static int by_level(const void *a, const void *b)
{
	const struct advice *x = a, *y = b;
	return (int)y->level - (int)x->level;
}

unsigned advise(const struct ct_snapshot *s, struct advice *out, unsigned max)
{
	struct sink k = { out, 0, max };
	check_fill(s, &k);
	check_buckets(s, &k);
	check_tcp(s, &k);
	check_sources(s, &k);
	check_counters(s, &k);
	/* qsort is not stable; rules are few, so insertion keeps their order */
	for (unsigned i = 1; i < k.n; i++)
		for (unsigned j = i; j > 0 && by_level(&out[j - 1], &out[j]) > 0; j--) {
			struct advice tmp = out[j];
			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return k.n;
}

const char *advice_level_name(enum advice_level l)
{
	return l == ADVICE_CRIT ? "critical" : l == ADVICE_WARN ? "warning" : "info";
}
