/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The panes made of counts: protocols, TCP states, top sources,
 * destinations and destination ports. Each is a count list (countlist.c)
 * filled from the snapshot's tally. */
#include "countpanes.h"

#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "collect/sysctl.h"
#include "model/timeouts.h"
#include "model/labels.h"

/* Without the dump, the panes made of it say why they are empty. */
static bool dump_missing(struct count_list *cl, const struct ct_snapshot *s)
{
	if (!s->part_err[CT_PART_DUMP] || s->tally.entries)
		return false;
	cl->empty = part_problem(s, CT_PART_DUMP);
	return true;
}

/* Marks figures from a dump that stopped early; a dump that never ran
 * has no figures to mark (the pane says why instead). */
static const char *partial(const struct ct_snapshot *s)
{
	bool none = s->part_err[CT_PART_DUMP] && !s->tally.entries;
	return s->complete || none ? "" : " (partial)";
}

static int fill_protocols(struct count_list *cl, const struct ct_snapshot *s)
{
	const struct ct_tally *t = &s->tally;
	char sel[64], num[16], name[32];
	int ret = 0;
	count_list_begin(cl, sel, sizeof sel);
	snprintf(cl->title, sizeof cl->title, "Protocols%s", partial(s));
	if (!dump_missing(cl, s)) {
		ret |= count_list_add(cl, "ipv4", t->ipv4, t->entries, "L3");
		ret |= count_list_add(cl, "ipv6", t->ipv6, t->entries, "L3");
		if (t->l3_other)
			ret |= count_list_add(cl, "other", t->l3_other, t->entries, "L3");
		for (unsigned p = 0; p < 256; p++) {
			bool always = p == 6 || p == 17 || p == 1; /* tcp, udp, icmp */
			if (!t->l4[p] && !always)
				continue;
			const char *label = ct_l4_name(p);
			if (!label) {
				snprintf(name, sizeof name, "proto %s", l4_label(p, num, sizeof num));
				label = name;
			}
			ret |= count_list_add(cl, label, t->l4[p], t->entries, "L4");
		}
		ret |= count_list_add(cl, "assured", t->assured, t->entries, "flag");
		ret |= count_list_add(cl, "unreplied", t->unreplied, t->entries, "flag");
	}
	count_list_end(cl, sel);
	return ret;
}

/* States by count, busiest first (ties in the kernel's order), each with
 * the timeout its entries get. */
static int fill_tcp(struct count_list *cl, const struct ct_snapshot *s)
{
	const struct ct_tally *t = &s->tally;
	unsigned order[CT_TCP_NSTATES], n = 0;
	char sel[64], d[24];
	int ret = 0;
	count_list_begin(cl, sel, sizeof sel);
	snprintf(cl->title, sizeof cl->title, "TCP states%s", partial(s));
	if (!dump_missing(cl, s)) {
		for (unsigned st = 0; st < CT_TCP_NSTATES; st++)
			if (st != CT_TCP_NONE || t->tcp[st])
				order[n++] = st;
		for (unsigned i = 1; i < n; i++)
			for (unsigned j = i; j > 0 && t->tcp[order[j]] > t->tcp[order[j - 1]]; j--) {
				unsigned tmp = order[j];
				order[j] = order[j - 1];
				order[j - 1] = tmp;
			}
		for (unsigned i = 0; i < n; i++) {
			long to = timeout_value(s, ct_tcp_state_sysctl(order[i]));
			ret |= count_list_add(cl, ct_tcp_state_name(order[i]), t->tcp[order[i]], t->l4[6],
					      to >= 0 ? fmt_duration(d, sizeof d, to) : "-");
		}
	}
	count_list_end(cl, sel);
	return ret;
}

/* "Top sources (12 distinct)" and its addresses, or the bare title and
 * why when there is no dump. */
static void title_with_distinct(struct count_list *cl, const struct ct_snapshot *s,
				const char *what, uint64_t distinct)
{
	char d[32];
	snprintf(cl->title, sizeof cl->title, "%s (%s distinct)%s", what,
		 fmt_count(d, sizeof d, distinct), partial(s));
}

static int fill_addresses(struct count_list *cl, const struct ct_snapshot *s, const char *what,
			  const struct ct_source *top, unsigned ntop, uint64_t distinct)
{
	char sel[64], addr[FMT_ADDR_MAX];
	int ret = 0;
	count_list_begin(cl, sel, sizeof sel);
	title_with_distinct(cl, s, what, distinct);
	if (dump_missing(cl, s))
		snprintf(cl->title, sizeof cl->title, "%s", what);
	else
		for (unsigned i = 0; i < ntop; i++)
			ret |= count_list_add(cl, fmt_ip(addr, sizeof addr, top[i].family, top[i].addr), top[i].count,
					      s->tally.entries, NULL);
	count_list_end(cl, sel);
	return ret;
}

static int fill_sources(struct count_list *cl, const struct ct_snapshot *s)
{
	return fill_addresses(cl, s, "Top sources", s->top, s->ntop, s->distinct_sources);
}

static int fill_destinations(struct count_list *cl, const struct ct_snapshot *s)
{
	return fill_addresses(cl, s, "Top destinations", s->top_dst, s->ntop_dst,
			      s->distinct_destinations);
}

/* "tcp/443": the L4 protocol as conntrack names it, the port. */
static int fill_dports(struct count_list *cl, const struct ct_snapshot *s)
{
	char sel[64], num[8], label[32];
	int ret = 0;
	count_list_begin(cl, sel, sizeof sel);
	title_with_distinct(cl, s, "Top destination ports", s->distinct_dports);
	if (dump_missing(cl, s)) {
		snprintf(cl->title, sizeof cl->title, "Top destination ports");
	} else {
		for (unsigned i = 0; i < s->ntop_dport; i++) {
			const struct ct_port_count *p = &s->top_dport[i];
			snprintf(label, sizeof label, "%s/%u", l4_label(p->proto, num, sizeof num), p->port);
			ret |= count_list_add(cl, label, p->count, s->tally.entries, NULL);
		}
	}
	count_list_end(cl, sel);
	return ret;
}

/* ---- Enter: the filter that lists a row's entries -------------------------- */

bool drill_filter_addr(const char *term, const char *addr, char *filter, size_t n)
{
	if (!*addr || strchr(addr, ' '))
		return false;
	int len = snprintf(filter, n, "%s %s", term, addr);
	return len > 0 && (size_t)len < n;
}

bool drill_filter_port(const char *label, char *filter, size_t n)
{
	const char *slash = strrchr(label, '/');
	if (!slash || slash == label || !slash[1] || strspn(slash + 1, "0123456789") != strlen(slash + 1))
		return false;
	int len = snprintf(filter, n, "proto %.*s and dport %s", (int)(slash - label), label, slash + 1);
	return len > 0 && (size_t)len < n;
}


static const struct count_row *selected(const struct count_list *cl)
{
	return cl->n > 0 && cl->panel.sel < cl->n ? &cl->rows[cl->panel.sel] : NULL;
}

static bool drill_protocols(void *self, char *filter, size_t n)
{
	const struct count_row *r = selected(self);
	if (!r || strcmp(r->name, "other") == 0)
		return false;
	if (strcmp(r->extra, "L3") == 0)
		snprintf(filter, n, "l3 %s", r->name);
	else if (strcmp(r->extra, "flag") == 0)
		snprintf(filter, n, "%s", r->name);
	else if (strncmp(r->name, "proto ", 6) == 0)
		snprintf(filter, n, "%s", r->name);
	else
		snprintf(filter, n, "proto %s", r->name);
	return true;
}

static bool drill_tcp(void *self, char *filter, size_t n)
{
	const struct count_row *r = selected(self);
	if (!r || strcmp(r->name, "NONE") == 0)
		return false;
	snprintf(filter, n, "proto tcp and state %s", r->name);
	return true;
}

static bool drill_sources(void *self, char *filter, size_t n)
{
	const struct count_row *r = selected(self);
	if (!r)
		return false;
	snprintf(filter, n, "src %s", r->name);
	return true;
}

static bool drill_destinations(void *self, char *filter, size_t n)
{
	const struct count_row *r = selected(self);
	return r && drill_filter_addr("dst", r->name, filter, n);
}

static bool drill_dports(void *self, char *filter, size_t n)
{
	const struct count_row *r = selected(self);
	return r && drill_filter_port(r->name, filter, n);
}

/* ---- as panes ------------------------------------------------------------- */

static void init_protocols(void *self)
{
	struct count_list *cl = self;
	count_list_init(cl, "protocol", "layer", false);
	cl->empty = "reading the table";
}

static void init_tcp(void *self)
{
	struct count_list *cl = self;
	count_list_init(cl, "state", "timeout", false);
	cl->empty = "reading the table";
}

static void init_sources(void *self)
{
	struct count_list *cl = self;
	count_list_init(cl, "source address", NULL, true);
	cl->empty = "reading the table";
}

static void init_destinations(void *self)
{
	struct count_list *cl = self;
	count_list_init(cl, "destination address", NULL, true);
	cl->empty = "reading the table";
}

static void init_dports(void *self)
{
	struct count_list *cl = self;
	count_list_init(cl, "proto/port", NULL, false);
	cl->empty = "reading the table";
}

static void cl_free(void *self)
{
	count_list_free(self);
}

static int update_protocols(void *self, const struct ct_snapshot *s)
{
	return fill_protocols(self, s);
}

static int update_tcp(void *self, const struct ct_snapshot *s)
{
	return fill_tcp(self, s);
}

static int update_sources(void *self, const struct ct_snapshot *s)
{
	return fill_sources(self, s);
}

static int update_destinations(void *self, const struct ct_snapshot *s)
{
	return fill_destinations(self, s);
}

static int update_dports(void *self, const struct ct_snapshot *s)
{
	return fill_dports(self, s);
}

static struct panel *cl_panel(void *self)
{
	return &((struct count_list *)self)->panel;
}

static int cl_rows_in(void *self, struct rect r)
{
	return count_list_rows_in(self, r);
}

static void cl_draw(void *self, struct rect r, bool focused)
{
	count_list_draw(self, r, focused);
}

#define COUNT_PANE(nm, fnd, init_fn, update_fn, drill_fn, turns) { \
	.name = nm, .find = fnd, .size = sizeof(struct count_list), .init = init_fn, \
	.free = cl_free, .update = update_fn, .panel = cl_panel, .rows_in = cl_rows_in, \
	.draw = cl_draw, .drill = drill_fn, .takes_turns = turns }

const struct pane_class protocols_pane =
	COUNT_PANE("protocols", "find protocol", init_protocols, update_protocols, drill_protocols,
		   false);
const struct pane_class tcp_pane =
	COUNT_PANE("TCP states", "find state", init_tcp, update_tcp, drill_tcp, false);
/* sources, destinations and ports share a place on a narrow terminal */
const struct pane_class sources_pane =
	COUNT_PANE("top sources", "find address", init_sources, update_sources, drill_sources,
		   true);
const struct pane_class destinations_pane =
	COUNT_PANE("top destinations", "find address", init_destinations, update_destinations,
		   drill_destinations, true);
const struct pane_class dports_pane =
	COUNT_PANE("top destination ports", "find port", init_dports, update_dports, drill_dports,
		   true);

