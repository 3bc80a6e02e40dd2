/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exact per-source counts, for the top-N source addresses. Memory grows
 * with the number of distinct sources, never with the number of entries. */
#ifndef CTDASH_TOPSRC_H
#define CTDASH_TOPSRC_H

#include <stdint.h>

#include "model/model.h"
#include "collect/keycount.h"

struct v6slot;

/* Used for sources and destinations alike: it counts addresses. */
struct topsrc {
	struct keycount v4;
	struct v6slot *v6;
	unsigned v6_bits;  /* log2 of capacity; 0 = not allocated */
	uint64_t v6_used;
	struct sipkey v6_seed;
};

void topsrc_init(struct topsrc *ts);
/* Forget all counts, keeping (or trimming) the memory for the next dump. */
void topsrc_reset(struct topsrc *ts);
void topsrc_free(struct topsrc *ts);
/* Count one entry from addr (network order). -1 when out of memory. */
int topsrc_add(struct topsrc *ts, int family, const uint8_t *addr);
uint64_t topsrc_distinct(const struct topsrc *ts);
/* The n largest counts, largest first; equal counts by address order,
 * IPv4 before IPv6. Returns how many were written (≤ n). */
unsigned topsrc_top(const struct topsrc *ts, struct ct_source *out, unsigned n);

#endif
