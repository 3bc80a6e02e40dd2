/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctdash --once: the on-call glance. Every line fits 80 columns. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/advice.h"
#include "base/format.h"
#include "model/labels.h"
#include "cli/report.h"
#include "collect/sysctl.h"
#include "model/timeouts.h"

#define BAR_WIDTH 20

static void bar(char *buf, double fraction)
{
	int fill = (int)(fraction * BAR_WIDTH + 0.5);
	if (fill > BAR_WIDTH)
		fill = BAR_WIDTH;
	if (fill < 0)
		fill = 0;
	buf[0] = '[';
	for (int i = 0; i < BAR_WIDTH; i++)
		buf[1 + i] = i < fill ? '#' : '.';
	buf[BAR_WIDTH + 1] = ']';
	buf[BAR_WIDTH + 2] = '\0';
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void put_wrapped(FILE *out, const char *label, const char *text);

static void put_title(FILE *out, const struct ct_snapshot *s)
{
	char when[32];
	time_t t = (time_t)s->taken_at;
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime(&t));
	char title[CT_NETNS_NAME_MAX + 256];
	snprintf(title, sizeof title, "%s%s%s, kernel %s, %s", s->hostname,
		 *s->netns ? " netns " : "", s->netns, s->kernel, when);
	put_wrapped(out, "ctdash: ", title);
}

static void put_table(FILE *out, const struct ct_snapshot *s)
{
	const struct ct_analysis *a = &s->an;
	char c[32], m[32], b[32], mem_now[32], mem_max[32], gauge[BAR_WIDTH + 3];
	if (s->part_err[CT_PART_SYSCTL]) {
		/* zeros would read as an empty table (the note at the end says why) */
		fputs("Table    unknown: the conntrack sysctls could not be read\n", out);
		return;
	}
	bar(gauge, a->fill);
	fprintf(out, "Table    %s of %s entries, %.1f%% full %s\n",
		fmt_count(c, sizeof c, s->count), fmt_count(m, sizeof m, s->max), 100 * a->fill, gauge);
	fprintf(out, "Buckets  %s, load %.3f, ~%.1f%% occupied (grow past 66.7%%), chain %.2f\n",
		fmt_count(b, sizeof b, s->buckets), a->load_factor, 100 * a->nonempty_fraction,
		a->mean_chain);
	fprintf(out, "Memory   %s now, %s at max (%u B/entry%s + %d B/bucket)\n",
		fmt_bytes(mem_now, sizeof mem_now, a->memory_now),
		fmt_bytes(mem_max, sizeof mem_max, a->memory_at_max), s->entry_size,
		s->entry_size_measured ? "" : " assumed", 8);
	fmt_bytes(mem_now, sizeof mem_now, s->ram_bytes);
	if (a->max_is_default && a->buckets_is_default) {
		fprintf(out, "Sizing   kernel defaults for %s RAM (max %s, buckets %s)\n", mem_now,
			fmt_count(c, sizeof c, a->default_max), fmt_count(m, sizeof m, a->default_buckets));
		return;
	}
	fprintf(out, "Sizing   %s max, %s buckets; this kernel's defaults for %s RAM are\n"
		"         max %s, buckets %s\n", a->max_is_default ? "default" : "tuned",
		a->buckets_is_default ? "default" : "tuned", mem_now,
		fmt_count(c, sizeof c, a->default_max), fmt_count(m, sizeof m, a->default_buckets));
}

static void put_counters(FILE *out, const struct ct_snapshot *s)
{
	static const struct { const char *label; unsigned attr; } shown[] = {
		{ "drop", 10 }, { "early_drop", 11 }, { "insert_failed", 9 },
	};
	if (s->part_err[CT_PART_STATS])
		return;
	char v[32], text[200];
	size_t len = 0;
	for (unsigned i = 0; i < 3; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s %s ", shown[i].label,
					fmt_count(v, sizeof v, s->stat_total[shown[i].attr]));
	snprintf(text + len, sizeof text - len, "(since boot, %s)",
		 fmt_counted(v, sizeof v, s->ncpu, "CPU", "CPUs"));
	/* counters since boot grow long: wrapped like the rest */
	put_wrapped(out, "Drops    ", text);
}

static void put_protocols(FILE *out, const struct ct_tally *t)
{
	char v[32], num[8];
	fprintf(out, "Protocol ipv4 %s", fmt_count(v, sizeof v, t->ipv4));
	fprintf(out, ", ipv6 %s |", fmt_count(v, sizeof v, t->ipv6));
	int col = 0;
	for (unsigned p = 0; p < 256; p++) {
		if (!t->l4[p])
			continue;
		if (col++ == 4)
			fprintf(out, "\n        ");
		fprintf(out, " %s %s", l4_label(p, num, sizeof num), fmt_count(v, sizeof v, t->l4[p]));
	}
	fprintf(out, "\nFlags    assured %s", fmt_count(v, sizeof v, t->assured));
	fprintf(out, ", unreplied %s\n", fmt_count(v, sizeof v, t->unreplied));
}

static void put_tcp_states(FILE *out, const struct ct_snapshot *s)
{
	const struct ct_tally *t = &s->tally;
	uint64_t tcp = t->l4[6];
	char v[32], d[16];
	if (!tcp)
		return;
	fprintf(out, "\nTCP state        entries  share  timeout\n");
	for (unsigned st = 0; st < CT_TCP_NSTATES; st++) {
		if (!t->tcp[st])
			continue;
		long to = timeout_value(s, ct_tcp_state_sysctl(st));
		fprintf(out, "  %-12s %11s %5.1f%%  %7s\n", ct_tcp_state_name(st),
			fmt_count(v, sizeof v, t->tcp[st]), share(t->tcp[st], tcp),
			to >= 0 ? fmt_duration(d, sizeof d, to) : "-");
	}
}

static void put_addresses(FILE *out, const char *title, const struct ct_source *top,
			  unsigned n, uint64_t distinct, uint64_t entries,
			  const struct addr_owners *owners)
{
	char addr[FMT_ADDR_MAX], v[32], who[WL_NAME_MAX * 2 + 20];
	if (!n)
		return;
	fprintf(out, "\n%s (%s distinct)\n", title, fmt_count(v, sizeof v, distinct));
	for (unsigned i = 0; i < n; i++)
		fprintf(out, "  %-39s %11s %5.1f%%%s\n", fmt_ip(addr, sizeof addr, top[i].family, top[i].addr),
			fmt_count(v, sizeof v, top[i].count), share(top[i].count, entries),
			text_owner(owners, top[i].family, top[i].addr, who, sizeof who));
}

static void put_sources(FILE *out, const struct ct_snapshot *s, const struct addr_owners *owners)
{
	put_addresses(out, "Top sources", s->top, s->ntop, s->distinct_sources, s->tally.entries,
		      owners);
	put_addresses(out, "Top destinations", s->top_dst, s->ntop_dst,
		      s->distinct_destinations, s->tally.entries, owners);
}

static void put_dports(FILE *out, const struct ct_snapshot *s)
{
	char v[32], num[8], label[24];
	if (!s->ntop_dport)
		return;
	fprintf(out, "\nTop destination ports (%s distinct)\n",
		fmt_count(v, sizeof v, s->distinct_dports));
	for (unsigned i = 0; i < s->ntop_dport; i++) {
		const struct ct_port_count *p = &s->top_dport[i];
		snprintf(label, sizeof label, "%s/%u", l4_label(p->proto, num, sizeof num), p->port);
		fprintf(out, "  %-39s %11s %5.1f%%\n", label, fmt_count(v, sizeof v, p->count),
			share(p->count, s->tally.entries));
	}
}

/* Without the dump the timeouts still come from /proc: list them all,
 * two to a line, without the common prefix. */
static void put_timeouts(FILE *out, const struct ct_snapshot *s)
{
	char d[16];
	fprintf(out, "\nTimeouts\n");
	for (unsigned i = 0; i < s->ntimeouts; i++)
		fprintf(out, "  %-29s %7s%s", sysctl_short_name(s->timeouts[i].name),
			fmt_duration(d, sizeof d, s->timeouts[i].value), i % 2 ? "\n" : "");
	if (s->ntimeouts % 2)
		fputc('\n', out);
}

/* Print the label then text, wrapping at 80 columns with continuation
 * lines indented to where the text began; a word longer than a line (a
 * long namespace name) is broken where the line ends. */
static void put_wrapped(FILE *out, const char *label, const char *text)
{
	int indent = (int)strlen(label);
	int col = fprintf(out, "%s", label);
	const char *p = text;
	while (*p) {
		int word = (int)strcspn(p, " ");
		if (col > indent && col + 1 + word > 79) {
			col = fprintf(out, "\n%*s", indent, "") - 1;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		while (col + word > 79 && col < 79) {
			int take = 79 - col;
			fprintf(out, "%.*s\n%*s", take, p, indent, "");
			p += take;
			word -= take;
			col = indent;
		}
		col += fprintf(out, "%.*s", word, p);
		p += word;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

/* A word longer than a line (a quoted nft rule, a long filter): broken
 * inside quotes (at a space when it can) by closing the quote, a
 * backslash-newline, and opening it again at the start of the next line;
 * outside quotes by a backslash-newline alone. The shell removes each
 * backslash-newline and joins the pieces back into the same word.
 * Returns the column it ends at. */
static int put_long_word(FILE *out, const char *w, size_t len, int col)
{
	bool quoted = false;
	for (size_t i = 0; i < len; i++) {
		if (w[i] == '\'')
			quoted = !quoted;
		fputc(w[i], out);
		col++;
		if (i + 1 >= len || (!quoted && w[i] == '\\'))
			continue;
		if (quoted && (w[i] == ' ' ? col >= 60 : col >= 76)) {
			fputs("'\\\n'", out);
			col = 1;
		} else if (!quoted && col >= 76) {
			fputs("\\\n", out);
			col = 0;
		}
	}
	return col;
}

/* A command line as "    $ cmd", broken before 80 columns with " \\" at
 * spaces outside quotes, so it still pastes as one command. */
static void put_command(FILE *out, const char *cmd)
{
	int col = fprintf(out, "    $ ");
	bool quoted = false;
	const char *p = cmd;
	while (*p) {
		size_t word = 0;
		for (; p[word] && (quoted || p[word] != ' '); word++)
			if (p[word] == '\'')
				quoted = !quoted;
		if (col > 6 && col + 1 + (int)word > 77)
			col = fprintf(out, " \\\n      ") - 3;
		else if (col > 6)
			col += fprintf(out, " ");
		if (col + (int)word > 77)
			col = put_long_word(out, p, word, col);
		else
			col += fprintf(out, "%.*s", (int)word, p);
		p += word;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

static void put_advice(FILE *out, const struct ct_snapshot *s, const struct report_extra *x)
{
	static struct advice adv[ADVICE_MAX];
	unsigned n = report_advice(s, x, adv, ADVICE_MAX);
	if (!n)
		return;
	fprintf(out, "\nAdvice\n");
	for (unsigned i = 0; i < n; i++) {
		char label[16];
		/* "critical" is eight letters: the level stands apart from the text */
		snprintf(label, sizeof label, "  %-9s", advice_level_name(adv[i].level));
		put_wrapped(out, label, adv[i].text);
		for (unsigned c = 0; c < adv[i].ncommands; c++)
			put_command(out, adv[i].commands[c]);
	}
}

/* The count is the kernel's nf_conntrack_count; a dump lists only the
 * confirmed entries that have not expired: say why they differ. */
static void put_count_gap(FILE *out, const struct ct_snapshot *s)
{
	uint64_t dumped = s->tally.entries;
	if (!s->complete || s->part_err[CT_PART_SYSCTL] || s->count == dumped)
		return;
	char c[48], d[32], u[32], why[400];
	uint64_t gap = s->count > dumped ? s->count - dumped : dumped - s->count;
	const struct ct_outside *o = &s->outside;
	if (s->count > dumped && o->lists_known)
		snprintf(why, sizeof why, "the count holds %s more than the dump listed: not "
			 "yet confirmed (%s now), dying (%s now), or expired and not yet reaped by the "
			 "kernel (a dump lists none of them).", fmt_counted(c, sizeof c, gap, "entry", "entries"),
			 fmt_count(d, sizeof d, o->unconfirmed),
			 fmt_count(u, sizeof u, o->dying));
	else if (s->count > dumped)
		snprintf(why, sizeof why, "the count holds %s more than the dump listed: not "
			 "yet confirmed, dying, or expired and not yet reaped by the kernel (a dump "
			 "lists none of them).", fmt_counted(c, sizeof c, gap, "entry", "entries"));
	else
		snprintf(why, sizeof why, "the dump listed %s more than the count (%s): "
			 "entries made while it ran.", fmt_counted(c, sizeof c, gap, "entry", "entries"),
			 fmt_count(d, sizeof d, s->count));
	put_wrapped(out, "note: ", why);
}

static void put_problems(FILE *out, const struct ct_snapshot *s)
{
	for (unsigned p = 0; p < CT_PART_COUNT; p++) {
		const char *why = part_problem(s, (enum ct_part)p);
		if (why)
			put_wrapped(out, "note: ", why);
	}
}

void report_text(FILE *out, const struct ct_snapshot *s, const struct report_extra *x)
{
	char v[48];
	put_title(out, s);
	put_table(out, s);
	put_counters(out, s);
	bool have_dump = !s->part_err[CT_PART_DUMP] || s->tally.entries;
	if (have_dump) {
		fprintf(out, "Dump     %s in %.0f ms, %s\n",
			fmt_counted(v, sizeof v, s->tally.entries, "entry", "entries"), s->dump_ms,
			s->complete ? "complete" : "INCOMPLETE: figures below are partial");
		put_count_gap(out, s);
		put_protocols(out, &s->tally);
		put_tcp_states(out, s);
		put_sources(out, s, x ? x->owners : NULL);
		put_dports(out, s);
		nat_report_text(out, s);
	}
	else
		put_timeouts(out, s);
	churn_text(out, s, x ? x->owners : NULL);
	if (x && x->namespaces)
		churners_text(out, x->namespaces, x->owners);
	put_advice(out, s, x);
	put_problems(out, s);
}
