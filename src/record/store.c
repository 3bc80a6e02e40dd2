/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "record/schema.h"
#include "record/store_int.h"
#include "write/journal_file.h"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PICTURE] = "INSERT INTO picture(t, netns, count, max, buckets, fill, entries, ipv4, ipv6,"
		       " assured, unreplied, new_per_s, destroy_per_s, growth_per_s, seconds_to_full,"
		       " drops_per_s, dropping, source, complete, incident, keep, snap, evictable,"
		       " gc_evictable, pinned)"
		       " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_STATE] = "INSERT INTO state(picture, state, entries) VALUES(?,?,?)",
	[ST_PROTO] = "INSERT INTO proto(picture, proto, entries) VALUES(?,?,?)",
	[ST_COUNTER] = "INSERT INTO counter(picture, name, value) VALUES(?,?,?)",
	[ST_CPU] = "INSERT INTO cpu(picture, cpu, name, value) VALUES(?,?,?,?)",
	[ST_TOP] = "INSERT INTO top(picture, kind, rank, addr, proto, port, entries, per_s, workload,"
		   " workload_id) VALUES(?,?,?,?,?,?,?,?,?,?)",
	[ST_WL_ADD] = "INSERT OR IGNORE INTO workload(label, kind, namespace, name, container_id,"
		      " pod_uid, netns) VALUES(?,?,?,?,?,?,?)",
	[ST_WL_ID] = "SELECT id FROM workload WHERE kind = ? AND namespace = ? AND name = ?"
		     " AND container_id = ? AND pod_uid = ? AND netns = ?",
	[ST_ADVICE] = "INSERT INTO advice(picture, rank, level, id, text) VALUES(?,?,?,?,?)",
	[ST_NS] = "INSERT INTO namespace(picture, rank, name, count, fill, holders, comm, container, err,"
		  " workload_id) VALUES(?,?,?,?,?,?,?,?,?,?)",
	[ST_SAMPLE] = "INSERT INTO sample(picture, rank, incident, proto, src, dst, sport, dport,"
		      " state, timeout) VALUES(?,?,?,?,?,?,?,?,?,?)",
};

void store_say(struct rec_store *st, int rc, const char *doing, char *why, size_t n)
{
	const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	if ((rc & 0xff) == SQLITE_FULL)
		msg = "the disk is full";
	snprintf(why, n, "%s: %s", doing, msg);
}

int store_exec(struct rec_store *st, const char *sql, char *why, size_t n)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		store_say(st, rc, "writing the recording", why, n);
	return rc;
}

/* The log and shared-memory files SQLite keeps beside the recording: if
 * they exist they must be ours like the file, or they could feed it. */
static int sidecars_trusted(const char *path, char *why, size_t n)
{
	static const char *const tails[] = { "-wal", "-shm" };
	for (unsigned i = 0; i < 2; i++) {
		char side[4096];
		if (snprintf(side, sizeof side, "%s%s", path, tails[i]) >= (int)sizeof side)
			return snprintf(why, n, "the recording's path is too long"), -1;
		int fd = open(side, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			return snprintf(why, n, "the recording's log %s cannot be opened: %s", side,
					strerror(errno)), -1;
		}
		const char *bad = trusted_file_problem(fd, side, "the recording's log", why, n);
		close(fd);
		if (bad)
			return -1;
	}
	return 0;
}

/* SQLite opens by name: check that the name still leads to the file whose
 * descriptor passed the checks. */
static int same_file(int fd, const char *path, char *why, size_t n)
{
	struct stat a, b;
	if (fstat(fd, &a) < 0 || lstat(path, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return snprintf(why, n, "the recording %s was replaced while it was opened", path), -1;
	return 0;
}

int store_trusted_open(const char *path, bool writing, int *fd_out, sqlite3 **db, char *why, size_t n)
{
	int fd = trusted_file_open(path, writing ? JOURNAL_FILE_APPEND : JOURNAL_FILE_READ,
				   "the recording", NULL, why, n);
	if (fd < 0)
		return -1;
	if (sidecars_trusted(path, why, n) < 0) {
		close(fd);
		return -1;
	}
	int rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
				 SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK || same_file(fd, path, why, n) < 0) {
		if (rc != SQLITE_OK)
			snprintf(why, n, "cannot open the recording %s: %s", path,
				 *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
		sqlite3_close(*db);
		*db = NULL;
		close(fd);
		return -1;
	}
	sqlite3_busy_timeout(*db, 2000);
	*fd_out = fd;
	return 0;
}

/* The log stays small: a checkpoint every eighth of the cap (at most
 * 4 MiB), and the log file cut back to that after each. */
static int set_pragmas(struct rec_store *st, char *why, size_t n)
{
	uint64_t wal = st->lim.max_bytes / 8;
	if (wal > (4u << 20))
		wal = 4u << 20;
	char sql[256];
	/* big pages: a picture's row (2-3 KiB) would leave half of a 4 KiB
	 * page empty; this only takes on a new file */
	snprintf(sql, sizeof sql, "PRAGMA page_size=16384; PRAGMA auto_vacuum=INCREMENTAL;"
		 " PRAGMA journal_mode=WAL;"
		 " PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=%llu;"
		 " PRAGMA wal_autocheckpoint=%llu;", (unsigned long long)wal,
		 (unsigned long long)(wal / 4096 ? wal / 4096 : 1));
	return store_exec(st, sql, why, n);
}

static int prepare_all(struct rec_store *st, char *why, size_t n)
{
	for (unsigned i = 0; i < ST_COUNT; i++) {
		int rc = sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
					    &st->stmt[i], NULL);
		if (rc != SQLITE_OK) {
			store_say(st, rc, "preparing the recording", why, n);
			return rc;
		}
	}
	return 0;
}

struct rec_store *store_open(const char *path, const struct rec_limits *lim, char *why, size_t n)
{
	struct rec_store *st = calloc(1, sizeof *st);
	if (!st) {
		snprintf(why, n, "out of memory");
		return NULL;
	}
	sipkey_random(&st->wl_key);
	st->lim = *lim;
	st->fd = -1;
	if (store_trusted_open(path, true, &st->fd, &st->db, why, n) < 0) {
		free(st);
		return NULL;
	}
	if (set_pragmas(st, why, n) != SQLITE_OK || schema_create(st->db, why, n) < 0 ||
	    prepare_all(st, why, n) != SQLITE_OK) {
		store_close(st);
		return NULL;
	}
	return st;
}

void store_close(struct rec_store *st)
{
	if (!st)
		return;
	for (unsigned i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	if (st->fd >= 0)
		close(st->fd);
	free(st);
}

int store_incident_open(const struct rec_store *st)
{
	return st->inc.id != 0;
}

static int errno_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	default:
		return -EIO;
	}
}

int store_add(struct rec_store *st, const struct rec_picture *p, char *why, size_t n)
{
	struct incident_state before = st->inc;
	int rc = store_exec(st, "BEGIN IMMEDIATE", why, n);
	if (rc == SQLITE_OK)
		rc = store_rows(st, p, why, n);
	if (rc == SQLITE_OK)
		rc = store_trim(st, p->snap.taken_at, why, n);
	if (rc == SQLITE_OK)
		rc = store_exec(st, "COMMIT", why, n);
	if (rc != SQLITE_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		st->inc = before;
		/* the workloads it added are gone with it */
		memset(st->wl_ids, 0, sizeof st->wl_ids);
		return errno_of(rc);
	}
	return 0;
}
