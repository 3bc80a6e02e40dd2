#include "panes.h"

#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "model/names.h"
#include "cli/report.h"
#include "collect/sysctl.h"

void panes_init(struct panes *ps)
{
	count_list_init(&ps->protocols, "protocol", "layer", false);
	count_list_init(&ps->tcp, "state", "timeout", false);
	count_list_init(&ps->sources, "source address", NULL, true);
	cpu_pane_init(&ps->cpu);
	ps->protocols.empty = ps->tcp.empty = ps->sources.empty = "reading the table";
	ps->cpu.empty = "reading the counters";
}

void panes_free(struct panes *ps)
{
	count_list_free(&ps->protocols);
	count_list_free(&ps->tcp);
	count_list_free(&ps->sources);
	cpu_pane_free(&ps->cpu);
}

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

static int fill_sources(struct count_list *cl, const struct ct_snapshot *s)
{
	char sel[64], addr[FMT_ADDR_MAX], distinct[32];
	int ret = 0;
	count_list_begin(cl, sel, sizeof sel);
	snprintf(cl->title, sizeof cl->title, "Top sources (%s distinct)%s",
		 fmt_count(distinct, sizeof distinct, s->distinct_sources), partial(s));
	if (dump_missing(cl, s))
		snprintf(cl->title, sizeof cl->title, "Top sources");
	else
		for (unsigned i = 0; i < s->ntop; i++)
			ret |= count_list_add(cl, fmt_addr(addr, sizeof addr, &s->top[i]),
					      s->top[i].count, s->tally.entries, NULL);
	count_list_end(cl, sel);
	return ret;
}

int panes_update(struct panes *ps, const struct ct_snapshot *s)
{
	int ret = fill_protocols(&ps->protocols, s);
	ret |= fill_tcp(&ps->tcp, s);
	ret |= fill_sources(&ps->sources, s);
	ret |= cpu_pane_update(&ps->cpu, s);
	return ret ? -1 : 0;
}

struct panel *panes_panel(struct panes *ps, enum pane_id id)
{
	switch (id) {
	case PANE_PROTOCOLS: return &ps->protocols.panel;
	case PANE_TCP: return &ps->tcp.panel;
	case PANE_SOURCES: return &ps->sources.panel;
	case PANE_CPU: return &ps->cpu.panel;
	default: return NULL;
	}
}

static struct count_list *count_pane(struct panes *ps, enum pane_id id)
{
	switch (id) {
	case PANE_PROTOCOLS: return &ps->protocols;
	case PANE_TCP: return &ps->tcp;
	case PANE_SOURCES: return &ps->sources;
	default: return NULL;
	}
}

void panes_fit(struct panes *ps, const struct layout *l)
{
	for (int id = 0; id < PANE_COUNT; id++) {
		struct count_list *cl = count_pane(ps, (enum pane_id)id);
		int rows = cl ? count_list_rows_in(cl, l->panes[id]) : cpu_pane_rows_in(l->panes[id]);
		panel_set_height(panes_panel(ps, (enum pane_id)id), rows);
	}
}

void panes_draw(struct panes *ps, const struct layout *l, enum pane_id focus)
{
	for (int id = 0; id < PANE_COUNT; id++) {
		struct count_list *cl = count_pane(ps, (enum pane_id)id);
		struct rect r = l->panes[id];
		/* a column of space between the left and right panes */
		if (r.x + r.w < l->cols)
			r.w--;
		if (cl)
			count_list_draw(cl, r, id == (int)focus);
		else
			cpu_pane_draw(&ps->cpu, r, id == (int)focus);
	}
}

const char *pane_name(enum pane_id id)
{
	static const char *const names[PANE_COUNT] = {
		"protocols", "TCP states", "top sources", "per-CPU counters",
	};
	return id < PANE_COUNT ? names[id] : "";
}
