/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recording on disk: an SQLite file, one transaction a picture, the
 * picture's figures in tables that `sqlite3 FILE` can query (schema in
 * ctdash(8)) and the whole picture packed beside them for --replay.
 * Bounded by age and size, thinned with age, incidents kept whole. */
#ifndef CTDASH_RECORD_STORE_H
#define CTDASH_RECORD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "record/picture.h"

#define REC_DEFAULT_MAX_AGE_S (7 * 86400.0)
#define REC_DEFAULT_MAX_BYTES (256ull << 20)
/* The smallest cap that leaves room for the write-ahead log and a picture. */
#define REC_MIN_MAX_BYTES (1ull << 20)

struct rec_limits {
	double max_age_s;     /* pictures older than this go */
	uint64_t max_bytes;   /* the file and its log stay under this */
	unsigned top_rows;    /* rows of each top list in the tables (the
				 packed picture keeps them all) */
};

/* Thinning: every picture for the last FULL_S seconds, then one every
 * TEN_S for a day, then one a minute; around incidents every picture. */
#define REC_FULL_S 600.0
#define REC_DAY_S 86400.0
#define REC_INCIDENT_MARGIN_S 120.0
/* An incident ends when neither drops nor the fill warning were seen for
 * this long. */
#define REC_INCIDENT_QUIET_S 60.0
/* While an incident lasts, the list's sample (a dump of whole entries)
 * is taken this often. */
#define REC_SAMPLE_EVERY_S 30.0
#define REC_SAMPLE_ROWS 1000

struct rec_store;

/* Open (creating it 0600) the recording at path for writing, with the
 * journal's trust rules for the file, its log and its directory. NULL
 * with the reason in why. */
struct rec_store *store_open(const char *path, const struct rec_limits *lim, char *why, size_t n);
void store_close(struct rec_store *st);

/* Write p in one transaction, with the thinning and bounds it is due.
 * 0; -ENOSPC when the disk is full (nothing of p was written); another
 * negative errno otherwise; why says it. */
int store_add(struct rec_store *st, const struct rec_picture *p, char *why, size_t n);

/* Whether an incident is open: the list's sample is then wanted. */
int store_incident_open(const struct rec_store *st);

#endif
