/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Keeping the recording bounded: thinning with age (every picture for the
 * last minutes, one every 10 s for a day, one a minute before), pictures
 * past the age limit dropped, and the oldest dropped while the file is
 * over its size. Whole pictures only: their rows go with them (the
 * schema's trigger). Pictures around an incident (keep = 1) are not
 * thinned. */
#include <stdio.h>

#include "record/store_int.h"

/* Thin and bound once a minute; the size is checked every picture. */
#define TRIM_EVERY_S 60.0
/* Over the cap, the oldest pictures go this many at a time. */
#define SIZE_BATCH 64

static int thin(struct rec_store *st, double *from, double to, double step)
{
	/* whole buckets only, so a bucket is never thinned in two passes */
	double hi = (double)(long long)(to / step) * step;
	if (hi <= *from)
		return SQLITE_OK;
	char sql[512];
	snprintf(sql, sizeof sql, "DELETE FROM picture WHERE t >= %.3f AND t < %.3f AND keep = 0"
		 " AND id NOT IN (SELECT min(id) FROM picture WHERE t >= %.3f AND t < %.3f"
		 " GROUP BY CAST(t / %.0f AS INTEGER))", *from, hi, *from, hi, step);
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		*from = hi;
	return rc;
}

static int by_age(struct rec_store *st, double now)
{
	char sql[256];
	double cut = now - st->lim.max_age_s;
	snprintf(sql, sizeof sql, "DELETE FROM picture WHERE t < %.3f;"
		 "DELETE FROM incident WHERE end < %.3f;", cut, cut);
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

static sqlite3_int64 pragma_value(struct rec_store *st, const char *sql)
{
	sqlite3_stmt *q;
	sqlite3_int64 v = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Bytes the file's pages use, free pages left out (they are reused). */
static sqlite3_int64 bytes_used(struct rec_store *st)
{
	sqlite3_int64 pages = pragma_value(st, "PRAGMA page_count");
	sqlite3_int64 free_pages = pragma_value(st, "PRAGMA freelist_count");
	sqlite3_int64 size = pragma_value(st, "PRAGMA page_size");
	if (pages < 0 || free_pages < 0 || size < 0)
		return -1;
	return (pages - free_pages) * size;
}

/* The file's share of the cap: the log (at most an eighth, see
 * set_pragmas) and the page cache's growth keep the rest. */
static sqlite3_int64 file_budget(const struct rec_store *st)
{
	uint64_t wal = st->lim.max_bytes / 8;
	if (wal > (4u << 20))
		wal = 4u << 20;
	return (sqlite3_int64)(st->lim.max_bytes - 2 * wal);
}

static int by_size(struct rec_store *st)
{
	sqlite3_int64 budget = file_budget(st), used;
	int rc = SQLITE_OK;
	char sql[160];
	snprintf(sql, sizeof sql, "DELETE FROM picture WHERE id IN (SELECT id FROM picture"
		 " ORDER BY t LIMIT %d)", SIZE_BATCH);
	while (rc == SQLITE_OK && (used = bytes_used(st)) > budget &&
	       pragma_value(st, "SELECT count(*) FROM picture") > 1)
		rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, "DELETE FROM incident WHERE end < (SELECT min(t) FROM picture)",
				  NULL, NULL, NULL);
	/* give the freed pages back, so the file itself shrinks */
	if (rc == SQLITE_OK && pragma_value(st, "PRAGMA page_count") *
	    pragma_value(st, "PRAGMA page_size") > budget)
		rc = sqlite3_exec(st->db, "PRAGMA incremental_vacuum", NULL, NULL, NULL);
	return rc;
}

int store_trim(struct rec_store *st, double now, char *why, size_t n)
{
	int rc = SQLITE_OK;
	if (now >= st->next_trim) {
		st->next_trim = now + TRIM_EVERY_S;
		rc = thin(st, &st->thinned_10, now - REC_FULL_S, 10.0);
		if (rc == SQLITE_OK)
			rc = thin(st, &st->thinned_60, now - REC_DAY_S, 60.0);
		if (rc == SQLITE_OK)
			rc = by_age(st, now);
	}
	if (rc == SQLITE_OK)
		rc = by_size(st);
	if (rc != SQLITE_OK)
		store_say(st, rc, "bounding the recording", why, n);
	return rc;
}
