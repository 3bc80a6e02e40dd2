/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one-shot reports: --json for programs, --once for people. */
#ifndef CTDASH_REPORT_H
#define CTDASH_REPORT_H

#include <stdio.h>

#include "model/advice.h"
#include "model/model.h"
#include "model/labels.h"
#include "collect/nsscan.h"
#include "model/addrowner.h"
#include "base/jsonw.h"

/* What a report shows beside the snapshot; all zero (or NULL) for none.
 * Fields are only added. */
struct report_extra {
	/* --interval: how the counters and the count moved between two
	 * collections interval_s apart; NULL with one collection */
	const struct advice_rates *rates;
	double interval_s;
	/* advice from outside the snapshot (settings that will not stick) */
	const struct advice *more;
	unsigned nmore;
	/* --all-netns: every namespace ("namespaces" in --json) */
	const struct ns_table *namespaces;
	/* --all-netns: who owns an address; each address shown gets its
	 * workload ("workload" in --json), NULL: none */
	const struct addr_owners *owners;
};

void report_json(FILE *out, const struct ct_snapshot *s, const struct report_extra *x);
/* --json when there is no table at all (nf_conntrack not loaded). */
void report_json_unloaded(FILE *out, const char *message);
void report_text(FILE *out, const struct ct_snapshot *s, const struct report_extra *x);
/* The advice both reports show: the snapshot's, then x's, most urgent first. */
unsigned report_advice(const struct ct_snapshot *s, const struct report_extra *x,
		       struct advice *out, unsigned max);
/* "namespaces" in --json --all-netns (report_ns.c); owners name the
 * workload of each top churner (NULL: none). */
void json_put_namespaces(struct jsonw *w, const struct ns_table *t, const struct addr_owners *owners);
/* --once --all-netns: each namespace's top churner, when looked for. */
void churners_text(FILE *out, const struct ns_table *t, const struct addr_owners *owners);
/* workload: {kind, namespace, name, container_id} or null (report_ns.c). */
void json_put_workload(struct jsonw *w, const struct workload *wl);
/* Why some namespaces could not be read, as a sentence; NULL if all were. */
const char *namespaces_problem(const struct ns_table *t, char *buf, size_t n);

/* The churn part (report_churn.c): the source of the figures, and after
 * an --interval watch the rates and top makers of new entries. */
struct jsonw;
void churn_json(struct jsonw *w, const struct ct_snapshot *s, const struct addr_owners *owners);
void churn_text(FILE *out, const struct ct_snapshot *s, const struct addr_owners *owners);
/* With a map: "workload" {kind, namespace, name, container_id, netns} of
 * the address, or null; without one nothing (report_ns.c). */
void json_put_owner(struct jsonw *w, const struct addr_owners *m, int family, const uint8_t *addr);
/* "workload" of one owner, null for NULL. */
void json_put_addr_owner(struct jsonw *w, const struct addr_owner *o);
/* " default/web-7d9f" for an owned address, "" else (report_ns.c). */
const char *text_owner(const struct addr_owners *m, int family, const uint8_t *addr, char *buf,
		       size_t n);
const char *source_name(enum ct_source_kind k);

/* The NAT part (report_nat.c): SNAT tuples, DNAT services; --once shows
 * them only when the table holds translated entries. */
void nat_report_json(struct jsonw *w, const struct ct_snapshot *s);
void nat_report_text(FILE *out, const struct ct_snapshot *s);

#endif
