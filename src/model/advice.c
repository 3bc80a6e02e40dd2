/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/advice.h"

#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/shellword.h"
#include "model/advice_rules.h"

static const struct {
	const char *name;
	unsigned attr; /* CTA_STATS_*: the slot in stat_total */
} counters[AC_NCOUNTERS] = {
	[AC_DROP] = { "drop", CTA_STATS_DROP },
	[AC_EARLY_DROP] = { "early_drop", CTA_STATS_EARLY_DROP },
	[AC_INSERT_FAILED] = { "insert_failed", CTA_STATS_INSERT_FAILED },
	[AC_SEARCH_RESTART] = { "search_restart", CTA_STATS_SEARCH_RESTART },
	[AC_CHAIN_TOOLONG] = { "chaintoolong", CTA_STATS_CHAIN_TOOLONG },
};

const char *advice_counter_name(enum advice_counter c)
{
	return c < AC_NCOUNTERS ? counters[c].name : NULL;
}

bool advice_counter_value(const struct ct_snapshot *s, enum advice_counter c, uint64_t *v)
{
	if (c >= AC_NCOUNTERS || s->part_err[CT_PART_STATS] ||
	    !(s->stat_present & (1u << counters[c].attr)))
		return false;
	*v = s->stat_total[counters[c].attr];
	return true;
}

void advice_tracker_init(struct advice_tracker *tr)
{
	memset(tr, 0, sizeof *tr);
}

bool advice_dropping_now(const struct advice_rates *r)
{
	return r && r->known && (r->rose[AC_DROP] || r->rose[AC_EARLY_DROP]);
}

bool advice_drop_run_on(const struct advice_rates *r)
{
	return advice_dropping_now(r) ||
	       (r && r->last_drop_at > 0 && r->newest_at - r->last_drop_at < ADVICE_RUN_GAP);
}

/* A counter that went down (a CPU offlined, the module reloaded) rose by
 * nothing, rather than by nearly 2^64. */
static uint64_t rise(uint64_t before, uint64_t after)
{
	return after > before ? after - before : 0;
}

static void track_drops(struct advice_rates *r, double wall)
{
	bool run_on = r->last_drop_at > 0 && wall - r->last_drop_at < ADVICE_RUN_GAP;
	r->newest_at = wall;
	if (!advice_dropping_now(r))
		return;
	r->run_rate = (double)r->rose[AC_DROP] / r->seconds;
	if (!run_on) {
		r->dropping_since = wall;
		r->run_drops = r->run_early_drops = 0;
	}
	r->last_drop_at = wall;
	r->run_drops += r->rose[AC_DROP];
	r->run_early_drops += r->rose[AC_EARLY_DROP];
}

void advice_track(struct advice_tracker *tr, double t, const struct ct_snapshot *s)
{
	struct advice_rates *r = &tr->rates;
	uint64_t v[AC_NCOUNTERS] = { 0 };
	bool have = !s->part_err[CT_PART_STATS];
	for (unsigned c = 0; c < AC_NCOUNTERS; c++)
		if (!advice_counter_value(s, (enum advice_counter)c, &v[c]))
			v[c] = 0; /* an old kernel without chaintoolong: never rises */
	if (!advice_counter_value(s, AC_DROP, &v[AC_DROP]))
		have = false;
	bool sysctl_ok = !s->part_err[CT_PART_SYSCTL];
	if (tr->have_prev && t > tr->prev_t) {
		r->seconds = t - tr->prev_t;
		r->known = have;
		for (unsigned c = 0; c < AC_NCOUNTERS; c++)
			r->rose[c] = have ? rise(tr->prev_v[c], v[c]) : 0;
		r->growth_known = sysctl_ok;
		r->growth_per_sec = ((double)s->count - (double)tr->prev_count) / r->seconds;
		track_drops(r, s->taken_at);
	}
	if (!have)
		r->known = false;
	memcpy(tr->prev_v, v, sizeof v);
	tr->prev_count = s->count;
	tr->prev_t = t;
	tr->have_prev = have && sysctl_ok;
}

bool advice_growth(const struct ct_snapshot *s, const struct advice_rates *r, double *per_sec,
		   double *window_s)
{
	if (s->rates.valid) {
		*per_sec = s->rates.growth_per_s;
		*window_s = s->rates.window_s;
		return true;
	}
	if (r && r->growth_known) {
		*per_sec = r->growth_per_sec;
		*window_s = r->seconds;
		return true;
	}
	return false;
}

struct advice *adv_add(struct sink *k, enum advice_level level, const char *id,
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

void adv_num(struct advice *a, const char *name, double value, int decimals)
{
	if (!a || a->nevidence == ADVICE_EVIDENCE)
		return;
	struct advice_evidence *e = &a->evidence[a->nevidence++];
	snprintf(e->name, sizeof e->name, "%s", name);
	e->value = value;
	e->decimals = decimals;
	e->text[0] = '\0';
}

void adv_str(struct advice *a, const char *name, const char *value)
{
	if (!a || a->nevidence == ADVICE_EVIDENCE)
		return;
	struct advice_evidence *e = &a->evidence[a->nevidence++];
	snprintf(e->name, sizeof e->name, "%s", name);
	e->value = 0;
	e->decimals = 0;
	snprintf(e->text, sizeof e->text, "%s", value);
}

void adv_cmd(struct advice *a, const char *fmt, ...)
{
	if (!a || a->ncommands == ADVICE_COMMANDS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->commands[a->ncommands++], ADVICE_COMMAND_LEN, fmt, ap);
	va_end(ap);
}

double adv_share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

const char *adv_where(const struct ct_snapshot *s, char *buf, size_t n)
{
	int pid;
	char rest;
	if (!s->netns[0])
		snprintf(buf, n, "the host's namespace");
	else if (sscanf(s->netns, "pid:%d%c", &pid, &rest) == 1)
		snprintf(buf, n, "the namespace of process %d", pid);
	else
		snprintf(buf, n, "namespace '%s'", s->netns);
	return buf;
}

void advice_sort(struct advice *items, unsigned n)
{
	/* qsort is not stable; rules are few, so insertion keeps their order */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && items[j - 1].level < items[j].level; j--) {
			struct advice tmp = items[j];
			items[j] = items[j - 1];
			items[j - 1] = tmp;
		}
}

unsigned advise_rates(const struct ct_snapshot *s, const struct advice_rates *r,
		      struct advice *out, unsigned max)
{
	struct sink k = { .out = out, .max = max, .s = s, .r = r };
	ns_exec_prefix(s->netns, k.prefix, sizeof k.prefix);
	advise_relief(&k);
	advise_table(&k);
	advise_traffic(&k);
	advise_nat(&k);
	advice_sort(out, k.n);
	return k.n;
}

unsigned advise(const struct ct_snapshot *s, struct advice *out, unsigned max)
{
	return advise_rates(s, NULL, out, max);
}

const char *advice_level_name(enum advice_level l)
{
	return l == ADVICE_CRIT ? "critical" : l == ADVICE_WARN ? "warning" : "info";
}
