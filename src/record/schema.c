/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/schema.h"

#include <stdio.h>
#include <string.h>

/* Child rows go with their picture (the trigger), so a picture is never
 * cut: it is whole or gone. Children are clustered on their picture
 * (WITHOUT ROWID), which keeps them small and their deletion cheap. A
 * workload is written once (workload) and named by its id in each
 * picture's rows: its ids and names would be most of a day's bytes. */
static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);"
	"CREATE TABLE IF NOT EXISTS picture(id INTEGER PRIMARY KEY, t REAL NOT NULL,"
	" netns TEXT, count INTEGER, max INTEGER, buckets INTEGER, fill REAL, entries INTEGER,"
	" ipv4 INTEGER, ipv6 INTEGER, assured INTEGER, unreplied INTEGER, new_per_s REAL,"
	" destroy_per_s REAL, growth_per_s REAL, seconds_to_full REAL, drops_per_s REAL,"
	" dropping INTEGER, source TEXT, complete INTEGER, incident INTEGER,"
	" keep INTEGER NOT NULL DEFAULT 0, snap BLOB NOT NULL, evictable INTEGER,"
	" gc_evictable INTEGER, pinned INTEGER);"
	"CREATE INDEX IF NOT EXISTS picture_t ON picture(t);"
	"CREATE TABLE IF NOT EXISTS state(picture INTEGER, state TEXT, entries INTEGER,"
	" PRIMARY KEY(picture, state)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS proto(picture INTEGER, proto TEXT, entries INTEGER,"
	" PRIMARY KEY(picture, proto)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS counter(picture INTEGER, name TEXT, value INTEGER,"
	" PRIMARY KEY(picture, name)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS cpu(picture INTEGER, cpu INTEGER, name TEXT, value INTEGER,"
	" PRIMARY KEY(picture, cpu, name)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS top(picture INTEGER, kind TEXT, rank INTEGER, addr TEXT,"
	" proto TEXT, port INTEGER, entries INTEGER, per_s REAL, workload TEXT,"
	" workload_id INTEGER, PRIMARY KEY(picture, kind, rank)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS workload(id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
	" kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,"
	" container_id TEXT NOT NULL, pod_uid TEXT NOT NULL, netns TEXT NOT NULL,"
	" UNIQUE(kind, namespace, name, container_id, pod_uid, netns));"
	"CREATE TABLE IF NOT EXISTS advice(picture INTEGER, rank INTEGER, level TEXT, id TEXT,"
	" text TEXT, PRIMARY KEY(picture, rank)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS namespace(picture INTEGER, rank INTEGER, name TEXT,"
	" count INTEGER, fill REAL, holders INTEGER, comm TEXT, container TEXT, err INTEGER,"
	" workload_id INTEGER, PRIMARY KEY(picture, rank)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS incident(id INTEGER PRIMARY KEY, start REAL, end REAL,"
	" peak REAL, peak_fill REAL, peak_drops_per_s REAL, why TEXT);"
	"CREATE TABLE IF NOT EXISTS sample(picture INTEGER, rank INTEGER, incident INTEGER,"
	" proto TEXT, src TEXT, dst TEXT, sport INTEGER, dport INTEGER, state TEXT,"
	" timeout INTEGER, PRIMARY KEY(picture, rank)) WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS picture_gone AFTER DELETE ON picture BEGIN"
	" DELETE FROM state WHERE picture = old.id;"
	" DELETE FROM proto WHERE picture = old.id;"
	" DELETE FROM counter WHERE picture = old.id;"
	" DELETE FROM cpu WHERE picture = old.id;"
	" DELETE FROM top WHERE picture = old.id;"
	" DELETE FROM advice WHERE picture = old.id;"
	" DELETE FROM namespace WHERE picture = old.id;"
	" DELETE FROM sample WHERE picture = old.id;"
	" END;";

/* Version 1 (0.2.0) to 2: the columns and the table it lacks; the
 * trigger made anew (schema_sql) to clear the new table too. Its pictures
 * stay in the file: their packed form is refused by replay_load, one by
 * one, with the reason; their rows still answer queries. */
static const char migrate_1_sql[] =
	"ALTER TABLE picture ADD COLUMN evictable INTEGER;"
	"ALTER TABLE picture ADD COLUMN gc_evictable INTEGER;"
	"ALTER TABLE picture ADD COLUMN pinned INTEGER;"
	"ALTER TABLE top ADD COLUMN workload TEXT;"
	"ALTER TABLE top ADD COLUMN workload_id INTEGER;"
	"ALTER TABLE namespace ADD COLUMN workload_id INTEGER;"
	"DROP TRIGGER IF EXISTS picture_gone;";

static int version_of(sqlite3 *db, long *version)
{
	sqlite3_stmt *q;
	*version = -1;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema'", -1, &q, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*version = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int table_count(sqlite3 *db, long *n)
{
	sqlite3_stmt *q;
	*n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The file's version, after the checks every reader and writer makes. */
static int checked_version(sqlite3 *db, long *version, char *why, size_t n)
{
	long tables;
	if (table_count(db, &tables) < 0) {
		snprintf(why, n, "it is not a recording: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (tables == 0) {
		snprintf(why, n, "the recording is empty: it holds no pictures yet");
		return -1;
	}
	if (version_of(db, version) < 0) {
		snprintf(why, n, "it is an SQLite file but not a ctdash recording");
		return -1;
	}
	if (*version < 1 || *version > REC_SCHEMA_VERSION) {
		snprintf(why, n, "the recording's schema is version %ld; this ctdash reads versions 1 to %d",
			 *version, REC_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

int schema_check(sqlite3 *db, char *why, size_t n)
{
	long version;
	return checked_version(db, &version, why, n);
}

int schema_create(sqlite3 *db, char *why, size_t n)
{
	long tables, version = REC_SCHEMA_VERSION;
	if (table_count(db, &tables) < 0) {
		snprintf(why, n, "it is not a recording: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (tables > 0 && checked_version(db, &version, why, n) < 0)
		return -1;
	char sql[sizeof schema_sql + sizeof migrate_1_sql + 256];
	snprintf(sql, sizeof sql, "BEGIN; %s %s INSERT OR IGNORE INTO meta VALUES('schema', %d);"
		 " UPDATE meta SET value = %d WHERE key = 'schema';"
		 " INSERT OR IGNORE INTO meta VALUES('created_by', '%s'); COMMIT;",
		 version == 1 ? migrate_1_sql : "", schema_sql, REC_SCHEMA_VERSION,
		 REC_SCHEMA_VERSION, PACKAGE_STRING);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, n, "cannot create the recording's tables: %s", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}
