/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ordering entries for the list (--sort, the screen's sort column) and
 * keeping only the first K of a dump in that order: a bounded heap, so a
 * million entries stream through in K rows of memory. */
#ifndef CTDASH_ROWSORT_H
#define CTDASH_ROWSORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/entry.h"

enum sort_key {
	SK_ID, SK_L3, SK_L4, SK_STATE, SK_TIMEOUT,
	SK_SRC, SK_DST, SK_SPORT, SK_DPORT,
	SK_REPLY_SRC, SK_REPLY_DST, SK_REPLY_SPORT, SK_REPLY_DPORT,
	SK_MARK, SK_ZONE, SK_BYTES, SK_PACKETS, SK_REPLY_BYTES, SK_REPLY_PACKETS,
	SK_COUNT
};

#define SORT_KEYS_MAX 8

struct sort_spec {
	uint8_t key[SORT_KEYS_MAX];
	bool desc[SORT_KEYS_MAX];
	unsigned n;   /* 0: the dump's own order */
};

/* The --json key a sort key is named by ("timeout", "reply_src", ...). */
const char *sort_key_name(enum sort_key k);
/* "KEY[,KEY]...", each with an optional leading '-' (descending).
 * 0, or -1 with a reason in err. */
int sort_parse(const char *text, struct sort_spec *s, char *err, size_t errlen);
/* <0 when a comes first. Entries equal on every key are ordered by id,
 * so the order is total and the same from run to run. */
int sort_compare(const struct sort_spec *s, const struct ct_entry *a, const struct ct_entry *b);

struct rowheap {
	struct ct_entry *row;
	size_t n, cap;
	size_t limit;              /* 0: keep every row */
	const struct sort_spec *spec;
	uint64_t offered;          /* rows offered since the last reset */
};

/* spec must outlive the heap. */
void rowheap_init(struct rowheap *h, size_t limit, const struct sort_spec *spec);
void rowheap_reset(struct rowheap *h);
void rowheap_free(struct rowheap *h);
/* Keep e if it is among the first limit rows so far. -1 out of memory. */
int rowheap_offer(struct rowheap *h, const struct ct_entry *e);
/* Put the kept rows in order (row[0] first); the heap must then be reset
 * before more rows are offered. */
void rowheap_finish(struct rowheap *h);

#endif
