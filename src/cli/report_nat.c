/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NAT part of --json and --once (issue 19): SNAT tuples against the
 * port range, DNAT services and their backends. */
#include <stdio.h>

#include "base/format.h"
#include "base/jsonw.h"
#include "cli/report.h"

static void put_range(struct jsonw *w, const struct ct_nat_range *r)
{
	jw_open(w, "snat_range", '{');
	jw_u64(w, "lo", r->lo);
	jw_u64(w, "hi", r->hi);
	jw_bool(w, "from_rules", r->from_rules);
	jw_str(w, "origin", r->origin);
	jw_close(w, '}');
}

static void put_snat_row(struct jsonw *w, const void *rows, unsigned i)
{
	const struct ct_nat *n = rows;
	const struct ct_snat_group *g = &n->snat[i];
	char addr[FMT_ADDR_MAX], num[8], range[16];
	snprintf(range, sizeof range, "%u-%u", n->range.lo, n->range.hi);
	jw_str(w, "addr", fmt_ip(addr, sizeof addr, g->family, g->addr));
	jw_str(w, "proto", l4_label(g->proto, num, sizeof num));
	jw_str(w, "dst", fmt_ip(addr, sizeof addr, g->family, g->dst));
	jw_u64(w, "dport", g->dport);
	jw_u64(w, "entries", g->entries);
	jw_str(w, "range", range);
	jw_num(w, "share", nat_share(&n->range, g->entries), 4);
}

static void put_backend_row(struct jsonw *w, const void *rows, unsigned i)
{
	const struct ct_dnat_service *svc = rows;
	const struct ct_dnat_backend *b = &svc->backends[i];
	char addr[FMT_ADDR_MAX];
	jw_str(w, "addr", fmt_ip(addr, sizeof addr, svc->family, b->addr));
	jw_u64(w, "port", b->port);
	jw_u64(w, "entries", b->entries);
	jw_u64(w, "unreplied", b->unreplied);
	jw_bool(w, "answering", b->answering);
	jw_num_known(w, "oldest_unreplied_s", b->oldest_unreplied_s, 1);
	jw_num_known(w, "newest_replied_s", b->newest_replied_s, 1);
}

static void put_dnat_row(struct jsonw *w, const void *rows, unsigned i)
{
	const struct ct_dnat_service *svc = &((const struct ct_dnat_service *)rows)[i];
	char addr[FMT_ADDR_MAX], num[8];
	jw_str(w, "dst", fmt_ip(addr, sizeof addr, svc->family, svc->dst));
	jw_u64(w, "dport", svc->dport);
	jw_str(w, "proto", l4_label(svc->proto, num, sizeof num));
	jw_u64(w, "entries", svc->entries);
	jw_u64(w, "backends_seen", svc->nbackends_seen);
	jw_rows(w, "backends", svc->nbackends, put_backend_row, svc);
}

void nat_report_json(struct jsonw *w, const struct ct_snapshot *s)
{
	const struct ct_nat *n = &s->nat;
	jw_u64(w, "snat_entries", n->snat_entries);
	jw_u64(w, "snat_tuples", n->snat_groups);
	put_range(w, &n->range);
	jw_rows(w, "snat", n->nsnat, put_snat_row, n);
	jw_u64(w, "dnat_entries", n->dnat_entries);
	jw_u64(w, "dnat_services", n->dnat_services);
	jw_bool(w, "nat_ages_known", n->ages_known);
	jw_u64(w, "nat_ungrouped", n->ungrouped);
	jw_rows(w, "dnat", n->ndnat, put_dnat_row, n->dnat);
}

static void text_snat(FILE *out, const struct ct_nat *n)
{
	char a[FMT_ADDR_MAX], d[FMT_ADDR_MAX], v[48], num[8], label[FMT_ADDR_MAX * 2 + 24];
	char tuples[48];
	fprintf(out, "\nSNAT (%s, %s; range %u-%u, %s)\n",
		fmt_counted(v, sizeof v, n->snat_entries, "entry", "entries"),
		fmt_counted(tuples, sizeof tuples, n->snat_groups, "tuple", "tuples"),
		n->range.lo, n->range.hi, n->range.origin);
	for (unsigned i = 0; i < n->nsnat; i++) {
		const struct ct_snat_group *g = &n->snat[i];
		snprintf(label, sizeof label, "%s -> %s %s/%u", fmt_ip(a, sizeof a, g->family, g->addr),
			 fmt_ip(d, sizeof d, g->family, g->dst), l4_label(g->proto, num, sizeof num), g->dport);
		fprintf(out, "  %-52s %9s %5.1f%%\n", label, fmt_count(v, sizeof v, g->entries),
			100 * nat_share(&n->range, g->entries));
	}
}

static void text_dnat(FILE *out, const struct ct_nat *n)
{
	char a[FMT_ADDR_MAX], v[48], u[48], num[8];
	fprintf(out, "\nDNAT (%s, %s)\n", fmt_counted(v, sizeof v, n->dnat_entries, "entry", "entries"),
		fmt_counted(u, sizeof u, n->dnat_services, "service", "services"));
	for (unsigned i = 0; i < n->ndnat; i++) {
		const struct ct_dnat_service *svc = &n->dnat[i];
		fprintf(out, "  %s %s/%u: %s\n", fmt_ip(a, sizeof a, svc->family, svc->dst),
			l4_label(svc->proto, num, sizeof num), svc->dport,
			fmt_counted(v, sizeof v, svc->entries, "entry", "entries"));
		for (unsigned j = 0; j < svc->nbackends; j++) {
			const struct ct_dnat_backend *b = &svc->backends[j];
			fprintf(out, "    -> %-39s port %-5u %9s %s, %s unreplied%s\n",
				fmt_ip(a, sizeof a, svc->family, b->addr), b->port,
				fmt_count(v, sizeof v, b->entries), plural(b->entries, "entry", "entries"), fmt_count(u, sizeof u, b->unreplied),
				b->answering ? "" : ", NOT ANSWERING");
		}
	}
}

void nat_report_text(FILE *out, const struct ct_snapshot *s)
{
	if (s->nat.snat_entries)
		text_snat(out, &s->nat);
	if (s->nat.dnat_entries)
		text_dnat(out, &s->nat);
}
