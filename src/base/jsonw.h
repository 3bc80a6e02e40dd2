/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small streaming JSON writer: it places commas and escapes strings so
 * callers only say what goes where. */
#ifndef CTDASH_JSONW_H
#define CTDASH_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Comma state kept apart for this many depths; deeper ones share one
 * (jsonw.c says why that is exact), so any depth is written right. */
#define JSONW_DEPTH 16

struct jsonw {
	FILE *out;
	unsigned depth;
	bool first[JSONW_DEPTH];
};

void jw_init(struct jsonw *w, FILE *out);
/* key may be NULL inside an array. */
void jw_open(struct jsonw *w, const char *key, char bracket);
void jw_close(struct jsonw *w, char bracket);
void jw_u64(struct jsonw *w, const char *key, uint64_t v);
void jw_i64(struct jsonw *w, const char *key, int64_t v);
/* Finite doubles with the given decimals; NaN/inf become null. */
void jw_num(struct jsonw *w, const char *key, double v, int decimals);
void jw_str(struct jsonw *w, const char *key, const char *v);
void jw_bool(struct jsonw *w, const char *key, bool v);
void jw_null(struct jsonw *w, const char *key);
/* v with the given decimals when it is known (>= 0), else null: ages,
 * times to full and the like use -1 for "unknown". */
void jw_num_known(struct jsonw *w, const char *key, double v, int decimals);
/* An array of n objects under key: put_row writes the members of row i
 * of rows (whatever the caller's rows are), the brackets come from here. */
void jw_rows(struct jsonw *w, const char *key, unsigned n,
	     void (*put_row)(struct jsonw *w, const void *rows, unsigned i), const void *rows);

#endif
