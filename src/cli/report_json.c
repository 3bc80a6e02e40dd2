/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctdash --json: one object; keys are never renamed, only added. */
#include <stdio.h>

#include "model/advice.h"
#include "base/format.h"
#include "base/jsonw.h"
#include "model/labels.h"
#include "cli/report.h"
#include "collect/tally.h"

static void put_l4_counts(struct jsonw *w, const struct ct_tally *t)
{
	char num[8];
	jw_open(w, "l4", '{');
	for (unsigned i = 0; i < ct_l4_nlisted; i++)
		jw_u64(w, ct_l4_name(ct_l4_listed[i]), t->l4[ct_l4_listed[i]]);
	for (unsigned p = 0; p < 256; p++)
		if (t->l4[p] && !ct_l4_name(p))
			jw_u64(w, l4_label(p, num, sizeof num), t->l4[p]);
	jw_close(w, '}');
}

static void put_tcp_states(struct jsonw *w, const struct ct_tally *t)
{
	jw_open(w, "tcp_states", '{');
	for (unsigned st = CT_TCP_SYN_SENT; st < CT_TCP_NSTATES; st++)
		jw_u64(w, ct_tcp_state_name(st), t->tcp[st]);
	if (t->tcp[CT_TCP_NONE])
		jw_u64(w, ct_tcp_state_name(CT_TCP_NONE), t->tcp[CT_TCP_NONE]);
	jw_close(w, '}');
}

/* {"64": n, …}: lower bound in seconds of each non-empty bin. */
static void put_hist(struct jsonw *w, const char *key, const uint64_t *bins)
{
	char floor[16];
	jw_open(w, key, '{');
	for (unsigned b = 0; b < CT_HIST_BINS; b++) {
		if (!bins[b])
			continue;
		snprintf(floor, sizeof floor, "%u", tally_hist_floor(b));
		jw_u64(w, floor, bins[b]);
	}
	jw_close(w, '}');
}

static void put_histograms(struct jsonw *w, const struct ct_tally *t)
{
	char num[8];
	jw_open(w, "expiry_histogram", '{');
	jw_open(w, "tcp_states", '{');
	for (unsigned st = 0; st < CT_TCP_NSTATES; st++)
		if (t->tcp[st])
			put_hist(w, ct_tcp_state_name(st), t->tcp_hist[st]);
	jw_close(w, '}');
	jw_open(w, "l4", '{');
	for (unsigned p = 0; p < 256; p++)
		if (t->l4[p])
			put_hist(w, l4_label(p, num, sizeof num), t->l4_hist[p]);
	jw_close(w, '}');
	jw_close(w, '}');
}

static void put_addresses(struct jsonw *w, const char *key, const struct ct_source *top,
			  unsigned n, const struct addr_owners *owners)
{
	jw_open(w, key, '[');
	for (unsigned i = 0; i < n; i++) {
		char addr[FMT_ADDR_MAX];
		jw_open(w, NULL, '{');
		jw_str(w, "addr", fmt_ip(addr, sizeof addr, top[i].family, top[i].addr));
		jw_u64(w, "count", top[i].count);
		json_put_owner(w, owners, top[i].family, top[i].addr);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* [{"proto": "tcp", "port": 80, "count": n}, …] */
static void put_dports(struct jsonw *w, const struct ct_snapshot *s)
{
	char num[8];
	jw_open(w, "top_dports", '[');
	for (unsigned i = 0; i < s->ntop_dport; i++) {
		const struct ct_port_count *p = &s->top_dport[i];
		jw_open(w, NULL, '{');
		jw_str(w, "proto", l4_label(p->proto, num, sizeof num));
		jw_u64(w, "port", p->port);
		jw_u64(w, "count", p->count);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void put_dump(struct jsonw *w, const struct ct_snapshot *s, const struct addr_owners *owners)
{
	const struct ct_tally *t = &s->tally;
	jw_u64(w, "entries_dumped", t->entries);
	jw_open(w, "l3", '{');
	jw_u64(w, "ipv4", t->ipv4);
	jw_u64(w, "ipv6", t->ipv6);
	jw_close(w, '}');
	put_l4_counts(w, t);
	put_tcp_states(w, t);
	jw_open(w, "flags", '{');
	jw_u64(w, "assured", t->assured);
	jw_u64(w, "unreplied", t->unreplied);
	jw_close(w, '}');
	put_addresses(w, "top_sources", s->top, s->ntop, owners);
	jw_u64(w, "distinct_sources", s->distinct_sources);
	put_histograms(w, t);
	put_addresses(w, "top_destinations", s->top_dst, s->ntop_dst, owners);
	jw_u64(w, "distinct_destinations", s->distinct_destinations);
	put_dports(w, s);
	jw_u64(w, "distinct_dports", s->distinct_dports);
	nat_report_json(w, s);
}

/* "fill" is a number, so its split is three siblings (counts of the
 * entries read): what early_drop takes on insert, what only the
 * collector's near-full pass takes, and what neither frees. */
static void put_fill_split(struct jsonw *w, const struct ct_snapshot *s)
{
	static const char *const keys[] = { "fill_evictable", "fill_gc_evictable", "fill_pinned" };
	const struct ct_tally *t = &s->tally;
	const uint64_t v[] = { t->evictable, t->gc_evictable, t->pinned };
	bool read = !(s->part_err[CT_PART_DUMP] && t->entries == 0);
	for (unsigned i = 0; i < 3; i++) {
		if (read)
			jw_u64(w, keys[i], v[i]);
		else
			jw_null(w, keys[i]);
	}
}

/* What the kernel keeps outside the main table; null what was not read. */
static void put_outside(struct jsonw *w, const struct ct_outside *o)
{
	if (o->lists_known) {
		jw_u64(w, "dying", o->dying);
		jw_u64(w, "unconfirmed", o->unconfirmed);
	} else {
		jw_null(w, "dying");
		jw_null(w, "unconfirmed");
	}
	if (!o->expect_known) {
		jw_null(w, "expectations");
		return;
	}
	jw_open(w, "expectations", '{');
	jw_u64(w, "count", o->expectations);
	jw_u64(w, "max", o->expect_max);
	jw_close(w, '}');
}

static void put_dump_missing(struct jsonw *w)
{
	static const char *const keys[] = {
		"entries_dumped", "l3", "l4", "tcp_states", "flags", "top_sources",
		"distinct_sources", "expiry_histogram", "top_destinations",
		"distinct_destinations", "top_dports", "distinct_dports",
		"snat_entries", "snat_tuples", "snat_range", "snat", "dnat_entries",
		"dnat_services", "nat_ages_known", "nat_ungrouped", "dnat",
	};
	for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++)
		jw_null(w, keys[i]);
}

static void put_stat_fields(struct jsonw *w, const uint64_t *v, uint32_t present)
{
	char key[16];
	for (unsigned a = 1; a < CT_STAT_SLOTS; a++) {
		if (!(present & (1u << a)))
			continue;
		const char *name = ct_stat_name(a);
		if (!name) {
			snprintf(key, sizeof key, "attr_%u", a);
			name = key;
		}
		jw_u64(w, name, v[a]);
	}
}

static void put_stats(struct jsonw *w, const struct ct_snapshot *s)
{
	if (s->part_err[CT_PART_STATS]) {
		jw_null(w, "stats");
		jw_null(w, "stats_per_cpu");
		return;
	}
	jw_open(w, "stats", '{');
	put_stat_fields(w, s->stat_total, s->stat_present);
	jw_close(w, '}');
	jw_open(w, "stats_per_cpu", '[');
	for (unsigned i = 0; i < s->ncpu; i++) {
		jw_open(w, NULL, '{');
		jw_u64(w, "cpu", s->cpu[i].cpu);
		put_stat_fields(w, s->cpu[i].v, s->cpu[i].present);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* evidence: {"name": number or string}; commands: [lines] */
static void put_advice_detail(struct jsonw *w, const struct advice *a)
{
	jw_open(w, "evidence", '{');
	for (unsigned e = 0; e < a->nevidence; e++) {
		const struct advice_evidence *ev = &a->evidence[e];
		if (ev->text[0] || ev->value != ev->value)
			jw_str(w, ev->name, ev->text);
		else
			jw_num(w, ev->name, ev->value, ev->decimals);
	}
	jw_close(w, '}');
	jw_open(w, "commands", '[');
	for (unsigned c = 0; c < a->ncommands; c++)
		jw_str(w, NULL, a->commands[c]);
	jw_close(w, ']');
	if (a->key[0])
		jw_str(w, "key", a->key);
	else
		jw_null(w, "key");
}

static void put_advice(struct jsonw *w, const struct ct_snapshot *s, const struct report_extra *x)
{
	static struct advice adv[ADVICE_MAX];
	unsigned n = report_advice(s, x, adv, ADVICE_MAX);
	jw_open(w, "advice", '[');
	for (unsigned i = 0; i < n; i++) {
		jw_open(w, NULL, '{');
		jw_str(w, "id", adv[i].id);
		jw_str(w, "level", advice_level_name(adv[i].level));
		jw_str(w, "text", adv[i].text);
		if (adv[i].sysctl[0]) {
			jw_str(w, "sysctl", adv[i].sysctl);
			jw_i64(w, "suggested", adv[i].suggested);
		}
		put_advice_detail(w, &adv[i]);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void put_problems(struct jsonw *w, const struct ct_snapshot *s)
{
	static const char *const part_keys[CT_PART_COUNT] = { "sysctl", "dump", "stats", "slab" };
	jw_open(w, "problems", '{');
	for (unsigned p = 0; p < CT_PART_COUNT; p++) {
		const char *why = part_problem(s, (enum ct_part)p);
		if (why)
			jw_str(w, part_keys[p], why);
	}
	jw_close(w, '}');
}

void report_json_unloaded(FILE *out, const char *message)
{
	struct jsonw w;
	jw_init(&w, out);
	jw_open(&w, NULL, '{');
	jw_bool(&w, "loaded", false);
	jw_str(&w, "message", message);
	jw_close(&w, '}');
}

/* --interval: what moved between the two collections. */
static void put_interval(struct jsonw *w, const struct report_extra *x)
{
	const struct advice_rates *r = x ? x->rates : NULL;
	if (!r) {
		jw_null(w, "interval");
		return;
	}
	jw_open(w, "interval", '{');
	jw_num(w, "seconds", r->seconds > 0 ? r->seconds : x->interval_s, 3);
	if (r->growth_known)
		jw_num(w, "count_per_sec", r->growth_per_sec, 2);
	else
		jw_null(w, "count_per_sec");
	jw_bool(w, "dropping", advice_dropping_now(r));
	if (r->known) {
		jw_open(w, "counters_rose", '{');
		for (unsigned c = 0; c < AC_NCOUNTERS; c++)
			jw_u64(w, advice_counter_name((enum advice_counter)c), r->rose[c]);
		jw_close(w, '}');
		jw_open(w, "counters_per_sec", '{');
		for (unsigned c = 0; c < AC_NCOUNTERS; c++)
			jw_num(w, advice_counter_name((enum advice_counter)c),
			       r->seconds > 0 ? (double)r->rose[c] / r->seconds : 0.0, 2);
		jw_close(w, '}');
	} else {
		jw_null(w, "counters_rose");
		jw_null(w, "counters_per_sec");
	}
	jw_close(w, '}');
}

/* The sizes and what follows from them: null when the sysctls could not
 * be read (the README's promise), never zeros nobody measured. */
static void put_sizes(struct jsonw *w, const struct ct_snapshot *s)
{
	static const char *const sizes[] = { "count", "max", "buckets", "fill" };
	static const char *const load[] = {
		"load_factor", "nonempty_bucket_fraction", "mean_chain_length",
	};
	const struct ct_analysis *a = &s->an;
	bool unread = s->part_err[CT_PART_SYSCTL] != 0;
	if (unread) {
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
			jw_null(w, sizes[i]);
	} else {
		jw_u64(w, "count", s->count);
		jw_u64(w, "max", s->max);
		jw_u64(w, "buckets", s->buckets);
		jw_num(w, "fill", a->fill, 6);
	}
	put_fill_split(w, s); /* the dump's counts */
	if (unread) {
		for (size_t i = 0; i < sizeof load / sizeof load[0]; i++)
			jw_null(w, load[i]);
	} else {
		jw_num(w, "load_factor", a->load_factor, 6);
		jw_num(w, "nonempty_bucket_fraction", a->nonempty_fraction, 6);
		jw_num(w, "mean_chain_length", a->mean_chain, 4);
	}
	jw_u64(w, "entry_size", s->entry_size);
	jw_bool(w, "entry_size_measured", s->entry_size_measured);
	if (unread) {
		jw_null(w, "memory_bytes");
		jw_null(w, "hashsize");
		return;
	}
	jw_open(w, "memory_bytes", '{');
	jw_u64(w, "now", a->memory_now);
	jw_u64(w, "at_max", a->memory_at_max);
	jw_close(w, '}');
	jw_u64(w, "hashsize", s->hashsize);
}

void report_json(FILE *out, const struct ct_snapshot *s, const struct report_extra *x)
{
	const struct ct_analysis *a = &s->an;
	struct jsonw w;
	jw_init(&w, out);
	jw_open(&w, NULL, '{');
	jw_str(&w, "netns", s->netns);
	/* when the table was read: --history and --record --json print one
	 * object a picture, each of another moment */
	jw_num(&w, "taken_at", s->taken_at, 3);
	put_sizes(&w, s);
	jw_u64(&w, "default_max", a->default_max);
	jw_u64(&w, "default_buckets", a->default_buckets);
	if (s->part_err[CT_PART_DUMP] && s->tally.entries == 0)
		put_dump_missing(&w);
	else
		put_dump(&w, s, x ? x->owners : NULL);
	put_stats(&w, s);
	put_outside(&w, &s->outside);
	if (s->part_err[CT_PART_SYSCTL]) {
		jw_null(&w, "timeouts");
	} else {
		jw_open(&w, "timeouts", '{');
		for (unsigned i = 0; i < s->ntimeouts; i++)
			jw_i64(&w, s->timeouts[i].name, s->timeouts[i].value);
		jw_close(&w, '}');
	}
	jw_bool(&w, "complete", s->complete);
	jw_num(&w, "dump_ms", s->dump_ms, 1);
	put_interval(&w, x);
	churn_json(&w, s, x ? x->owners : NULL);
	put_advice(&w, s, x);
	put_problems(&w, s);
	if (x && x->namespaces)
		json_put_namespaces(&w, x->namespaces, x->owners);
	jw_close(&w, '}');
}
