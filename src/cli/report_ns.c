/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --all-netns in --json: one object per network namespace, fullest first. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "cli/report.h"

const char *namespaces_problem(const struct ns_table *t, char *buf, size_t n)
{
	char all[64];
	if (t->entered == t->n)
		return NULL;
	if (t->enter_err == EPERM)
		snprintf(buf, n,
			 "entering other network namespaces needs CAP_SYS_ADMIN: %u of %u read "
			 "(ctdash's own count; for the others only their inode, holders and container)",
			 t->entered, t->n);
	else
		snprintf(buf, n, "%u of %s could not be read: %s", t->n - t->entered,
			 fmt_counted(all, sizeof all, t->n, "network namespace", "network namespaces"),
			 strerror(t->enter_err ? t->enter_err : EIO));
	return buf;
}

/* workload: {kind, namespace, name, container_id}, or null when the
 * namespace's processes name none (its netns label stays its name). */
static void put_workload(struct jsonw *w, const struct workload *wl, const char *netns)
{
	jw_open(w, "workload", '{');
	jw_str(w, "kind", workload_kind_name(wl->kind));
	if (wl->namespace[0])
		jw_str(w, "namespace", wl->namespace);
	else
		jw_null(w, "namespace");
	if (wl->name[0])
		jw_str(w, "name", wl->name);
	else
		jw_null(w, "name");
	if (wl->container_id[0])
		jw_str(w, "container_id", wl->container_id);
	else
		jw_null(w, "container_id");
	if (wl->pod_uid[0])
		jw_str(w, "pod_uid", wl->pod_uid);
	if (wl->name_from_hostname)
		jw_bool(w, "name_from_hostname", true);
	if (netns)
		jw_str(w, "netns", netns);
	jw_close(w, '}');
}

void json_put_workload(struct jsonw *w, const struct workload *wl)
{
	if (wl->kind == WL_NONE)
		jw_null(w, "workload");
	else
		put_workload(w, wl, NULL);
}

void json_put_addr_owner(struct jsonw *w, const struct addr_owner *o)
{
	if (o)
		put_workload(w, &o->wl, o->netns);
	else
		jw_null(w, "workload");
}

void json_put_owner(struct jsonw *w, const struct addr_owners *m, int family, const uint8_t *addr)
{
	if (m)
		json_put_addr_owner(w, addrowners_find(m, family, addr));
}

const char *text_owner(const struct addr_owners *m, int family, const uint8_t *addr, char *buf,
		       size_t n)
{
	const struct addr_owner *o = addrowners_find(m, family, addr);
	char label[WL_NAME_MAX * 2 + 16];
	snprintf(buf, n, "%s%s", o ? " " : "", o ? workload_label(&o->wl, label, sizeof label) : "");
	return buf;
}

static void put_stats(struct jsonw *w, const struct ns_stats *st)
{
	if (!st->have) {
		jw_null(w, "stats");
		return;
	}
	jw_open(w, "stats", '{');
	jw_u64(w, "insert", st->insert);
	jw_u64(w, "insert_failed", st->insert_failed);
	jw_u64(w, "drop", st->drop);
	jw_u64(w, "early_drop", st->early_drop);
	if (st->have_rate) { /* two scans apart (the churner's probe) */
		jw_num(w, "drop_per_s", st->drop_rate, 2);
		jw_num(w, "count_growth_per_s", st->growth_rate, 2);
	}
	jw_close(w, '}');
}

/* top_churner: the source making most new entries in the namespace, with
 * its workload, or why it is not known (state, why); null when it was
 * not looked for (a recording). */
static void put_churner(struct jsonw *w, const struct ns_churn *c, const struct addr_owners *owners)
{
	char addr[FMT_ADDR_MAX];
	if (c->state == CHURN_NONE) {
		jw_null(w, "top_churner");
		return;
	}
	jw_open(w, "top_churner", '{');
	jw_str(w, "state", nschurn_state_name(c->state));
	if (c->why)
		jw_str(w, "why", c->why);
	else
		jw_null(w, "why");
	bool measured = c->state == CHURN_MEASURED;
	if (measured) {
		jw_str(w, "addr", fmt_ip(addr, sizeof addr, c->family, c->addr));
		json_put_owner(w, owners, c->family, c->addr);
		jw_num(w, "per_s", c->top_per_s, 2);
		jw_num(w, "per_s_error", c->top_error_per_s, 2);
	} else {
		jw_null(w, "addr");
	}
	if (measured || c->state == CHURN_QUIET) {
		jw_num(w, "netns_new_per_s", c->new_per_s, 2);
		jw_num(w, "watched_s", c->listened_s, 1);
		jw_u64(w, "sampled_1_in", c->sampled_k ? c->sampled_k : 1);
		jw_num(w, "age_s", c->age_s, 1);
	}
	jw_close(w, '}');
}

static void put_one(struct jsonw *w, const struct ns_info *ns, uint64_t max,
		    const struct addr_owners *owners)
{
	char label[NS_LABEL_MAX];
	jw_open(w, NULL, '{');
	jw_str(w, "netns", ns_label(ns, label, sizeof label));
	if (ns->name[0])
		jw_str(w, "name", ns->name);
	else
		jw_null(w, "name");
	jw_u64(w, "inode", ns->inode);
	jw_bool(w, "initial", ns->initial);
	jw_open(w, "pids", '[');
	for (unsigned i = 0; i < ns->nholders && i < NS_PIDS_MAX; i++)
		jw_i64(w, NULL, ns->pids[i]);
	jw_close(w, ']');
	jw_u64(w, "processes", ns->nholders);
	jw_str(w, "comm", ns->comm);
	jw_str(w, "container", ns->container);
	json_put_workload(w, &ns->workload);
	if (ns->err) {
		jw_null(w, "count");
		jw_null(w, "fill");
		jw_str(w, "error", strerror(ns->err));
	} else {
		jw_u64(w, "count", ns->count);
		jw_num(w, "fill", ns_fill(ns, max), 6);
		jw_open(w, "timeouts_differing", '{');
		for (unsigned i = 0; i < ns->ndiff; i++)
			jw_i64(w, ns->diff[i].name, ns->diff[i].value);
		jw_close(w, '}');
		put_stats(w, &ns->st);
	}
	put_churner(w, &ns->churn, owners);
	jw_close(w, '}');
}

void json_put_namespaces(struct jsonw *w, const struct ns_table *t, const struct addr_owners *owners)
{
	char why[256];
	jw_u64(w, "namespaces_max", t->max);
	jw_num(w, "namespaces_scan_ms", t->scan_ms, 3);
	jw_num(w, "namespaces_workload_cpu_ms", t->owner_cpu_ms, 3);
	jw_num(w, "namespaces_churn_cpu_ms", t->churn_cpu_ms, 3);
	jw_open(w, "namespaces", '[');
	for (unsigned i = 0; i < t->n; i++)
		put_one(w, &t->ns[i], t->max, owners);
	jw_close(w, ']');
	const char *problem = namespaces_problem(t, why, sizeof why);
	if (problem)
		jw_str(w, "namespaces_problem", problem);
	else
		jw_null(w, "namespaces_problem");
}

/* A namespace whose churner was listened for (watched), rather than
 * judged from afar (quiet for holding nothing, or not watched). */
static bool watched(const struct ns_churn *c)
{
	return c->state == CHURN_MEASURED || c->state == CHURN_MEASURING ||
	       (c->state == CHURN_QUIET && c->listened_s > 0) ||
	       (c->state == CHURN_UNREADABLE && c->why && strncmp(c->why, "no event", 8) == 0);
}

void churners_text(FILE *out, const struct ns_table *t, const struct addr_owners *owners)
{
	char label[NS_LABEL_MAX], addr[FMT_ADDR_MAX], who[WL_NAME_MAX * 2 + 20];
	unsigned quiet = 0, unwatched = 0, shown = 0;
	for (unsigned i = 0; i < t->n; i++) {
		const struct ns_churn *c = &t->ns[i].churn;
		if (c->state == CHURN_NONE)
			continue;
		if (!watched(c)) {
			quiet += c->state == CHURN_QUIET;
			unwatched += c->state != CHURN_QUIET;
			continue;
		}
		if (!shown++)
			fprintf(out, "\nTop churner per namespace (new entries a second, %d watched at most)\n",
				NSCHURN_WATCH_MAX);
		ns_label(&t->ns[i], label, sizeof label);
		if (c->state == CHURN_MEASURED)
			fprintf(out, "  %-24.24s %-15s %9.1f/s of %.1f%s\n", label,
				fmt_ip(addr, sizeof addr, c->family, c->addr), c->top_per_s, c->new_per_s,
				text_owner(owners, c->family, c->addr, who, sizeof who));
		else
			fprintf(out, "  %-24.24s %s: %s\n", label,
				c->state == CHURN_QUIET ? "quiet" : nschurn_state_name(c->state), c->why);
	}
	if (quiet || unwatched)
		fprintf(out, "%s  %u more not watched (beyond the %d busiest), %u quiet (no entries)\n",
			shown ? "" : "\nTop churner per namespace\n", unwatched, NSCHURN_WATCH_MAX, quiet);
}
