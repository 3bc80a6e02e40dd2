/* Exact per-source counts, for the top-N source addresses. Memory grows
 * with the number of distinct sources, never with the number of entries. */
#ifndef CTDASH_TOPSRC_H
#define CTDASH_TOPSRC_H

#include <stdint.h>

#include "model/model.h"

struct v4slot;
struct v6slot;

struct topsrc {
	struct v4slot *v4;
	struct v6slot *v6;
	unsigned v4_bits, v6_bits;  /* log2 of capacity; 0 = not allocated */
	uint64_t v4_used, v6_used;
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
