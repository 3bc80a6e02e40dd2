/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exact counts per 32-bit key (an IPv4 address, a protocol and port), in
 * an open-addressing table: memory grows with the number of distinct keys,
 * never with the number of entries counted. */
#ifndef CTDASH_KEYCOUNT_H
#define CTDASH_KEYCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "base/siphash.h"

/* A count of 0 marks an empty slot, which is why counts only grow. */
struct kslot {
	uint32_t key;
	uint32_t count;
};

struct keycount {
	struct kslot *tab;
	unsigned bits;  /* log2 of capacity; 0 = not allocated */
	uint64_t used;  /* distinct keys */
	struct sipkey seed; /* this table's own: traffic chooses the keys */
};

void keycount_init(struct keycount *kc);
/* Forget all counts, keeping the memory for the next dump unless the last
 * one used a small part of a big table. */
void keycount_reset(struct keycount *kc);
void keycount_free(struct keycount *kc);
/* Count key once. -1 when out of memory. */
int keycount_add(struct keycount *kc, uint32_t key);
/* Slots to walk (those with count 0 are empty). */
static inline size_t keycount_capacity(const struct keycount *kc)
{
	return kc->tab ? (size_t)1 << kc->bits : 0;
}

#endif
