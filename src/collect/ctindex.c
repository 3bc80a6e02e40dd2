/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Open addressing with linear probing, and deletion by shifting the rest
 * of the run back: no tombstones, so a table that churns all day stays as
 * fast as a fresh one. */
#include "collect/ctindex.h"

#include <stdlib.h>
#include <string.h>

#define MIN_BITS 10

_Static_assert(sizeof(struct ct_rec) == 16, "an index record is 16 bytes");

void ctindex_init(struct ctindex *ix)
{
	memset(ix, 0, sizeof *ix);
	sipkey_random(&ix->seed);
}

void ctindex_free(struct ctindex *ix)
{
	free(ix->slot);
	ctindex_init(ix);
}

static uint64_t capacity(const struct ctindex *ix)
{
	return ix->bits ? (uint64_t)1 << ix->bits : 0;
}

/* The fewest bits whose table holds n records at most 3/4 full. */
static unsigned bits_for(uint64_t n)
{
	unsigned bits = MIN_BITS;
	while (bits < 31 && ((uint64_t)1 << bits) * 3 / 4 < n)
		bits++;
	return bits;
}

/* Ids are the kernel's siphash of the entry, but a forged datagram or
 * a future kernel's could be chosen to collide: hash them with a key of
 * this table's own. */
static uint64_t home(const struct ctindex *ix, uint32_t id)
{
	return siphash24(&ix->seed, &id, sizeof id) & (capacity(ix) - 1);
}

static void mark_all_empty(struct ct_rec *slot, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		slot[i] = (struct ct_rec){ .state = CTR_EMPTY };
}

static int grow_to(struct ctindex *ix, unsigned bits)
{
	struct ct_rec *fresh = malloc(sizeof *fresh << bits);
	if (!fresh)
		return -1;
	mark_all_empty(fresh, (uint64_t)1 << bits);
	struct ct_rec *old = ix->slot;
	uint64_t oldcap = capacity(ix);
	ix->slot = fresh;
	ix->bits = bits;
	uint64_t mask = capacity(ix) - 1;
	for (uint64_t i = 0; i < oldcap; i++) {
		if (old[i].state == CTR_EMPTY)
			continue;
		uint64_t j = home(ix, old[i].id);
		while (fresh[j].state != CTR_EMPTY)
			j = (j + 1) & mask;
		fresh[j] = old[i];
	}
	free(old);
	return 0;
}

void ctindex_reset(struct ctindex *ix)
{
	/* keep room for as many entries as last time, no more than twice */
	unsigned want = bits_for(ix->used * 2);
	if (ix->bits > want + 1) {
		free(ix->slot);
		ix->slot = NULL;
		ix->bits = 0;
	}
	mark_all_empty(ix->slot, capacity(ix));
	ix->used = 0;
}

int ctindex_reserve(struct ctindex *ix, uint64_t n)
{
	unsigned bits = bits_for(n);
	return bits > ix->bits ? grow_to(ix, bits) : 0;
}

struct ct_rec *ctindex_find(const struct ctindex *ix, uint32_t id)
{
	if (!ix->used)
		return NULL;
	uint64_t mask = capacity(ix) - 1;
	for (uint64_t j = home(ix, id);; j = (j + 1) & mask) {
		struct ct_rec *r = &ix->slot[j];
		if (r->state == CTR_EMPTY)
			return NULL;
		if (r->id == id)
			return r;
	}
}

struct ct_rec *ctindex_insert(struct ctindex *ix, uint32_t id, bool *made)
{
	*made = false;
	struct ct_rec *r = ctindex_find(ix, id);
	if (r)
		return r;
	if ((ix->used + 1) * 4 > capacity(ix) * 3 &&
	    grow_to(ix, ix->bits ? ix->bits + 1 : MIN_BITS) < 0)
		return NULL;
	uint64_t mask = capacity(ix) - 1;
	uint64_t j = home(ix, id);
	while (ix->slot[j].state != CTR_EMPTY)
		j = (j + 1) & mask;
	ix->slot[j] = (struct ct_rec){ .id = id, .src = CTR_NO_SLOT, .dst = CTR_NO_SLOT,
				       .state = CTR_NO_STATE };
	ix->used++;
	*made = true;
	return &ix->slot[j];
}

void ctindex_remove(struct ctindex *ix, struct ct_rec *r)
{
	uint64_t mask = capacity(ix) - 1;
	uint64_t hole = (uint64_t)(r - ix->slot);
	/* pull back every later record of the run whose home is not
	 * between the hole and it (cyclically) */
	for (uint64_t j = (hole + 1) & mask; ix->slot[j].state != CTR_EMPTY; j = (j + 1) & mask) {
		uint64_t h = home(ix, ix->slot[j].id);
		bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
		if (stays)
			continue;
		ix->slot[hole] = ix->slot[j];
		hole = j;
	}
	ix->slot[hole] = (struct ct_rec){ .state = CTR_EMPTY };
	ix->used--;
}

bool ctindex_shrink(struct ctindex *ix)
{
	unsigned want = bits_for(ix->used * 2);
	if (ix->bits < want + 4)
		return false;
	return grow_to(ix, want) == 0;
}

uint64_t ctindex_bytes(const struct ctindex *ix)
{
	return capacity(ix) * sizeof(struct ct_rec);
}
