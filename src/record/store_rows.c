/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One picture's rows: the picture, its states, protocols, counters, top
 * lists, advice, namespaces, and while an incident lasts the list's sample. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/format.h"
#include "collect/nsowner.h"
#include "model/labels.h"
#include "record/pack.h"
#include "record/store_int.h"

#define ADVICE_ROWS 32

/* Bind values in order and run the statement once. */
struct row {
	sqlite3_stmt *q;
	int col;
};

static struct row row_begin(struct rec_store *st, enum store_stmt which)
{
	sqlite3_reset(st->stmt[which]);
	sqlite3_clear_bindings(st->stmt[which]);
	return (struct row){ st->stmt[which], 1 };
}

static void put_int(struct row *r, sqlite3_int64 v)
{
	sqlite3_bind_int64(r->q, r->col++, v);
}

static void put_real(struct row *r, double v)
{
	sqlite3_bind_double(r->q, r->col++, v);
}

static void put_text(struct row *r, const char *v)
{
	if (v)
		sqlite3_bind_text(r->q, r->col++, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(r->q, r->col++);
}

static void put_null(struct row *r)
{
	sqlite3_bind_null(r->q, r->col++);
}

static int row_end(struct row *r)
{
	int rc = sqlite3_step(r->q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Drops, evictions and failed inserts a second over the last interval. */
static double drops_per_s(const struct advice_rates *r)
{
	if (!r->known || r->seconds <= 0)
		return 0;
	return (double)(r->rose[AC_DROP] + r->rose[AC_EARLY_DROP] + r->rose[AC_INSERT_FAILED]) /
	       r->seconds;
}

static int picture_row(struct rec_store *st, const struct rec_picture *p, const uint8_t *blob,
		       size_t len)
{
	const struct ct_snapshot *s = &p->snap;
	struct row r = row_begin(st, ST_PICTURE);
	put_real(&r, s->taken_at);
	put_text(&r, s->netns);
	put_int(&r, (sqlite3_int64)s->count);
	put_int(&r, (sqlite3_int64)s->max);
	put_int(&r, (sqlite3_int64)s->buckets);
	put_real(&r, s->an.fill);
	put_int(&r, (sqlite3_int64)s->tally.entries);
	put_int(&r, (sqlite3_int64)s->tally.ipv4);
	put_int(&r, (sqlite3_int64)s->tally.ipv6);
	put_int(&r, (sqlite3_int64)s->tally.assured);
	put_int(&r, (sqlite3_int64)s->tally.unreplied);
	if (s->rates.valid && s->rates.new_known) {
		put_real(&r, s->rates.new_per_s);
		put_real(&r, s->rates.destroy_per_s);
	} else {
		put_null(&r);
		put_null(&r);
	}
	if (s->rates.valid) {
		put_real(&r, s->rates.growth_per_s);
		if (s->rates.seconds_to_full >= 0)
			put_real(&r, s->rates.seconds_to_full);
		else
			put_null(&r);
	} else {
		put_null(&r);
		put_null(&r);
	}
	put_real(&r, drops_per_s(&p->rates));
	put_int(&r, advice_dropping_now(&p->rates));
	put_text(&r, s->events.source == CT_SOURCE_EVENTS ? "events" : "dump");
	put_int(&r, s->complete);
	if (st->inc.id)
		put_int(&r, st->inc.id);
	else
		put_null(&r);
	put_int(&r, st->inc.id || s->taken_at < st->inc.keep_until);
	sqlite3_bind_blob(r.q, r.col++, blob, (int)len, SQLITE_STATIC);
	put_int(&r, (sqlite3_int64)s->tally.evictable);
	put_int(&r, (sqlite3_int64)s->tally.gc_evictable);
	put_int(&r, (sqlite3_int64)s->tally.pinned);
	return row_end(&r);
}

static int count_row(struct rec_store *st, enum store_stmt which, sqlite3_int64 id,
		     const char *name, uint64_t v)
{
	struct row r = row_begin(st, which);
	put_int(&r, id);
	put_text(&r, name);
	put_int(&r, (sqlite3_int64)v);
	return row_end(&r);
}

static int count_rows(struct rec_store *st, sqlite3_int64 id, const struct ct_snapshot *s)
{
	int rc = SQLITE_OK;
	for (unsigned k = 0; k < CT_TCP_NSTATES && rc == SQLITE_OK; k++)
		if (s->tally.tcp[k])
			rc = count_row(st, ST_STATE, id, ct_tcp_state_name(k), s->tally.tcp[k]);
	for (unsigned k = 0; k < 256 && rc == SQLITE_OK; k++) {
		char num[8];
		const char *name = ct_l4_name(k);
		if (!name)
			snprintf(num, sizeof num, "%u", k), name = num;
		if (s->tally.l4[k])
			rc = count_row(st, ST_PROTO, id, name, s->tally.l4[k]);
	}
	for (unsigned k = 0; k < CT_STAT_SLOTS && rc == SQLITE_OK; k++) {
		const char *name = ct_stat_name(k);
		if (name && (s->stat_present & (1u << k)))
			rc = count_row(st, ST_COUNTER, id, name, s->stat_total[k]);
	}
	return rc;
}

/* The workload columns: its label, as the screen shows it, and its id
 * in the workload table (its kind, names and ids). */
static int put_owner(struct rec_store *st, struct row *r, const struct addr_owner *o)
{
	char label[WL_NAME_MAX * 2 + 16];
	if (!o) {
		put_null(r);
		put_null(r);
		return SQLITE_OK;
	}
	sqlite3_int64 id = store_workload_id(st, &o->wl, o->netns);
	if (id < 0)
		return (int)-id;
	put_text(r, workload_label(&o->wl, label, sizeof label));
	put_int(r, id);
	return SQLITE_OK;
}

struct top_ctx {
	struct rec_store *st;
	sqlite3_int64 id;
	const struct addr_owners *owners; /* NULL without --all-netns */
};

/* Each CPU's counters that are not zero (most are, most of the time). */
static int cpu_rows(struct rec_store *st, sqlite3_int64 id, const struct ct_snapshot *s)
{
	int rc = SQLITE_OK;
	for (unsigned c = 0; c < s->ncpu && rc == SQLITE_OK; c++)
		for (unsigned k = 0; k < CT_STAT_SLOTS && rc == SQLITE_OK; k++) {
			const char *name = ct_stat_name(k);
			const struct ct_cpu_stats *cs = &s->cpu[c];
			if (!name || !(cs->present & (1u << k)) || !cs->v[k])
				continue;
			struct row r = row_begin(st, ST_CPU);
			put_int(&r, id);
			put_int(&r, cs->cpu);
			put_text(&r, name);
			put_int(&r, (sqlite3_int64)cs->v[k]);
			rc = row_end(&r);
		}
	return rc;
}

static int top_row(const struct top_ctx *t, const char *kind, unsigned rank,
		   int family, const uint8_t *addr, unsigned proto, unsigned port, bool has_count,
		   uint64_t entries, double per_s)
{
	struct row r = row_begin(t->st, ST_TOP);
	char text[INET6_ADDRSTRLEN] = "";
	put_int(&r, t->id);
	put_text(&r, kind);
	put_int(&r, rank);
	put_text(&r, family && inet_ntop(family, addr, text, sizeof text) ? text : NULL);
	if (family)
		put_null(&r), put_null(&r);
	else
		put_text(&r, ct_l4_name(proto)), put_int(&r, port);
	if (has_count)
		put_int(&r, (sqlite3_int64)entries), put_null(&r);
	else
		put_null(&r), put_real(&r, per_s);
	int rc = put_owner(t->st, &r, family ? addrowners_find(t->owners, family, addr) : NULL);
	return rc == SQLITE_OK ? row_end(&r) : rc;
}

static int top_rows(const struct top_ctx *t, const struct ct_snapshot *s, unsigned n)
{
	int rc = SQLITE_OK;
	for (unsigned i = 0; i < s->ntop && i < n && rc == SQLITE_OK; i++)
		rc = top_row(t, "source", i + 1, s->top[i].family, s->top[i].addr, 0, 0, true,
			     s->top[i].count, 0);
	for (unsigned i = 0; i < s->ntop_dst && i < n && rc == SQLITE_OK; i++)
		rc = top_row(t, "destination", i + 1, s->top_dst[i].family, s->top_dst[i].addr,
			     0, 0, true, s->top_dst[i].count, 0);
	for (unsigned i = 0; i < s->ntop_dport && i < n && rc == SQLITE_OK; i++)
		rc = top_row(t, "port", i + 1, 0, NULL, s->top_dport[i].proto,
			     s->top_dport[i].port, true, s->top_dport[i].count, 0);
	const struct {
		const char *kind;
		const struct ct_churn *c;
		unsigned n;
	} churn[3] = {
		{ "new_source", s->top_new_src, s->n_new_src },
		{ "new_destination", s->top_new_dst, s->n_new_dst },
		{ "new_port", s->top_new_dport, s->n_new_dport },
	};
	for (unsigned k = 0; k < 3; k++)
		for (unsigned i = 0; i < churn[k].n && i < n && rc == SQLITE_OK; i++) {
			const struct ct_churn *c = &churn[k].c[i];
			rc = top_row(t, churn[k].kind, i + 1, c->family, c->addr, c->proto,
				     c->port, false, 0, c->per_s);
		}
	return rc;
}

static int advice_rows(struct rec_store *st, sqlite3_int64 id, const struct rec_picture *p)
{
	static struct advice items[ADVICE_ROWS]; /* the writer thread's alone */
	unsigned n = picture_advice(p, items, ADVICE_ROWS);
	int rc = SQLITE_OK;
	for (unsigned i = 0; i < n && rc == SQLITE_OK; i++) {
		struct row r = row_begin(st, ST_ADVICE);
		put_int(&r, id);
		put_int(&r, i + 1);
		put_text(&r, advice_level_name(items[i].level));
		put_text(&r, items[i].id);
		put_text(&r, items[i].text);
		rc = row_end(&r);
	}
	return rc;
}

static int ns_rows(struct rec_store *st, sqlite3_int64 id, const struct ns_table *t)
{
	int rc = SQLITE_OK;
	for (unsigned i = 0; i < t->n && rc == SQLITE_OK; i++) {
		const struct ns_info *ns = &t->ns[i];
		char label[NS_LABEL_MAX];
		struct row r = row_begin(st, ST_NS);
		put_int(&r, id);
		put_int(&r, i + 1);
		put_text(&r, ns_label(ns, label, sizeof label));
		put_int(&r, (sqlite3_int64)ns->count);
		put_real(&r, ns_fill(ns, t->max));
		put_int(&r, ns->nholders);
		put_text(&r, ns->comm);
		put_text(&r, ns->container);
		put_int(&r, ns->err);
		sqlite3_int64 wl = 0;
		if (ns->workload.kind != WL_NONE && (wl = store_workload_id(st, &ns->workload, label)) < 0)
			return (int)-wl;
		if (wl)
			put_int(&r, wl);
		else
			put_null(&r);
		rc = row_end(&r);
	}
	return rc;
}

static int sample_rows(struct rec_store *st, sqlite3_int64 id, const struct ct_list *l)
{
	int rc = SQLITE_OK;
	for (unsigned i = 0; i < l->n && i < REC_SAMPLE_ROWS && rc == SQLITE_OK; i++) {
		const struct ct_entry *e = &l->rows[i];
		char src[INET6_ADDRSTRLEN] = "", dst[INET6_ADDRSTRLEN] = "";
		inet_ntop(e->family, e->orig.src, src, sizeof src);
		inet_ntop(e->family, e->orig.dst, dst, sizeof dst);
		struct row r = row_begin(st, ST_SAMPLE);
		put_int(&r, id);
		put_int(&r, i + 1);
		put_int(&r, st->inc.id);
		put_text(&r, ct_l4_name(e->l4proto));
		put_text(&r, src);
		put_text(&r, dst);
		put_int(&r, e->orig.sport);
		put_int(&r, e->orig.dport);
		put_text(&r, e->has_tcp_state ? ct_tcp_state_name(e->tcp_state) : NULL);
		put_int(&r, e->timeout);
		rc = row_end(&r);
	}
	return rc;
}

/* Drops seen or the fill past the warning: an incident opens or goes on;
 * quiet for REC_INCIDENT_QUIET_S: it ends. */
static int incident_step(struct rec_store *st, const struct rec_picture *p)
{
	struct incident_state *in = &st->inc;
	double t = p->snap.taken_at, dps = drops_per_s(&p->rates);
	bool hot = advice_dropping_now(&p->rates) || p->snap.an.fill >= ADVICE_FILL_WARN;
	char sql[320];
	if (hot && !in->id) {
		snprintf(sql, sizeof sql, "INSERT INTO incident(start, end, peak, peak_fill,"
			 " peak_drops_per_s, why) VALUES(%.3f, %.3f, %.3f, %.6f, %.3f, '%s');"
			 "UPDATE picture SET keep = 1 WHERE t >= %.3f;", t, t, t, p->snap.an.fill, dps,
			 dps > 0 ? "drops" : "fill", t - REC_INCIDENT_MARGIN_S);
		int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return rc;
		in->id = sqlite3_last_insert_rowid(st->db);
		in->peak_score = -1;
		in->last_sample = 0;
	}
	if (!in->id)
		return SQLITE_OK;
	if (hot)
		in->last_hot = t;
	double score = dps * 10 + p->snap.an.fill;
	int n = snprintf(sql, sizeof sql, "UPDATE incident SET end = %.3f", t);
	if (score > in->peak_score) {
		in->peak_score = score;
		n += snprintf(sql + n, sizeof sql - (size_t)n, ", peak = %.3f, peak_fill = %.6f,"
			      " peak_drops_per_s = %.3f", t, p->snap.an.fill, dps);
	}
	snprintf(sql + n, sizeof sql - (size_t)n, " WHERE id = %lld", (long long)in->id);
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK && !hot && t - in->last_hot >= REC_INCIDENT_QUIET_S) {
		in->id = 0;
		in->keep_until = t + REC_INCIDENT_MARGIN_S;
	}
	return rc;
}

int store_rows(struct rec_store *st, const struct rec_picture *p, char *why, size_t n)
{
	size_t len;
	uint8_t *blob = pack_picture(p, &len);
	if (!blob) {
		snprintf(why, n, "out of memory packing a picture");
		return SQLITE_NOMEM;
	}
	int rc = incident_step(st, p);
	if (rc == SQLITE_OK)
		rc = picture_row(st, p, blob, len);
	free(blob);
	sqlite3_int64 id = sqlite3_last_insert_rowid(st->db);
	if (rc == SQLITE_OK)
		rc = count_rows(st, id, &p->snap);
	if (rc == SQLITE_OK)
		rc = cpu_rows(st, id, &p->snap);
	if (rc == SQLITE_OK) {
		struct addr_owners owners = { 0 };
		struct top_ctx t = { st, id, NULL };
		/* out of memory: the rows go without their workloads */
		if (p->has_ns && nsowner_addr_map(&p->ns, &owners) == 0)
			t.owners = &owners;
		rc = top_rows(&t, &p->snap, st->lim.top_rows);
		addrowners_free(&owners);
	}
	if (rc == SQLITE_OK)
		rc = advice_rows(st, id, p);
	if (rc == SQLITE_OK && p->has_ns)
		rc = ns_rows(st, id, &p->ns);
	/* one sample a due time, not the same rows again from the next
	 * collection the sampler had already begun */
	if (rc == SQLITE_OK && st->inc.id && p->snap.list.on && p->snap.list.n &&
	    p->snap.taken_at - st->inc.last_sample >= REC_SAMPLE_EVERY_S / 2) {
		rc = sample_rows(st, id, &p->snap.list);
		st->inc.last_sample = p->snap.taken_at;
	}
	if (rc != SQLITE_OK)
		store_say(st, rc, "writing the recording", why, n);
	return rc;
}
