/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event engine's index of live entries, keyed by the kernel's entry
 * id (CTA_ID). An update event carries an entry's new TCP state and
 * status but not the old ones; to move the entry between counts the old
 * ones are looked up here. So a record holds only that: no tuple, 16 bytes
 * an entry (32 MiB of table at a million entries, at most 3/4 full). */
#ifndef CTDASH_CTINDEX_H
#define CTDASH_CTINDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "base/siphash.h"

/* ct_rec.flags bits */
#define CTR_ASSURED   0x1u
#define CTR_UNREPLIED 0x2u /* no reply seen yet (!IPS_SEEN_REPLY) */
#define CTR_IPV6      0x4u
#define CTR_PORT      0x8u /* dport is the destination port */

/* ct_rec.state values past the TCP states (enum ct_tcp_state) */
#define CTR_EXPIRED   13u  /* its timer ran out; not counted, awaiting the kernel's DESTROY */
#define CTR_NO_STATE  14u  /* the entry has no TCP state */
#define CTR_EMPTY     15u  /* an unused slot of the table, never an entry */

#define CTR_NO_SLOT UINT32_MAX /* src or dst not known */

struct ct_rec {
	uint32_t id;
	uint32_t src, dst;  /* slots in the event engine's address tables */
	uint16_t dport;     /* host order, when CTR_PORT */
	uint8_t l4proto;
	uint8_t state : 4;  /* enum ct_tcp_state, CTR_EXPIRED, CTR_NO_STATE or CTR_EMPTY */
	uint8_t flags : 4;  /* CTR_* */
};

struct ctindex {
	struct ct_rec *slot;
	unsigned bits;      /* log2 of capacity; 0: nothing allocated */
	uint64_t used;
	struct sipkey seed; /* the hash's key, this table's own */
};

void ctindex_init(struct ctindex *ix);
void ctindex_free(struct ctindex *ix);
/* Forget every entry, keeping memory sized for about as many again. */
void ctindex_reset(struct ctindex *ix);
/* Room for n records without growing: a resync sizes the index for the
 * table once, instead of doubling it a dozen times while the dump streams.
 * 0, or -1 when out of memory (the index is as it was). */
int ctindex_reserve(struct ctindex *ix, uint64_t n);
/* The record for id, or NULL. */
struct ct_rec *ctindex_find(const struct ctindex *ix, uint32_t id);
/* The record for id, made when absent (*made set, id filled, state
 * CTR_NO_STATE, the rest zero); NULL when out of memory. Any record pointer held before is
 * invalid after an insert. */
struct ct_rec *ctindex_insert(struct ctindex *ix, uint32_t id, bool *made);
/* Remove the record (a pointer from find or insert). */
void ctindex_remove(struct ctindex *ix, struct ct_rec *r);
/* Smaller again when at most a sixteenth full (the burst is gone):
 * true when it shrank. Record pointers held before are invalid. */
bool ctindex_shrink(struct ctindex *ix);
/* Bytes held by the table. */
uint64_t ctindex_bytes(const struct ctindex *ix);

#endif
