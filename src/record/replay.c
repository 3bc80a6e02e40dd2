/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/replay.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/jsonw.h"
#include "record/pack.h"
#include "record/schema.h"
#include "record/store_int.h"

struct replay {
	sqlite3 *db;
	int fd;
};

static int fail(struct replay *r, const char *doing, char *why, size_t n)
{
	snprintf(why, n, "%s: %s", doing, sqlite3_errmsg(r->db));
	return -1;
}

struct replay *replay_open(const char *path, char *why, size_t n)
{
	struct replay *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(why, n, "out of memory");
		return NULL;
	}
	if (store_trusted_open(path, false, &r->fd, &r->db, why, n) < 0) {
		free(r);
		return NULL;
	}
	/* a reader never writes, whatever it is asked */
	sqlite3_exec(r->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	char inner[256];
	if (schema_check(r->db, inner, sizeof inner) < 0) {
		snprintf(why, n, "%s: %s", path, inner);
		replay_close(r);
		return NULL;
	}
	return r;
}

void replay_close(struct replay *r)
{
	if (!r)
		return;
	sqlite3_close(r->db);
	close(r->fd);
	free(r);
}

int replay_span(struct replay *r, long *count, double *first, double *last, char *why, size_t n)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(r->db, "SELECT count(*), min(t), max(t) FROM picture", -1, &q, NULL) != SQLITE_OK)
		return fail(r, "reading the recording", why, n);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*count = (long)sqlite3_column_int64(q, 0);
		*first = sqlite3_column_double(q, 1);
		*last = sqlite3_column_double(q, 2);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return fail(r, "reading the recording", why, n);
	return 0;
}

/* One row of (id, t) from sql with t bound to ?1. 0, 1 none, -1 error. */
static int one_picture(struct replay *r, const char *sql, double t, int64_t *id, double *at)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(r->db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_double(q, 1, t);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		*at = sqlite3_column_double(q, 1);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int replay_step(struct replay *r, double t, int dir, int64_t *id, double *at)
{
	const char *sql = dir < 0 ? "SELECT id, t FROM picture WHERE t < ?1 ORDER BY t DESC LIMIT 1"
				  : "SELECT id, t FROM picture WHERE t > ?1 ORDER BY t LIMIT 1";
	return one_picture(r, sql, t, id, at) == 0 ? 0 : -1;
}

int replay_nearest(struct replay *r, double t, int64_t *id, double *at, char *why, size_t n)
{
	int64_t bid = 0, aid = 0;
	double bt = 0, att = 0;
	int b = one_picture(r, "SELECT id, t FROM picture WHERE t <= ?1 ORDER BY t DESC LIMIT 1", t, &bid, &bt);
	int a = one_picture(r, "SELECT id, t FROM picture WHERE t > ?1 ORDER BY t LIMIT 1", t, &aid, &att);
	if (b < 0 || a < 0)
		return fail(r, "reading the recording", why, n);
	if (b && a) {
		snprintf(why, n, "the recording holds no pictures");
		return -1;
	}
	bool before = !b && (a || fabs(t - bt) <= fabs(att - t));
	*id = before ? bid : aid;
	*at = before ? bt : att;
	return 0;
}

int replay_load(struct replay *r, int64_t id, struct rec_picture *p, char *why, size_t n)
{
	sqlite3_stmt *q;
	memset(p, 0, sizeof *p);
	if (sqlite3_prepare_v2(r->db, "SELECT snap FROM picture WHERE id = ?1", -1, &q, NULL) != SQLITE_OK)
		return fail(r, "reading a picture", why, n);
	sqlite3_bind_int64(q, 1, id);
	int rc = sqlite3_step(q), ret = -1;
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) == SQLITE_BLOB)
		ret = unpack_picture(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0), p, why, n);
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		snprintf(why, n, "picture %lld is missing or damaged", (long long)id);
	else
		fail(r, "reading a picture", why, n);
	sqlite3_finalize(q);
	if (ret == 0)
		(void)picture_owners(p); /* out of memory: shown without workloads */
	return ret;
}

int replay_each(struct replay *r, double since, double until,
		int (*fn)(void *arg, int64_t id, double t), void *arg, char *why, size_t n)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(r->db, "SELECT id, t FROM picture WHERE t >= ?1 AND t <= ?2 ORDER BY t",
			       -1, &q, NULL) != SQLITE_OK)
		return fail(r, "reading the recording", why, n);
	sqlite3_bind_double(q, 1, since);
	sqlite3_bind_double(q, 2, until);
	int rc;
	double last = since;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		last = sqlite3_column_double(q, 1);
		if (fn(arg, sqlite3_column_int64(q, 0), last))
			break;
	}
	int ret = 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(why, n, "the recording broke off after the picture of %.3f: %s", last,
			 sqlite3_errmsg(r->db));
		ret = -1;
	}
	sqlite3_finalize(q);
	return ret;
}

static void incident_from(sqlite3_stmt *q, struct rec_incident *in)
{
	in->id = sqlite3_column_int64(q, 0);
	in->start = sqlite3_column_double(q, 1);
	in->end = sqlite3_column_double(q, 2);
	in->peak = sqlite3_column_double(q, 3);
	in->peak_fill = sqlite3_column_double(q, 4);
	in->peak_drops_per_s = sqlite3_column_double(q, 5);
	const unsigned char *w = sqlite3_column_text(q, 6);
	snprintf(in->why, sizeof in->why, "%s", w ? (const char *)w : "");
}

int replay_incidents(struct replay *r, struct rec_incident **out, unsigned *n_out, char *why, size_t n)
{
	sqlite3_stmt *q;
	*out = NULL;
	*n_out = 0;
	if (sqlite3_prepare_v2(r->db, "SELECT id, start, end, peak, peak_fill, peak_drops_per_s, why"
			       " FROM incident ORDER BY start", -1, &q, NULL) != SQLITE_OK)
		return fail(r, "reading the incidents", why, n);
	int rc;
	unsigned cap = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n_out == cap) {
			cap = cap ? cap * 2 : 16;
			struct rec_incident *more = realloc(*out, cap * sizeof **out);
			if (!more)
				break;
			*out = more;
		}
		incident_from(q, &(*out)[(*n_out)++]);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(r, "reading the incidents", why, n);
	return 0;
}

static void sample_line(sqlite3_stmt *q, bool json, FILE *out)
{
	const char *names[] = { "proto", "src", "dst", "sport", "dport", "state", "timeout" };
	if (json) {
		struct jsonw w;
		jw_init(&w, out);
		jw_open(&w, NULL, '{');
		for (int c = 0; c < 7; c++) {
			if (sqlite3_column_type(q, c) == SQLITE_NULL)
				jw_null(&w, names[c]);
			else if (sqlite3_column_type(q, c) == SQLITE_INTEGER)
				jw_i64(&w, names[c], sqlite3_column_int64(q, c));
			else
				jw_str(&w, names[c], (const char *)sqlite3_column_text(q, c));
		}
		jw_close(&w, '}');
		fputc('\n', out);
		return;
	}
	for (int c = 0; c < 7; c++) {
		const unsigned char *v = sqlite3_column_text(q, c);
		fprintf(out, "%s%s=%s", c ? " " : "", names[c], v ? (const char *)v : "-");
	}
	fputc('\n', out);
}

/* The sample kept nearest the incident's peak: its picture, 0 none. */
static int64_t sample_nearest_peak(struct replay *r, const struct rec_incident *in)
{
	sqlite3_stmt *q;
	int64_t pic = 0;
	if (sqlite3_prepare_v2(r->db, "SELECT s.picture FROM sample s JOIN picture p ON p.id = s.picture"
			       " WHERE s.incident = ?1 ORDER BY abs(p.t - ?2) LIMIT 1", -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(q, 1, in->id);
	sqlite3_bind_double(q, 2, in->peak);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		pic = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? pic : -1;
}

long replay_sample(struct replay *r, double t, bool json, FILE *out, struct rec_incident *incident,
		   double *at, char *why, size_t n)
{
	sqlite3_stmt *q;
	/* the incident holding t, else the nearest */
	const char *find = "SELECT id, start, end, peak, peak_fill, peak_drops_per_s, why"
		" FROM incident ORDER BY CASE WHEN ?1 BETWEEN start AND end THEN 0"
		" ELSE min(abs(start - ?1), abs(end - ?1)) END LIMIT 1";
	if (sqlite3_prepare_v2(r->db, find, -1, &q, NULL) != SQLITE_OK)
		return fail(r, "reading the incidents", why, n);
	sqlite3_bind_double(q, 1, t);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		incident_from(q, incident);
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE) {
		snprintf(why, n, "the recording holds no incident");
		return -1;
	}
	int64_t pic = rc == SQLITE_ROW ? sample_nearest_peak(r, incident) : -1;
	if (pic < 0)
		return fail(r, "reading the incidents", why, n);
	if (pic == 0) {
		snprintf(why, n, "the incident nearest that time has no sample of entries");
		return -1;
	}
	if (sqlite3_prepare_v2(r->db, "SELECT s.proto, s.src, s.dst, s.sport, s.dport, s.state,"
			       " s.timeout, p.t FROM sample s JOIN picture p ON p.id = s.picture"
			       " WHERE s.picture = ?1 ORDER BY s.rank", -1, &q, NULL) != SQLITE_OK)
		return fail(r, "reading a sample", why, n);
	sqlite3_bind_int64(q, 1, pic);
	long rows = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*at = sqlite3_column_double(q, 7);
		sample_line(q, json, out);
		rows++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return fail(r, "reading a sample", why, n);
	return rows;
}
