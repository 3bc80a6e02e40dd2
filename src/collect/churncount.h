/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The source making most new entries in one namespace, from its NEW
 * events, in fixed memory: the Space-Saving heavy-hitter summary (Metwally,
 * Agrawal, El Abbadi) of CHURN_SLOTS counters. Sources are attacker-chosen
 * (a spoofed flood brings a new one per packet), so the table never grows,
 * and its lookup is keyed (base/siphash.c): nobody can aim sources at one
 * probe run. A source making more than 1/CHURN_SLOTS of the new entries
 * is always kept, its count over by at most its slot's error. */
#ifndef CTDASH_CHURNCOUNT_H
#define CTDASH_CHURNCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/siphash.h"

#define CHURN_SLOTS 32
#define CHURN_HASH 64 /* lookup buckets: a power of two, > CHURN_SLOTS */

struct churn_slot {
	uint8_t family;        /* AF_INET, AF_INET6; 0 unused */
	uint8_t addr[16];      /* network order; IPv4 in the first 4 bytes */
	uint64_t count;        /* new entries counted for it (weighted) */
	uint64_t error;        /* what it may have inherited from the one it replaced */
};

struct churncount {
	struct churn_slot slot[CHURN_SLOTS];
	int8_t hash[CHURN_HASH]; /* slot index + 1 per bucket, linear probing; 0 empty */
	unsigned used;
	uint64_t total;          /* new entries counted (weighted) */
	struct sipkey seed;
};

void churncount_init(struct churncount *cc);
/* Forget the counts; the key stays. */
void churncount_reset(struct churncount *cc);
/* Count weight new entries from addr (4 or 16 bytes by family). */
void churncount_add(struct churncount *cc, int family, const uint8_t *addr, uint32_t weight);
/* The slot counting most, or NULL when nothing was counted. */
const struct churn_slot *churncount_top(const struct churncount *cc);

#endif
