/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/churncount.h"

#include <string.h>
#include <sys/socket.h>

void churncount_init(struct churncount *cc)
{
	memset(cc, 0, sizeof *cc);
	sipkey_random(&cc->seed);
}

void churncount_reset(struct churncount *cc)
{
	struct sipkey seed = cc->seed;
	memset(cc, 0, sizeof *cc);
	cc->seed = seed;
}

static size_t addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static unsigned bucket_of(const struct churncount *cc, int family, const uint8_t *addr)
{
	uint8_t key[17];
	key[0] = (uint8_t)family;
	memcpy(key + 1, addr, addr_len(family));
	return (unsigned)siphash24(&cc->seed, key, 1 + addr_len(family)) & (CHURN_HASH - 1);
}

static bool same(const struct churn_slot *s, int family, const uint8_t *addr)
{
	return s->family == family && memcmp(s->addr, addr, addr_len(family)) == 0;
}

/* The bucket holding addr, or the empty one where it would go. */
static unsigned probe(const struct churncount *cc, int family, const uint8_t *addr)
{
	unsigned b = bucket_of(cc, family, addr);
	while (cc->hash[b] && !same(&cc->slot[cc->hash[b] - 1], family, addr))
		b = (b + 1) & (CHURN_HASH - 1);
	return b;
}

/* Take the slot's key out of the lookup (backward-shift deletion, so no
 * tombstone ever fills the table). */
static void unhash(struct churncount *cc, int idx)
{
	const struct churn_slot *s = &cc->slot[idx];
	unsigned b = probe(cc, s->family, s->addr);
	cc->hash[b] = 0;
	for (unsigned next = (b + 1) & (CHURN_HASH - 1); cc->hash[next];
	     next = (next + 1) & (CHURN_HASH - 1)) {
		const struct churn_slot *o = &cc->slot[cc->hash[next] - 1];
		unsigned home = bucket_of(cc, o->family, o->addr);
		/* moves back to b unless its home lies cyclically in (b, next] */
		bool stays = b <= next ? (home > b && home <= next) : (home > b || home <= next);
		if (!stays) {
			cc->hash[b] = cc->hash[next];
			cc->hash[next] = 0;
			b = next;
		}
	}
}

void churncount_add(struct churncount *cc, int family, const uint8_t *addr, uint32_t weight)
{
	if (family != AF_INET && family != AF_INET6)
		return;
	cc->total += weight;
	unsigned b = probe(cc, family, addr);
	if (cc->hash[b]) {
		cc->slot[cc->hash[b] - 1].count += weight;
		return;
	}
	int idx;
	uint64_t inherited = 0;
	if (cc->used < CHURN_SLOTS) {
		idx = (int)cc->used++;
	} else {
		/* the least counted gives its slot up; the newcomer inherits
		 * its count as the bound of its error */
		idx = 0;
		for (int i = 1; i < CHURN_SLOTS; i++)
			if (cc->slot[i].count < cc->slot[idx].count)
				idx = i;
		inherited = cc->slot[idx].count;
		unhash(cc, idx);
		b = probe(cc, family, addr);
	}
	struct churn_slot *s = &cc->slot[idx];
	memset(s, 0, sizeof *s);
	s->family = (uint8_t)family;
	memcpy(s->addr, addr, addr_len(family));
	s->count = inherited + weight;
	s->error = inherited;
	cc->hash[b] = (int8_t)(idx + 1);
}

const struct churn_slot *churncount_top(const struct churncount *cc)
{
	const struct churn_slot *top = NULL;
	for (unsigned i = 0; i < cc->used; i++)
		if (!top || cc->slot[i].count > top->count)
			top = &cc->slot[i];
	return top;
}
