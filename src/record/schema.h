/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recording's tables (documented in ctdash(8), RECORDING). */
#ifndef CTDASH_RECORD_SCHEMA_H
#define CTDASH_RECORD_SCHEMA_H

#include <sqlite3.h>
#include <stddef.h>

#define REC_SCHEMA_VERSION 1

/* Create what is missing; refuse a file of another schema version or
 * one that is not a recording. 0, or -1 with why. */
int schema_create(sqlite3 *db, char *why, size_t n);
/* Whether db is a recording of this version: 0, or -1 with why (an
 * empty file says so). */
int schema_check(sqlite3 *db, char *why, size_t n);

#endif
