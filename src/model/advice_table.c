/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules about the table as a whole: drops, fill, growth, hash sizing,
 * and the kernel counters that say something went wrong. */
#include <math.h>
#include <inttypes.h>
#include <stdio.h>

#include "base/format.h"
#include "model/advice_rules.h"
#include "model/analysis.h"
#include "model/rates.h"

static bool counters_known(const struct sink *k)
{
	return k->r && k->r->known;
}

static uint64_t counter(const struct ct_snapshot *s, enum advice_counter c)
{
	uint64_t v = 0;
	return advice_counter_value(s, c, &v) ? v : 0;
}

/* The namespace, its count and the limit, then the command doubling max. */
static void raise_max(const struct ct_snapshot *s, struct advice *a)
{
	uint64_t want = s->max ? 2 * s->max : 0;
	if (!a || !want)
		return;
	adv_str(a, "netns", s->netns);
	adv_num(a, "count", (double)s->count, 0);
	adv_num(a, "max", (double)s->max, 0);
	adv_set_max(a, want);
	adv_num(a, "memory_at_max_after", (double)table_memory(want, s->buckets, s->entry_size), 0);
}

static void check_dropping(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	char where[160], d[48], e[48], when[16];
	adv_where(s, where, sizeof where);
	uint64_t drop = counter(s, AC_DROP), early = counter(s, AC_EARLY_DROP);
	if (advice_dropping_now(k->r)) {
		const struct advice_rates *r = k->r;
		double rate = (double)r->rose[AC_DROP] / r->seconds;
		struct advice *a = adv_add(k, ADVICE_CRIT, "dropping",
			"The table of %s is full: the kernel dropped %s (%.0f/s) and evicted %s "
			"in the last %.0f s. Delete entries that hold slots without traffic or "
			"raise nf_conntrack_max (the first item says which frees more); a shorter "
			"timeout frees nothing now: it applies at an entry's next packet.", where,
			fmt_counted(d, sizeof d, r->rose[AC_DROP], "packet", "packets"), rate,
			fmt_counted(e, sizeof e, r->rose[AC_EARLY_DROP], "entry", "entries"), r->seconds);
		adv_num(a, "drop_rose", (double)r->rose[AC_DROP], 0);
		adv_num(a, "early_drop_rose", (double)r->rose[AC_EARLY_DROP], 0);
		adv_num(a, "interval_s", r->seconds, 1);
		adv_num(a, "drops_per_sec", rate, 1);
		raise_max(s, a);
		return;
	}
	if (!drop && !early)
		return;
	char tail[96];
	if (counters_known(k) && k->r->last_drop_at > 0)
		snprintf(tail, sizeof tail, "none in the last %.0f s; last seen rising at %s",
			 k->r->seconds, fmt_clock(when, sizeof when, k->r->last_drop_at));
	else if (counters_known(k))
		snprintf(tail, sizeof tail, "none in the last %.0f s", k->r->seconds);
	else
		snprintf(tail, sizeof tail, "one reading cannot say whether it still does "
			 "(--interval takes two)");
	struct advice *a = adv_add(k, ADVICE_INFO, "dropped",
		"Since boot the kernel dropped %s and evicted %s in %s because the "
		"table was full; %s.", fmt_counted(d, sizeof d, drop, "packet", "packets"),
		fmt_counted(e, sizeof e, early, "entry", "entries"),
		where, tail);
	adv_str(a, "netns", s->netns);
	adv_num(a, "drop", (double)drop, 0);
	adv_num(a, "early_drop", (double)early, 0);
	if (counters_known(k) && k->r->last_drop_at > 0)
		adv_num(a, "last_drop_at", k->r->last_drop_at, 0);
}

static void check_fill(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	double fill = s->an.fill;
	if (!s->max || fill < ADVICE_FILL_WARN)
		return;
	char where[160], c[32], m[32];
	bool crit = fill >= ADVICE_FILL_CRIT;
	struct advice *a = adv_add(k, crit ? ADVICE_CRIT : ADVICE_WARN, "fill",
		"The table of %s is %.0f%% full (%s of %s; the limit counts each namespace's "
		"entries apart): %s Raise nf_conntrack_max or delete entries that hold slots "
		"without traffic; a shorter timeout applies only at an entry's next packet.",
		adv_where(s, where, sizeof where), 100 * fill, fmt_count(c, sizeof c, s->count),
		fmt_count(m, sizeof m, s->max),
		crit ? "new flows are dropped at 100%." : "act before it fills.");
	adv_num(a, "fill", fill, 4);
	raise_max(s, a);
}

static void check_filling(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	double per_sec, window;
	if (!s->max || s->count >= s->max || !advice_growth(s, k->r, &per_sec, &window))
		return;
	/* the snapshot's own estimate when it has one, the one every screen
	 * gives (rates_full_in_s); else the tracker's, rounded the same way */
	double eta = s->rates.valid ? (double)rates_full_in_s(&s->rates)
		     : per_sec >= RATES_STEADY ? ceil((double)(s->max - s->count) / per_sec) : -1;
	if (eta < 0 || eta > ADVICE_FILL_HORIZON)
		return;
	char where[160], dur[32], grows[48];
	struct advice *a = adv_add(k, ADVICE_WARN, "filling",
		"The table of %s grows by %s a second (over %.0f s): at that rate it is "
		"full in %s.", adv_where(s, where, sizeof where),
		fmt_counted(grows, sizeof grows, (uint64_t)(per_sec + 0.5), "entry", "entries"), window,
		fmt_duration(dur, sizeof dur, (long)eta));
	adv_num(a, "growth_per_sec", per_sec, 1);
	adv_num(a, "window_s", window, 1);
	adv_num(a, "seconds_to_full", eta, 0);
	raise_max(s, a);
}

static void check_buckets(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	if (!s->buckets)
		return;
	if (s->an.nonempty_fraction >= ADVICE_CROWDED) {
		uint64_t buckets = 2 * s->buckets, max = 2 * s->max;
		uint64_t after = table_memory(max, buckets, s->entry_size);
		char mem[32];
		struct advice *a = adv_add(k, ADVICE_WARN, "buckets",
			"About %.0f%% of hash buckets are occupied (load %.2f): lookups walk chains. "
			"Double the buckets and max; a full table then takes %s of kernel memory.",
			100 * s->an.nonempty_fraction, s->an.load_factor, fmt_bytes(mem, sizeof mem, after));
		adv_num(a, "occupied_share", s->an.nonempty_fraction, 4);
		adv_num(a, "load_factor", s->an.load_factor, 4);
		adv_num(a, "buckets", (double)s->buckets, 0);
		adv_num(a, "memory_at_max_after", (double)after, 0);
		adv_num(a, "memory_at_max_now", (double)s->an.memory_at_max, 0);
		adv_set_buckets(a, buckets);
		adv_set_max(a, max);
	}
	double ratio = adv_share(s->max, s->buckets);
	if (ratio > ADVICE_MAX_PER_BUCKET) {
		uint64_t buckets = (s->max + 3) / 4;
		struct advice *a = adv_add(k, ADVICE_INFO, "ratio",
			"nf_conntrack_max is %.1f times the bucket count: a full table would average %.1f "
			"entries a bucket. Keep max at most 4 x buckets.", ratio, ratio);
		adv_num(a, "max_per_bucket", ratio, 2);
		adv_num(a, "memory_at_max_after",
			(double)table_memory(s->max, buckets, s->entry_size), 0);
		adv_set_buckets(a, buckets);
	}
}

static void check_small_defaults(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	if (!s->max || s->max > ADVICE_SMALL_MAX || s->ram_bytes < ADVICE_BIG_RAM)
		return;
	char ram[32];
	uint64_t max = s->an.default_max > s->max ? s->an.default_max : 262144;
	uint64_t buckets = s->an.default_buckets > s->buckets ? s->an.default_buckets : max;
	struct advice *a = adv_add(k, ADVICE_INFO, "small_defaults",
		"nf_conntrack_max is %" PRIu64 " on a host with %s of RAM: an old image's default. "
		"This kernel would pick %" PRIu64 ".", s->max, fmt_bytes(ram, sizeof ram, s->ram_bytes), max);
	adv_num(a, "max", (double)s->max, 0);
	adv_num(a, "ram_bytes", (double)s->ram_bytes, 0);
	adv_set_max(a, max);
	if (buckets > s->buckets)
		adv_set_buckets(a, buckets);
}

static void check_counters(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	char f[32];
	if (counters_known(k) && k->r->rose[AC_INSERT_FAILED]) {
		struct advice *a = adv_add(k, ADVICE_WARN, "insert_failed",
			"insert_failed rose by %s in the last %.0f s: packets lost to insertion races "
			"(often parallel DNS lookups over UDP from one socket).",
			fmt_count(f, sizeof f, k->r->rose[AC_INSERT_FAILED]), k->r->seconds);
		adv_num(a, "insert_failed_rose", (double)k->r->rose[AC_INSERT_FAILED], 0);
		adv_num(a, "interval_s", k->r->seconds, 1);
	} else if (!counters_known(k) && counter(s, AC_INSERT_FAILED)) {
		struct advice *a = adv_add(k, ADVICE_INFO, "insert_failed",
			"insert_failed is %s since boot: packets lost to insertion races (often parallel "
			"DNS lookups over UDP).", fmt_count(f, sizeof f, counter(s, AC_INSERT_FAILED)));
		adv_num(a, "insert_failed", (double)counter(s, AC_INSERT_FAILED), 0);
	}
	if (!counters_known(k))
		return;
	double restarts = (double)k->r->rose[AC_SEARCH_RESTART] / k->r->seconds;
	uint64_t toolong = k->r->rose[AC_CHAIN_TOOLONG];
	if (toolong || restarts >= ADVICE_SEARCH_RESTART_RATE) {
		struct advice *a = adv_add(k, ADVICE_WARN, "chain_attack",
			"Hash chains are too long (chaintoolong +%" PRIu64 ", search_restart %.0f/s): "
			"crafted flows may be aiming at one bucket. More buckets shorten the chains; "
			"look at the top sources.", toolong, restarts);
		adv_num(a, "chaintoolong_rose", (double)toolong, 0);
		adv_num(a, "search_restart_per_sec", restarts, 1);
		if (s->buckets)
			adv_set_buckets(a, 2 * s->buckets);
	}
}

/* The expectation table has a limit of its own: helpers (FTP, SIP, ...)
 * cannot expect a related connection once it is full, whatever room the
 * main table has. */
static void check_expectations(struct sink *k)
{
	const struct ct_outside *o = &k->s->outside;
	if (!o->expect_known || !o->expect_max ||
	    (double)o->expectations < ADVICE_FILL_WARN * (double)o->expect_max)
		return;
	char n[32], m[32], where[160];
	bool full = o->expectations >= o->expect_max;
	struct advice *a = adv_add(k, full ? ADVICE_CRIT : ADVICE_WARN, "expect_full",
		"The expectation table of %s holds %s of %s (nf_conntrack_expect_max): %s Raise "
		"nf_conntrack_expect_max, or find the helper that expects so much.",
		adv_where(k->s, where, sizeof where), fmt_count(n, sizeof n, o->expectations),
		fmt_count(m, sizeof m, o->expect_max),
		full ? "helpers (FTP, SIP, ...) cannot expect new related connections now." :
		       "once full, helpers cannot expect new related connections.");
	adv_num(a, "expectations", (double)o->expectations, 0);
	adv_num(a, "expect_max", (double)o->expect_max, 0);
	adv_cmd(a, "sysctl -w net.netfilter.nf_conntrack_expect_max=%" PRIu64, 2 * o->expect_max);
}

void advise_table(struct sink *k)
{
	check_dropping(k);
	check_fill(k);
	check_filling(k);
	check_buckets(k);
	check_small_defaults(k);
	check_counters(k);
	check_expectations(k);
}
