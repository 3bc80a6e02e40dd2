/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Prometheus text format: one family at a time, HELP and TYPE first,
 * then its series. A family whose part of the snapshot could not be read
 * is left out rather than written as zeros, so an alert on it stays quiet
 * instead of firing on a number nobody measured. */
#include "serve/promtext.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "base/utf8.h"
#include "model/advice.h"
#include "model/labels.h"

/* The end of a series' labels (key, value pairs): a pointer, as va_arg
 * reads it, where a bare NULL may be an int. */
#define LABELS_END ((const char *)NULL)

struct promw {
	FILE *out;
	const char *netns; /* label value every series carries, or NULL */
};

/* What the next character of a label value is written as: backslash,
 * quote and newline escaped as the format says; a byte that is not
 * well-formed UTF-8 (the format is UTF-8, and a scraper refuses the whole
 * page otherwise) or a control written as U+FFFD. Returns how many bytes
 * of p it stands for. */
static size_t escape_piece(const unsigned char *p, const char **piece, size_t *len)
{
	size_t in = utf8_len(p);
	*piece = (const char *)p;
	*len = in;
	/* a control would make the terminal that shows the page set its
	 * title or hide text; a newline is escaped instead */
	if (in == 0 || (utf8_control(p, in) >= 0 && *p != '\n')) {
		*piece = UTF8_REPLACEMENT;
		*len = 3;
		return in ? in : 1;
	}
	if (*p == '\\' || *p == '"' || *p == '\n') {
		*piece = *p == '"' ? "\\\"" : *p == '\n' ? "\\n" : "\\\\";
		*len = 2;
	}
	return in;
}

char *prom_escape(char *buf, size_t n, const char *value)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)value; *p;) {
		const char *piece;
		size_t len;
		size_t in = escape_piece(p, &piece, &len);
		if (o + len + 1 > n)
			break;
		memcpy(buf + o, piece, len);
		o += len;
		p += in;
	}
	if (n)
		buf[o] = '\0';
	return buf;
}

static void family(const struct promw *w, const char *name, const char *type, const char *help)
{
	fprintf(w->out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* sep key="value", the value escaped whole: cut to a buffer, two long
 * names that differ only at their end would be one series. */
static void put_label(FILE *out, const char *sep, const char *key, const char *value)
{
	fprintf(out, "%s%s=\"", sep, key);
	for (const unsigned char *p = (const unsigned char *)value; *p;) {
		const char *piece;
		size_t len;
		p += escape_piece(p, &piece, &len);
		fwrite(piece, 1, len, out);
	}
	fputc('"', out);
}

/* name{netns="…",k="v",…}: the label pairs end with a NULL key. */
static void put_name(const struct promw *w, const char *name, va_list ap)
{
	const char *sep = "{";
	fputs(name, w->out);
	if (w->netns) {
		put_label(w->out, sep, "netns", w->netns);
		sep = ",";
	}
	for (const char *key; (key = va_arg(ap, const char *));) {
		put_label(w->out, sep, key, va_arg(ap, const char *));
		sep = ",";
	}
	if (*sep == ',')
		fputc('}', w->out);
}

static void put_u64(const struct promw *w, const char *name, uint64_t v, ...)
{
	va_list ap;
	va_start(ap, v);
	put_name(w, name, ap);
	va_end(ap);
	fprintf(w->out, " %llu\n", (unsigned long long)v);
}

static void put_num(const struct promw *w, const char *name, double v, ...)
{
	va_list ap;
	va_start(ap, v);
	put_name(w, name, ap);
	va_end(ap);
	if (isnan(v))
		fputs(" NaN\n", w->out);
	else if (isinf(v))
		fputs(v > 0 ? " +Inf\n" : " -Inf\n", w->out);
	else
		fprintf(w->out, " %.15g\n", v);
}

/* A gauge family of one unlabelled series. */
static void gauge_u64(const struct promw *w, const char *name, const char *help, uint64_t v)
{
	family(w, name, "gauge", help);
	put_u64(w, name, v, LABELS_END);
}

static void gauge_num(const struct promw *w, const char *name, const char *help, double v)
{
	family(w, name, "gauge", help);
	put_num(w, name, v, LABELS_END);
}

static bool have(const struct ct_snapshot *s, enum ct_part p)
{
	return s->part_err[p] == 0;
}

/* The sizes: from the table for every namespace with --all-netns, else
 * from the snapshot. */
static void put_sizes_one(const struct promw *w, const struct ct_snapshot *s)
{
	if (!have(s, CT_PART_SYSCTL))
		return;
	gauge_u64(w, "ctdash_entries", "Entries in the conntrack table (nf_conntrack_count).", s->count);
	gauge_u64(w, "ctdash_entries_limit", "Most entries the table may hold (nf_conntrack_max).", s->max);
	gauge_num(w, "ctdash_fill_ratio", "Entries over the limit, 0 to 1.", s->an.fill);
}

static void put_sizes_all(FILE *out, const struct ns_table *t)
{
	static const struct { const char *name, *help; } fam[] = {
		{ "ctdash_entries", "Entries in the conntrack table (nf_conntrack_count)." },
		{ "ctdash_entries_limit", "Most entries the table may hold (nf_conntrack_max, global, held against each namespace's own count)." },
		{ "ctdash_fill_ratio", "Entries over the limit, 0 to 1." },
	};
	char label[NS_LABEL_MAX];
	for (unsigned f = 0; f < 3; f++) {
		struct promw w0 = { out, NULL };
		family(&w0, fam[f].name, "gauge", fam[f].help);
		for (unsigned i = 0; i < t->n; i++) {
			const struct ns_info *ns = &t->ns[i];
			if (ns->err)
				continue;
			struct promw w = { out, ns_label(ns, label, sizeof label) };
			if (f == 0)
				put_u64(&w, fam[f].name, ns->count, LABELS_END);
			else if (f == 1)
				put_u64(&w, fam[f].name, t->max, LABELS_END);
			else
				put_num(&w, fam[f].name, ns_fill(ns, t->max), LABELS_END);
		}
	}
}

static void put_hash(const struct promw *w, const struct ct_snapshot *s)
{
	if (!have(s, CT_PART_SYSCTL))
		return;
	gauge_u64(w, "ctdash_buckets", "Hash buckets of the table (nf_conntrack_buckets).", s->buckets);
	gauge_num(w, "ctdash_load_factor", "Entries per bucket (count / buckets); lookups walk chains past about 1.1.", s->an.load_factor);
	gauge_u64(w, "ctdash_memory_bytes", "Kernel memory the entries and bucket heads take now (unswappable).", s->an.memory_now);
	gauge_u64(w, "ctdash_memory_at_limit_bytes", "Kernel memory a full table would take.", s->an.memory_at_max);
	gauge_u64(w, "ctdash_entry_size_bytes", "Bytes per entry (struct nf_conn, from /proc/slabinfo when readable).", s->entry_size);
}

static void put_protocols(const struct promw *w, const struct ct_tally *t)
{
	char num[8];
	family(w, "ctdash_entries_by_l3", "gauge", "Entries by network protocol (l3: ipv4, ipv6, other), from the last dump.");
	put_u64(w, "ctdash_entries_by_l3", t->ipv4, "l3", "ipv4", LABELS_END);
	put_u64(w, "ctdash_entries_by_l3", t->ipv6, "l3", "ipv6", LABELS_END);
	put_u64(w, "ctdash_entries_by_l3", t->l3_other, "l3", "other", LABELS_END);
	family(w, "ctdash_entries_by_l4", "gauge", "Entries by transport protocol (l4: conntrack's name, else the number), from the last dump.");
	for (unsigned i = 0; i < ct_l4_nlisted; i++)
		put_u64(w, "ctdash_entries_by_l4", t->l4[ct_l4_listed[i]], "l4", ct_l4_name(ct_l4_listed[i]), LABELS_END);
	for (unsigned p = 0; p < 256; p++) {
		bool listed = false;
		for (unsigned i = 0; i < ct_l4_nlisted; i++)
			listed |= ct_l4_listed[i] == p;
		if (t->l4[p] && !listed) {
			const char *name = ct_l4_name(p);
			if (!name) {
				snprintf(num, sizeof num, "%u", p);
				name = num;
			}
			put_u64(w, "ctdash_entries_by_l4", t->l4[p], "l4", name, LABELS_END);
		}
	}
}

static void put_states_flags(const struct promw *w, const struct ct_tally *t)
{
	family(w, "ctdash_entries_by_tcp_state", "gauge", "TCP entries by conntrack state (the kernel's names), from the last dump.");
	for (unsigned st = CT_TCP_SYN_SENT; st < CT_TCP_NSTATES; st++)
		put_u64(w, "ctdash_entries_by_tcp_state", t->tcp[st], "state", ct_tcp_state_name(st), LABELS_END);
	if (t->tcp[CT_TCP_NONE])
		put_u64(w, "ctdash_entries_by_tcp_state", t->tcp[CT_TCP_NONE], "state", ct_tcp_state_name(CT_TCP_NONE), LABELS_END);
	family(w, "ctdash_entries_flagged", "gauge", "Entries carrying a status flag (flag: assured, unreplied), from the last dump.");
	put_u64(w, "ctdash_entries_flagged", t->assured, "flag", "assured", LABELS_END);
	put_u64(w, "ctdash_entries_flagged", t->unreplied, "flag", "unreplied", LABELS_END);
}

static void put_top(const struct promw *w, const struct ct_snapshot *s, unsigned top_n)
{
	char help[160], addr[FMT_ADDR_MAX];
	snprintf(help, sizeof help,
		 "Entries whose original source is addr, for the %u busiest sources (--top; at most that many series).",
		 top_n);
	family(w, "ctdash_top_source_entries", "gauge", help);
	for (unsigned i = 0; i < s->ntop; i++)
		put_u64(w, "ctdash_top_source_entries", s->top[i].count, "addr",
			fmt_ip(addr, sizeof addr, s->top[i].family, s->top[i].addr), LABELS_END);
	gauge_u64(w, "ctdash_distinct_sources", "Distinct original source addresses in the last dump.", s->distinct_sources);
}

static void put_dump_parts(const struct promw *w, const struct ct_snapshot *s, unsigned top_n)
{
	if (!have(s, CT_PART_DUMP) && s->tally.entries == 0)
		return;
	put_protocols(w, &s->tally);
	put_states_flags(w, &s->tally);
	put_top(w, s, top_n);
}

/* The labels a namespace's workload gives its series: k8s_namespace and
 * pod for a pod, container (its name, else its short id) for the rest. */
struct wl_labels {
	const char *k8s_namespace, *pod, *container;
	char buf[NS_CONTAINER_MAX + WL_NAME_MAX];
};

static void wl_labels_of(const struct workload *wl, struct wl_labels *l)
{
	bool pod = wl->kind == WL_POD;
	l->k8s_namespace = pod ? wl->namespace : "";
	l->pod = pod ? wl->name : "";
	if (pod || wl->kind == WL_NONE)
		l->buf[0] = '\0';
	else
		snprintf(l->buf, sizeof l->buf, "%s", wl->name[0] ? wl->name : wl->container_id);
	if (!pod && !wl->name[0])
		l->buf[12] = '\0'; /* a short id, as docker ps shows it */
	l->container = l->buf;
}

/* Whether namespace i has series of its own, --max-series counted over
 * the namespaces with counters, the snapshot's own left out (its
 * per-CPU series are there: sum without (cpu) must count it once). */
static bool own_series(const struct prom_input *in, unsigned i, unsigned *own)
{
	const struct ns_info *ns = &in->namespaces->ns[i];
	if (!ns->st.have || ns->inode == in->snap_inode)
		return false;
	if (in->max_series && *own >= in->max_series)
		return false;
	(*own)++;
	return true;
}

static unsigned folded(const struct prom_input *in)
{
	unsigned own = 0, n = 0;
	for (unsigned i = 0; in->namespaces && i < in->namespaces->n; i++) {
		const struct ns_info *ns = &in->namespaces->ns[i];
		n += !own_series(in, i, &own) && ns->st.have && ns->inode != in->snap_inode;
	}
	return n;
}

static uint64_t ns_counter(const struct ns_stats *st, const char *stat)
{
	return strcmp(stat, "drop") == 0 ? st->drop : strcmp(stat, "early_drop") == 0 ? st->early_drop
	       : strcmp(stat, "insert_failed") == 0 ? st->insert_failed : st->insert;
}

/* With --all-netns the counters the kernel keeps per namespace, one
 * series a namespace with its workload's labels, beyond --max-series one
 * netns="other" sum; so an alert on them fires for a container's table. */
static void put_ns_counter(FILE *out, const struct prom_input *in, const char *name, const char *stat)
{
	static const char *const per_ns[] = { "drop", "early_drop", "insert_failed", "insert" };
	bool kept = false;
	for (size_t k = 0; k < sizeof per_ns / sizeof *per_ns; k++)
		kept |= strcmp(stat, per_ns[k]) == 0;
	if (!in->namespaces || !kept)
		return;
	char label[NS_LABEL_MAX];
	uint64_t other = 0;
	unsigned own = 0, nother = 0;
	for (unsigned i = 0; i < in->namespaces->n; i++) {
		const struct ns_info *ns = &in->namespaces->ns[i];
		if (!own_series(in, i, &own)) {
			bool counted = ns->st.have && ns->inode != in->snap_inode;
			other += counted ? ns_counter(&ns->st, stat) : 0;
			nother += counted;
			continue;
		}
		struct wl_labels l;
		wl_labels_of(&ns->workload, &l);
		struct promw w = { out, ns_label(ns, label, sizeof label) };
		put_u64(&w, name, ns_counter(&ns->st, stat), "k8s_namespace", l.k8s_namespace,
			"pod", l.pod, "container", l.container, LABELS_END);
	}
	if (nother) {
		struct promw w = { out, "other" };
		put_u64(&w, name, other, "k8s_namespace", "", "pod", "", "container", "", LABELS_END);
	}
}

/* ctdash_stat_<name>_total{cpu}: one family per counter the kernel sent;
 * with --all-netns the other namespaces' own beside them. */
static void put_stats(const struct promw *w, const struct ct_snapshot *s, const struct prom_input *in)
{
	if (!have(s, CT_PART_STATS))
		return;
	char name[64], help[200], cpu[12];
	for (unsigned a = 1; a < CT_STAT_SLOTS; a++) {
		if (!(s->stat_present & (1u << a)))
			continue;
		const char *stat = ct_stat_name(a);
		if (stat)
			snprintf(name, sizeof name, "ctdash_stat_%s_total", stat);
		else
			snprintf(name, sizeof name, "ctdash_stat_attr_%u_total", a);
		snprintf(help, sizeof help, "Per-CPU conntrack counter %s (conntrack -S)%s.", stat ? stat : name + 12,
			 in->namespaces ? "; with --all-netns each other namespace's sum, cpu unset" : "");
		family(w, name, "counter", help);
		for (unsigned i = 0; i < s->ncpu; i++) {
			if (!(s->cpu[i].present & (1u << a)))
				continue;
			snprintf(cpu, sizeof cpu, "%u", s->cpu[i].cpu);
			put_u64(w, name, s->cpu[i].v[a], "cpu", cpu, LABELS_END);
		}
		if (stat)
			put_ns_counter(w->out, in, name, stat);
	}
}

static void put_timeouts(FILE *out, const struct prom_input *in)
{
	const struct ct_snapshot *s = in->snap;
	struct promw w = { out, in->namespaces ? in->snap_netns : NULL };
	family(&w, "ctdash_timeout_seconds", "gauge",
	       "Conntrack timeout sysctls, seconds (with --all-netns: other namespaces only where they differ from the initial one).");
	for (unsigned i = 0; i < s->ntimeouts; i++)
		put_u64(&w, "ctdash_timeout_seconds", (uint64_t)s->timeouts[i].value,
			"sysctl", s->timeouts[i].name, LABELS_END);
	if (!in->namespaces)
		return;
	char label[NS_LABEL_MAX];
	for (unsigned i = 0; i < in->namespaces->n; i++) {
		const struct ns_info *ns = &in->namespaces->ns[i];
		if (ns->inode == in->snap_inode || ns->err)
			continue;
		struct promw wn = { out, ns_label(ns, label, sizeof label) };
		for (unsigned d = 0; d < ns->ndiff; d++)
			put_u64(&wn, "ctdash_timeout_seconds", (uint64_t)ns->diff[d].value,
				"sysctl", ns->diff[d].name, LABELS_END);
	}
}

static void put_advice(const struct promw *w, const struct ct_snapshot *s)
{
	struct advice adv[ADVICE_MAX];
	unsigned n = advise(s, adv, ADVICE_MAX);
	family(w, "ctdash_advice", "gauge", "1 for each piece of advice that applies now (id: stable key, level: info, warn, crit).");
	for (unsigned i = 0; i < n; i++)
		put_u64(w, "ctdash_advice", 1, "id", adv[i].id, "level", advice_level_name(adv[i].level), LABELS_END);
}

static void put_self(const struct promw *w, const struct ct_snapshot *s, double interval_s)
{
	static const char *const part_names[CT_PART_COUNT] = { "sysctl", "dump", "stats", "slab" };
	family(w, "ctdash_part_readable", "gauge", "1 when that part of the snapshot could be read (sysctl, dump, stats, slab).");
	for (unsigned p = 0; p < CT_PART_COUNT; p++)
		put_u64(w, "ctdash_part_readable", s->part_err[p] == 0, "part", part_names[p], LABELS_END);
	gauge_num(w, "ctdash_dump_seconds", "How long the last dump of the table took.", s->dump_ms / 1e3);
	gauge_num(w, "ctdash_dump_cpu_seconds", "CPU the last dump cost ctdash, the kernel's walk included; while events are sampled a dump is paced to a few percent of a core, so it takes far longer than this.", s->dump_cpu_ms / 1e3);
	gauge_u64(w, "ctdash_dump_complete", "1 when the last dump saw every entry (no loss, no resize across it).", s->complete);
	gauge_u64(w, "ctdash_snapshot_partial", "1 while a dump runs long (a flood): entries, limit, counters and host are read every interval, the breakdowns are the last full snapshot's.", s->partial);
	gauge_num(w, "ctdash_breakdown_timestamp_seconds", "When the breakdowns (states, protocols, tops, churn) were taken (Unix time); the snapshot's own time unless partial.", s->breakdown_at);
	if (interval_s > 0)
		gauge_num(w, "ctdash_refresh_interval_seconds", "The refresh interval asked for (--delay): a snapshot is published at least this often.", interval_s);
}

/* With events on (the sampler's collector keeps counts current from
 * ctnetlink events between dumps), the event engine's counters. In dump
 * mode they are left out: the kernel's insert counter is the stand-in. */
static void put_events(const struct promw *w, const struct ct_snapshot *s)
{
	const struct ct_events_info *e = &s->events;
	bool on = e->source == CT_SOURCE_EVENTS;
	gauge_u64(w, "ctdash_events_active", "1 when the counts are kept current by conntrack events between dumps, 0 when each snapshot is a dump.", on);
	if (!on)
		return;
	family(w, "ctdash_entries_created_total", "counter", "New entries seen as events since ctdash started.");
	put_u64(w, "ctdash_entries_created_total", e->new_total, LABELS_END);
	family(w, "ctdash_entries_destroyed_total", "counter", "Destroyed entries seen as events since ctdash started.");
	put_u64(w, "ctdash_entries_destroyed_total", e->destroy_total, LABELS_END);
	family(w, "ctdash_events_lost_total", "counter", "Times the kernel dropped events for ctdash (ENOBUFS); each is repaired by a resync dump.");
	put_u64(w, "ctdash_events_lost_total", e->lost, LABELS_END);
	family(w, "ctdash_resyncs_total", "counter", "Full dumps taken to resynchronise the event-kept counts.");
	put_u64(w, "ctdash_resyncs_total", e->resyncs, LABELS_END);
	gauge_num(w, "ctdash_event_lag_seconds", "How long the newest events waited before they were applied.", e->lag_ms / 1e3);
	gauge_u64(w, "ctdash_events_sampled_1_in", "1 when every event is heard; k when new entries are heard 1/k of the time under heavy churn (churn rates and tops scaled by k, states from the last dump).", e->sample_1_in);
	gauge_num(w, "ctdash_dump_age_seconds", "Age of the last dump, where states and holders come from while events are sampled.", e->dump_age_s);
	gauge_num(w, "ctdash_event_kernel_seconds", "The kernel's CPU building one event message in the packet path: measured from the host's busy time while events are sampled, else assumed (ctdash_event_kernel_measured).", e->kernel_us / 1e6);
	gauge_u64(w, "ctdash_event_kernel_measured", "1 when ctdash_event_kernel_seconds was measured on this host, 0 when assumed.", e->kernel_measured);
	gauge_num(w, "ctdash_event_own_seconds", "ctdash's own CPU reading and applying one event message, timed.", e->own_us / 1e6);
}

static void put_namespaces(FILE *out, const struct prom_input *in)
{
	const struct ns_table *t = in->namespaces;
	char label[NS_LABEL_MAX], inode[24], pid[16];
	struct promw w0 = { out, NULL };
	family(&w0, "ctdash_netns_info", "gauge",
	       "1 for each network namespace found (inode, a holder pid and its comm, container from its cgroup, /run/netns name; its workload: kind, k8s_namespace, pod, container_id).");
	for (unsigned i = 0; i < t->n; i++) {
		const struct ns_info *ns = &t->ns[i];
		struct promw w = { out, ns_label(ns, label, sizeof label) };
		struct wl_labels l;
		wl_labels_of(&ns->workload, &l);
		snprintf(inode, sizeof inode, "%llu", (unsigned long long)ns->inode);
		snprintf(pid, sizeof pid, "%d", ns->nholders ? (int)ns->pids[0] : 0);
		put_u64(&w, "ctdash_netns_info", 1, "inode", inode, "pid", ns->nholders ? pid : "",
			"comm", ns->comm, "container", ns->container, "name", ns->name,
			"kind", workload_kind_name(ns->workload.kind), "k8s_namespace", l.k8s_namespace,
			"pod", l.pod, "container_id", ns->workload.container_id, LABELS_END);
	}
	family(&w0, "ctdash_netns_series_folded", "gauge",
	       "Namespaces whose counters are summed into netns=\"other\" (beyond --max-series).");
	put_u64(&w0, "ctdash_netns_series_folded", folded(in), LABELS_END);
	family(&w0, "ctdash_netns_processes", "gauge", "Processes in each network namespace.");
	for (unsigned i = 0; i < t->n; i++) {
		struct promw w = { out, ns_label(&t->ns[i], label, sizeof label) };
		put_u64(&w, "ctdash_netns_processes", t->ns[i].nholders, LABELS_END);
	}
	family(&w0, "ctdash_netns_readable", "gauge", "1 when the namespace could be entered and its count read (needs CAP_SYS_ADMIN).");
	for (unsigned i = 0; i < t->n; i++) {
		struct promw w = { out, ns_label(&t->ns[i], label, sizeof label) };
		put_u64(&w, "ctdash_netns_readable", t->ns[i].err == 0, LABELS_END);
	}
	family(&w0, "ctdash_netns_scan_seconds", "gauge", "How long finding and reading every namespace took.");
	put_num(&w0, "ctdash_netns_scan_seconds", t->scan_ms / 1e3, LABELS_END);
}

void prom_write_snapshot(FILE *out, const struct prom_input *in)
{
	const struct ct_snapshot *s = in->snap;
	struct promw w = { out, in->namespaces ? in->snap_netns : NULL };
	family(&w, "ctdash_build_info", "gauge", "1, labelled with the version of ctdash.");
	put_u64(&w, "ctdash_build_info", 1, "version", PACKAGE_VERSION, LABELS_END);
	if (in->namespaces)
		put_sizes_all(out, in->namespaces);
	else
		put_sizes_one(&w, s);
	put_hash(&w, s);
	put_dump_parts(&w, s, in->top_n);
	put_stats(&w, s, in);
	if (have(s, CT_PART_SYSCTL))
		put_timeouts(out, in);
	put_advice(&w, s);
	put_self(&w, s, in->interval_s);
	put_events(&w, s);
	if (in->namespaces)
		put_namespaces(out, in);
}

void prom_write_age(FILE *out, double taken_at, const char *netns, double now)
{
	struct promw w = { out, netns };
	family(&w, "ctdash_snapshot_timestamp_seconds", "gauge", "When the snapshot served was taken (Unix time).");
	put_num(&w, "ctdash_snapshot_timestamp_seconds", taken_at, LABELS_END);
	family(&w, "ctdash_snapshot_age_seconds", "gauge", "Age of the snapshot served: a scrape never starts a dump.");
	double age = now - taken_at;
	put_num(&w, "ctdash_snapshot_age_seconds", age > 0 ? age : 0.0, LABELS_END);
}
