/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Relief first (issue 22): when the table drops packets, is full, or will
 * be full within ADVICE_FILL_HORIZON, the first item is what frees slots
 * now, chosen from this table's own composition, with its effect in
 * numbers. A timeout applies to an entry at its next packet, and an
 * entry in TIME_WAIT or an unanswered datagram gets none: only a delete
 * or a higher limit makes room at once. ASSURED ESTABLISHED entries are
 * never what a delete offers. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "model/advice_rules.h"
#include "model/analysis.h"
#include "model/labels.h"

/* What holds a slot without traffic: closed TCP entries and datagram
 * flows nobody answered. */
static const unsigned idle_states[] = { CT_TCP_TIME_WAIT, CT_TCP_CLOSE, CT_TCP_LAST_ACK };

bool advice_relief_needed(const struct ct_snapshot *s, const struct advice_rates *r)
{
	if (!s->max)
		return false;
	if (advice_drop_run_on(r) || s->count >= s->max)
		return true;
	double per_sec, window;
	if (!advice_growth(s, r, &per_sec, &window) || per_sec <= 0)
		return false;
	return (double)(s->max - s->count) / per_sec <= ADVICE_FILL_HORIZON;
}

uint64_t advice_idle_entries(const struct ct_tally *t)
{
	uint64_t n = t->unreplied_datagram;
	for (unsigned i = 0; i < sizeof idle_states / sizeof idle_states[0]; i++)
		n += t->tcp[idle_states[i]];
	return n;
}

/* "261,630 TIME_WAIT, 12 CLOSE and 40 unanswered UDP/ICMP" and the filter
 * that lists the same entries. */
static void idle_parts(const struct ct_tally *t, char *text, size_t tn, char *filter, size_t fn)
{
	char c[32];
	const char *part[4];
	char buf[4][64];
	unsigned n = 0;
	size_t fl = 0;
	filter[0] = '\0';
	for (unsigned i = 0; i < sizeof idle_states / sizeof idle_states[0]; i++) {
		uint64_t v = t->tcp[idle_states[i]];
		if (!v)
			continue;
		const char *name = ct_tcp_state_name(idle_states[i]);
		snprintf(buf[n], sizeof buf[n], "%s %s", fmt_count(c, sizeof c, v), name);
		part[n] = buf[n];
		n++;
		fl += (size_t)snprintf(filter + fl, fl < fn ? fn - fl : 0, "%sstate %s",
				       fl ? " or " : "", name);
	}
	if (t->unreplied_datagram) {
		snprintf(buf[n], sizeof buf[n], "%s unanswered UDP/ICMP",
			 fmt_count(c, sizeof c, t->unreplied_datagram));
		part[n] = buf[n];
		n++;
		snprintf(filter + fl, fl < fn ? fn - fl : 0, "%s(unreplied and (proto udp or proto "
			 "udplite or proto icmp or proto icmpv6))", fl ? " or " : "");
	}
	size_t tl = 0;
	text[0] = '\0';
	for (unsigned i = 0; i < n; i++)
		tl += (size_t)snprintf(text + tl, tl < tn ? tn - tl : 0, "%s%s",
				       i == 0 ? "" : i + 1 == n ? " and " : ", ", part[i]);
}

/* The filter as words after --delete (which takes the words after the
 * options as the filter), its parentheses escaped: unquoted, a long one
 * wraps at its spaces in --once, within 80 columns. */
static const char *filter_words(const char *filter, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = filter; *p && o + 3 < n; p++) {
		if (*p == '(' || *p == ')')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

/* "TIME_WAIT" when one kind holds them all, else "idle". */
static const char *idle_what(const struct ct_tally *t)
{
	uint64_t idle = advice_idle_entries(t);
	for (unsigned i = 0; i < sizeof idle_states / sizeof idle_states[0]; i++)
		if (t->tcp[idle_states[i]] == idle)
			return ct_tcp_state_name(idle_states[i]);
	return t->unreplied_datagram == idle ? "unanswered UDP/ICMP" : "idle";
}

/* Why the kernel does not make room itself, from the split of the fill. */
static const char *kernel_case(const struct ct_tally *t)
{
	if (t->evictable + t->gc_evictable == 0)
		return "Every entry is ASSURED and open: the kernel evicts none of them, so every new "
		       "flow is dropped until entries are deleted or the limit is raised.";
	if (t->evictable == 0)
		return "The kernel's collector evicts closing entries only on its passes, which do not "
		       "keep up with new flows; early_drop on insert finds nothing it may take.";
	return "early_drop on insert takes an entry that is not ASSURED only from the few buckets "
	       "next to the new one, so drops go on.";
}

static void relief_delete(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	const struct ct_tally *t = &s->tally;
	uint64_t idle = advice_idle_entries(t);
	/* a delete that frees under 5% of the table is no relief */
	if (!idle || idle * 20 < s->count)
		return;
	uint64_t left = s->count > idle ? s->count - idle : 0;
	char parts[200], filter[CT_LIST_FILTER_MAX], n[48];
	idle_parts(t, parts, sizeof parts, filter, sizeof filter);
	double after = (double)left / (double)s->max;
	struct advice *a = adv_add(k, ADVICE_CRIT, "relief_delete",
		"Delete the %s that hold slots without traffic (%s): fill %.0f%% -> %.0f%% "
		"at once. A shorter timeout would not free them: it applies at an entry's next "
		"packet, and these get none. %s", fmt_counted(n, sizeof n, idle, "entry", "entries"), parts,
		100 * s->an.fill, 100 * after, kernel_case(t));
	if (!a)
		return;
	adv_num(a, "entries", (double)idle, 0);
	adv_num(a, "count", (double)s->count, 0);
	adv_num(a, "fill_after", after, 4);
	adv_num(a, "evictable", (double)t->evictable, 0);
	adv_num(a, "gc_evictable", (double)t->gc_evictable, 0);
	adv_num(a, "pinned", (double)t->pinned, 0);
	snprintf(a->filter, sizeof a->filter, "%s", filter);
	snprintf(a->summary, sizeof a->summary, "delete %s %s %s: fill %.0f%% -> %.0f%%",
		 fmt_count(n, sizeof n, idle), idle_what(t), plural(idle, "entry", "entries"), 100 * s->an.fill, 100 * after);
	char words[2 * CT_LIST_FILTER_MAX];
	adv_cmd(a, "%sctdash --delete %s", k->prefix, filter_words(filter, words, sizeof words));
	snprintf(a->key, sizeof a->key, "a Enter");
}

/* The smallest doubling of max that leaves the table at most 70% full. */
static uint64_t relief_max_value(const struct ct_snapshot *s)
{
	uint64_t want = 2 * s->max;
	while (want < INT32_MAX / 2 && s->count * 10 > want * 7)
		want *= 2;
	return want;
}

static void relief_max(struct sink *k, bool first)
{
	const struct ct_snapshot *s = k->s;
	const struct ct_tally *t = &s->tally;
	uint64_t want = relief_max_value(s);
	char from[32], to[32], mem[32], where[160];
	uint64_t memory = table_memory(want, s->buckets, s->entry_size);
	struct advice *a = adv_add(k, first ? ADVICE_CRIT : ADVICE_WARN, "relief_max",
		"Raise nf_conntrack_max from %s to %s: fill %.0f%% -> %.0f%% at once. It is global: "
		"the limit of every namespace's table, written in the initial namespace; a full "
		"table then takes %s of kernel memory.%s%s", fmt_count(from, sizeof from, s->max),
		fmt_count(to, sizeof to, want), 100 * s->an.fill,
		100 * (double)s->count / (double)want, fmt_bytes(mem, sizeof mem, memory),
		first ? " " : "", first ? kernel_case(t) : "");
	if (!a)
		return;
	adv_str(a, "netns", adv_where(s, where, sizeof where));
	adv_num(a, "count", (double)s->count, 0);
	adv_num(a, "max", (double)s->max, 0);
	adv_num(a, "pinned", (double)t->pinned, 0);
	adv_num(a, "memory_at_max_after", (double)memory, 0);
	adv_set_max(a, want);
	snprintf(a->key, sizeof a->key, "a Enter");
	snprintf(a->summary, sizeof a->summary, "raise the global nf_conntrack_max to %s: fill "
		 "%.0f%% -> %.0f%%", to, 100 * s->an.fill, 100 * (double)s->count / (double)want);
}

void advise_relief(struct sink *k)
{
	if (!advice_relief_needed(k->s, k->r))
		return;
	unsigned before = k->n;
	relief_delete(k);
	/* the limit first when no delete is offered; after it otherwise */
	relief_max(k, k->n == before);
}
