/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advice on address translation (issue 19): a SNAT tuple running out of
 * source ports, and a DNAT backend that stopped answering. Kept in a file
 * of their own; the thresholds are here, as ctdash(8) names them. */
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "model/advice_rules.h"
#include "model/labels.h"

/* "snat_pressure": one tuple uses this share of the port range */
#define ADVICE_SNAT_SHARE 0.5
/* the same from this share while insert_failed rises */
#define ADVICE_SNAT_SHARE_FAILING 0.25
/* critical from this share, or from the lower ones while insert_failed rises */
#define ADVICE_SNAT_SHARE_CRIT 0.9

static bool insert_failed_rising(const struct advice_rates *r)
{
	return r && r->known && r->rose[AC_INSERT_FAILED] > 0;
}

static void snat_item(struct sink *k, const struct ct_snat_group *g, bool failing)
{
	const struct ct_nat *n = &k->s->nat;
	double share = nat_share(&n->range, g->entries);
	char addr[FMT_ADDR_MAX], dst[FMT_ADDR_MAX], num[8], v[32], ports[48];
	fmt_ip(addr, sizeof addr, g->family, g->addr);
	fmt_ip(dst, sizeof dst, g->family, g->dst);
	const char *proto = l4_label(g->proto, num, sizeof num);
	enum advice_level level = failing || share >= ADVICE_SNAT_SHARE_CRIT ? ADVICE_CRIT : ADVICE_WARN;
	struct advice *a = adv_add(k, level, "snat_pressure",
		"Source NAT to %s for %s %s port %u uses %s of %s (%.0f%%; range %u-%u, "
		"%s)%s. Once they are all taken new connections to it fail while the table is far "
		"from full. What helps: more egress addresses or a wider port range in the rule, "
		"connection reuse (keep-alive, pools), and a shorter TIME_WAIT for that traffic.",
		addr, proto, dst, g->dport, fmt_count(v, sizeof v, g->entries),
		fmt_counted(ports, sizeof ports, nat_range_ports(&n->range), "source port", "source ports"),
		100 * share, n->range.lo, n->range.hi, n->range.origin,
		failing ? "; insert_failed is rising" : "");
	if (!a)
		return;
	adv_str(a, "addr", addr);
	adv_str(a, "proto", proto);
	adv_str(a, "dst", dst);
	adv_num(a, "dport", g->dport, 0);
	adv_num(a, "entries", (double)g->entries, 0);
	adv_num(a, "share", share, 4);
	adv_num(a, "range_ports", nat_range_ports(&n->range), 0);
	if (k->r && k->r->known)
		adv_num(a, "insert_failed_rose", (double)k->r->rose[AC_INSERT_FAILED], 0);
	snprintf(a->filter, sizeof a->filter, "snat and nat-src %s and reply-src %s and proto %s and dport %u",
		 addr, dst, proto, g->dport);
	adv_cmd(a, "%snft list ruleset | grep -n -e masquerade -e snat", k->prefix);
	adv_cmd(a, "%sctdash --list '%s'", k->prefix, a->filter);
	if (g->proto == 6)
		adv_set_timeout(k, a, "nf_conntrack_tcp_timeout_time_wait", 30);
	else
		snprintf(a->key, sizeof a->key, "a Enter");
}

static void check_snat(struct sink *k)
{
	const struct ct_nat *n = &k->s->nat;
	bool failing = insert_failed_rising(k->r);
	for (unsigned i = 0; i < n->nsnat; i++) {
		double share = nat_share(&n->range, n->snat[i].entries);
		if (share > ADVICE_SNAT_SHARE || (failing && share > ADVICE_SNAT_SHARE_FAILING))
			snat_item(k, &n->snat[i], failing);
	}
}

static void silent_item(struct sink *k, const struct ct_dnat_service *svc, const struct ct_dnat_backend *b)
{
	char svc_addr[FMT_ADDR_MAX], addr[FMT_ADDR_MAX], num[8], since[48] = "", un[32], all[48];
	fmt_ip(svc_addr, sizeof svc_addr, svc->family, svc->dst);
	fmt_ip(addr, sizeof addr, svc->family, b->addr);
	const char *proto = l4_label(svc->proto, num, sizeof num);
	if (b->oldest_unreplied_s >= 0)
		snprintf(since, sizeof since, " for %.0f s", b->oldest_unreplied_s);
	struct advice *a = adv_add(k, ADVICE_WARN, "dnat_silent",
		"Backend %s port %u of service %s %s/%u has not answered%s: %s of its %s "
		"got no reply. Its entries keep sending the service's traffic there (every datagram "
		"refreshes a UDP entry, so they do not expire); deleting them makes new packets "
		"choose a backend again. The service's endpoints may be stale (a pod gone, a rule "
		"not updated).", addr, b->port, svc_addr, proto, svc->dport, since,
		fmt_count(un, sizeof un, b->unreplied), fmt_counted(all, sizeof all, b->entries, "entry", "entries"));
	if (!a)
		return;
	adv_str(a, "service", svc_addr);
	adv_num(a, "service_port", svc->dport, 0);
	adv_str(a, "backend", addr);
	adv_num(a, "backend_port", b->port, 0);
	adv_num(a, "entries", (double)b->entries, 0);
	adv_num(a, "unreplied", (double)b->unreplied, 0);
	if (b->oldest_unreplied_s >= 0)
		adv_num(a, "silent_s", b->oldest_unreplied_s, 0);
	snprintf(a->filter, sizeof a->filter, "dnat and reply-src %s and unreplied", addr);
	adv_cmd(a, "%sctdash --delete '%s'", k->prefix, a->filter);
	snprintf(a->key, sizeof a->key, "a Enter");
}

static void check_dnat(struct sink *k)
{
	const struct ct_nat *n = &k->s->nat;
	for (unsigned i = 0; i < n->ndnat; i++)
		for (unsigned j = 0; j < n->dnat[i].nbackends; j++)
			if (!n->dnat[i].backends[j].answering)
				silent_item(k, &n->dnat[i], &n->dnat[i].backends[j]);
}

void advise_nat(struct sink *k)
{
	check_snat(k);
	check_dnat(k);
}
