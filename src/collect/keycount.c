/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One cache line a lookup, linear probes kept short by a load under one
 * half and by a keyed hash: an attacker who cannot compute the slots
 * cannot build one long run of them. */
#include "collect/keycount.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define INITIAL_BITS 10
/* After a dump that used less than 1/16 of a big table, give memory back. */
#define TRIM_BITS 16

void keycount_init(struct keycount *kc)
{
	memset(kc, 0, sizeof *kc);
	sipkey_random(&kc->seed);
}

void keycount_free(struct keycount *kc)
{
	free(kc->tab);
	kc->tab = NULL;
	kc->bits = 0;
	kc->used = 0;
}

void keycount_reset(struct keycount *kc)
{
	if (kc->bits > TRIM_BITS && kc->used < ((uint64_t)1 << kc->bits) / 16) {
		keycount_free(kc);
		return;
	}
	if (kc->tab)
		memset(kc->tab, 0, sizeof *kc->tab << kc->bits);
	kc->used = 0;
}

static struct kslot *find(const struct sipkey *seed, struct kslot *tab, unsigned bits,
			  uint32_t key)
{
	uint32_t mask = ((uint32_t)1 << bits) - 1;
	for (uint32_t i = (uint32_t)siphash24(seed, &key, sizeof key) & mask;; i = (i + 1) & mask)
		if (tab[i].count == 0 || tab[i].key == key)
			return &tab[i];
}

static int grow(struct keycount *kc)
{
	unsigned bits = kc->bits ? kc->bits + 1 : INITIAL_BITS;
	struct kslot *tab = calloc((size_t)1 << bits, sizeof *tab);
	if (!tab)
		return -1;
	for (size_t i = 0; i < keycount_capacity(kc); i++)
		if (kc->tab[i].count)
			*find(&kc->seed, tab, bits, kc->tab[i].key) = kc->tab[i];
	free(kc->tab);
	kc->tab = tab;
	kc->bits = bits;
	return 0;
}

int keycount_add(struct keycount *kc, uint32_t key)
{
	struct kslot *s = kc->tab ? find(&kc->seed, kc->tab, kc->bits, key) : NULL;
	if (!s || s->count == 0) {
		if (kc->bits == 0 || (kc->used + 1) * 2 > ((uint64_t)1 << kc->bits)) {
			if (grow(kc) < 0)
				return -1;
		}
		s = find(&kc->seed, kc->tab, kc->bits, key);
		s->key = key;
		kc->used++;
	}
	s->count++;
	return 0;
}
