/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "natview.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "countlist.h"
#include "model/labels.h"
#include "screen.h"

#define NAT_ROWS (CT_NAT_SNAT_MAX + CT_NAT_SVC_MAX * CT_NAT_BACKEND_MAX)

struct nat_state {
	struct count_list cl;
	char filters[NAT_ROWS][CT_LIST_FILTER_MAX]; /* one a row, in row order */
	char head[192];      /* the range and its origin, insert_failed per second */
	bool alert;          /* insert_failed rose */
};

static void add_row(struct nat_state *ns, const char *name, uint64_t count, uint64_t whole,
		    const char *extra, const char *filter)
{
	if (ns->cl.n >= NAT_ROWS)
		return;
	int at = ns->cl.n;
	if (count_list_add(&ns->cl, name, count, whole ? whole : 1, extra) == 0)
		snprintf(ns->filters[at], sizeof ns->filters[at], "%s", filter);
}

static void snat_rows(struct nat_state *ns, const struct ct_nat *n)
{
	char a[FMT_ADDR_MAX], d[FMT_ADDR_MAX], num[8], name[2 * FMT_ADDR_MAX + 32], filter[CT_LIST_FILTER_MAX];
	for (unsigned i = 0; i < n->nsnat; i++) {
		const struct ct_snat_group *g = &n->snat[i];
		const char *proto = l4_label(g->proto, num, sizeof num);
		fmt_ip(a, sizeof a, g->family, g->addr);
		fmt_ip(d, sizeof d, g->family, g->dst);
		snprintf(name, sizeof name, "snat %s > %s %s/%u", a, d, proto, g->dport);
		snprintf(filter, sizeof filter, "snat and nat-src %s and reply-src %s and proto %s and dport %u",
			 a, d, proto, g->dport);
		add_row(ns, name, g->entries, nat_range_ports(&n->range), "", filter);
	}
}

static void backend_extra(const struct ct_dnat_backend *b, char *buf, size_t n)
{
	char u[24];
	if (!b->answering && b->oldest_unreplied_s >= 0)
		snprintf(buf, n, "SILENT %.0fs", b->oldest_unreplied_s);
	else if (!b->answering)
		snprintf(buf, n, "SILENT");
	else
		snprintf(buf, n, "%s unrepl", fmt_count(u, sizeof u, b->unreplied));
}

static void dnat_rows(struct nat_state *ns, const struct ct_nat *n)
{
	char s[FMT_ADDR_MAX], a[FMT_ADDR_MAX], num[8], name[2 * FMT_ADDR_MAX + 32], extra[24], filter[CT_LIST_FILTER_MAX];
	for (unsigned i = 0; i < n->ndnat; i++) {
		const struct ct_dnat_service *svc = &n->dnat[i];
		const char *proto = l4_label(svc->proto, num, sizeof num);
		fmt_ip(s, sizeof s, svc->family, svc->dst);
		for (unsigned j = 0; j < svc->nbackends; j++) {
			const struct ct_dnat_backend *b = &svc->backends[j];
			fmt_ip(a, sizeof a, svc->family, b->addr);
			snprintf(name, sizeof name, "dnat %s %s/%u > %s:%u", s, proto, svc->dport, a, b->port);
			snprintf(filter, sizeof filter, "dnat and dst %s and proto %s and dport %u and nat-dst %s",
				 s, proto, svc->dport, a);
			backend_extra(b, extra, sizeof extra);
			add_row(ns, name, b->entries, svc->entries, extra, filter);
		}
	}
}

static void insert_failed_rate(struct nat_state *ns, const struct advice_rates *r, char *buf, size_t n)
{
	ns->alert = false;
	if (!r || !r->known || r->seconds <= 0) {
		snprintf(buf, n, "insert_failed: measuring");
		return;
	}
	double per_s = (double)r->rose[AC_INSERT_FAILED] / r->seconds;
	ns->alert = per_s > 0;
	snprintf(buf, n, "insert_failed %.1f/s", per_s);
}

static void update_nat(void *self, const struct view_ctx *c)
{
	struct nat_state *ns = self;
	const struct ct_snapshot *s = c->snap;
	char sel[64], rate[48];
	if (!s)
		return;
	const struct ct_nat *n = &s->nat;
	count_list_begin(&ns->cl, sel, sizeof sel);
	snprintf(ns->cl.title, sizeof ns->cl.title, "NAT: SNAT share of the range, DNAT backends");
	insert_failed_rate(ns, c->rates, rate, sizeof rate);
	snprintf(ns->head, sizeof ns->head, "SNAT range %u-%u (%s)   %s", n->range.lo, n->range.hi,
		 n->range.origin, rate);
	if (!n->snat_entries && !n->dnat_entries)
		ns->cl.empty = "no translated entries";
	snat_rows(ns, n);
	dnat_rows(ns, n);
	count_list_end(&ns->cl, sel);
}

bool nat_view_drill(void *self, char *filter, size_t n)
{
	const struct nat_state *ns = self;
	if (ns->cl.n <= 0 || ns->cl.panel.sel >= ns->cl.n)
		return false;
	snprintf(filter, n, "%s", ns->filters[ns->cl.panel.sel]);
	return filter[0] != '\0';
}

static void init_nat(void *self)
{
	struct nat_state *ns = self;
	count_list_init(&ns->cl, "tuple / service > backend", "", true);
	ns->cl.empty = "reading the table";
}

static void free_nat(void *self)
{
	count_list_free(&((struct nat_state *)self)->cl);
}

static struct panel *nat_panel(void *self)
{
	return &((struct nat_state *)self)->cl.panel;
}

static void nat_draw(void *self, struct rect r)
{
	struct nat_state *ns = self;
	if (r.h < 2 || r.w <= 0)
		return;
	int attr = screen_attr(ns->alert ? UC_CRIT : UC_LABEL);
	attron(attr);
	mvaddnstr(r.y, r.x, ns->head, r.w);
	attroff(attr);
	r.y++;
	r.h--;
	count_list_draw(&ns->cl, r, true);
}

static const struct key_hint nat_hints[] = {
	{ "\u2191\u2193", "move" }, { "/", "find" }, { "Enter", "entries" }, { "F9", "delete" },
	{ "T", "back" }, { "Esc", "back" },
	{ NULL, NULL },
};

const struct view_class nat_view = {
	.name = "NAT",
	.arg = "nat",
	.toggle = ACT_NAT,
	.hints = nat_hints,
	.size = sizeof(struct nat_state),
	.init = init_nat,
	.free = free_nat,
	.update = update_nat,
	.panel = nat_panel,
	.draw = nat_draw,
};
