/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recording's tables (documented in ctdash(8), RECORDING). */
#ifndef CTDASH_RECORD_SCHEMA_H
#define CTDASH_RECORD_SCHEMA_H

#include <sqlite3.h>
#include <stddef.h>

/* 1: 0.2.0. 2: the top rows' workloads, per-CPU counters, evictable and
 * pinned; pictures packed as tagged fields (record/pack.h). A file of
 * version 1 is brought to 2 when recorded into again. */
#define REC_SCHEMA_VERSION 2

/* Create what is missing, bring an older version's tables up to this
 * one; refuse a newer version or a file that is not a recording. 0, or
 * -1 with why. */
int schema_create(sqlite3 *db, char *why, size_t n);
/* Whether db is a recording this ctdash reads (its version or an older
 * one): 0, or -1 with why (an empty file says so). */
int schema_check(sqlite3 *db, char *why, size_t n);

#endif
