/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The store's insides, shared by its files (store.c opens and closes,
 * store_rows.c writes a picture's rows, store_trim.c thins and bounds). */
#ifndef CTDASH_RECORD_STORE_INT_H
#define CTDASH_RECORD_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "base/siphash.h"
#include "record/store.h"

enum store_stmt {
	ST_PICTURE, ST_STATE, ST_PROTO, ST_COUNTER, ST_CPU, ST_TOP, ST_ADVICE, ST_NS, ST_SAMPLE,
	ST_WL_ADD, ST_WL_ID,
	ST_COUNT
};

struct incident_state {
	sqlite3_int64 id;        /* the open incident, 0 none */
	double last_hot;         /* when drops or the fill warning were last seen */
	double peak_score;
	double last_sample;
	double keep_until;       /* pictures before this stay whole */
};

/* Workload ids written, by a hash of what names the workload: a
 * picture's namespaces ask for theirs every refresh. Direct-mapped; a
 * miss (or a collision, whatever names traffic brings) asks the file. */
#define STORE_WL_CACHE 256
struct wl_id_slot {
	uint64_t hash;
	sqlite3_int64 id;          /* 0: empty */
};

struct rec_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[ST_COUNT];
	struct rec_limits lim;
	int fd;                  /* the file as trusted, held to compare */
	double next_trim;        /* wall clock of the next thinning */
	double thinned_10, thinned_60; /* thinned up to here */
	struct incident_state inc;
	struct wl_id_slot wl_ids[STORE_WL_CACHE];
	struct sipkey wl_key;      /* the hash's, random a store */
};

/* Open path for SQLite after the journal's checks on it, its log and its
 * directory; *fd holds the checked file. 0, or -1 with why. */
int store_trusted_open(const char *path, bool writing, int *fd, sqlite3 **db, char *why, size_t n);
/* Run sql; 0 or the SQLite error code, why filled. */
int store_exec(struct rec_store *st, const char *sql, char *why, size_t n);
/* The rows of one picture (store_rows.c); the SQLite error code. */
int store_rows(struct rec_store *st, const struct rec_picture *p, char *why, size_t n);
struct workload;
/* The id of the workload w in the namespace labelled netns, written to
 * the workload table the first time (store_workload.c): > 0, or the
 * negated SQLite error code. */
sqlite3_int64 store_workload_id(struct rec_store *st, const struct workload *w, const char *netns);
/* Thin, drop by age, bound by size (store_trim.c), at now. */
int store_trim(struct rec_store *st, double now, char *why, size_t n);
/* The sentence for SQLite error rc. */
void store_say(struct rec_store *st, int rc, const char *doing, char *why, size_t n);

#endif
