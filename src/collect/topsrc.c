/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Two open-addressing tables, one per family, so the common IPv4 case
 * costs 8 bytes a source and one cache line a lookup (keycount.c). A count
 * of 0 marks an empty slot, which is why counts are never decremented.
 * Both hash with a key of their own (SipHash): traffic chooses the
 * addresses, and 150,000 IPv6 sources of one /64 built to collide under
 * the unkeyed hash made one dump take 40 s. */
#include "collect/topsrc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct v6slot {
	uint8_t addr[16];
	uint64_t count;
};

#define INITIAL_BITS 10
/* After a dump that used less than 1/16 of a big table, give memory back. */
#define TRIM_BITS 16

void topsrc_init(struct topsrc *ts)
{
	memset(ts, 0, sizeof *ts);
	keycount_init(&ts->v4);
	sipkey_random(&ts->v6_seed);
}

void topsrc_free(struct topsrc *ts)
{
	keycount_free(&ts->v4);
	free(ts->v6);
	topsrc_init(ts);
}

static void reset_v6(struct topsrc *ts)
{
	if (ts->v6_bits > TRIM_BITS && ts->v6_used < ((uint64_t)1 << ts->v6_bits) / 16) {
		free(ts->v6);
		ts->v6 = NULL;
		ts->v6_bits = 0;
	} else if (ts->v6) {
		memset(ts->v6, 0, sizeof *ts->v6 << ts->v6_bits);
	}
	ts->v6_used = 0;
}

void topsrc_reset(struct topsrc *ts)
{
	keycount_reset(&ts->v4);
	reset_v6(ts);
}

uint64_t topsrc_distinct(const struct topsrc *ts)
{
	return ts->v4.used + ts->v6_used;
}

static struct v6slot *find_v6(const struct sipkey *seed, struct v6slot *tab, unsigned bits,
			      const uint8_t *addr)
{
	uint32_t mask = ((uint32_t)1 << bits) - 1;
	for (uint32_t i = (uint32_t)siphash24(seed, addr, 16) & mask;; i = (i + 1) & mask)
		if (tab[i].count == 0 || memcmp(tab[i].addr, addr, 16) == 0)
			return &tab[i];
}

static int grow_v6(struct topsrc *ts)
{
	unsigned bits = ts->v6_bits ? ts->v6_bits + 1 : INITIAL_BITS;
	struct v6slot *tab = calloc((size_t)1 << bits, sizeof *tab);
	if (!tab)
		return -1;
	for (size_t i = 0; ts->v6 && i < (size_t)1 << ts->v6_bits; i++)
		if (ts->v6[i].count)
			*find_v6(&ts->v6_seed, tab, bits, ts->v6[i].addr) = ts->v6[i];
	free(ts->v6);
	ts->v6 = tab;
	ts->v6_bits = bits;
	return 0;
}

/* Keep the load under one half so linear probes stay short. */
static bool needs_room(uint64_t used, unsigned bits)
{
	return bits == 0 || (used + 1) * 2 > ((uint64_t)1 << bits);
}

int topsrc_add(struct topsrc *ts, int family, const uint8_t *addr)
{
	if (family == AF_INET) {
		uint32_t key;
		memcpy(&key, addr, 4);
		return keycount_add(&ts->v4, key);
	}
	struct v6slot *s = ts->v6 ? find_v6(&ts->v6_seed, ts->v6, ts->v6_bits, addr) : NULL;
	if (!s || s->count == 0) {
		if (needs_room(ts->v6_used, ts->v6_bits)) {
			if (grow_v6(ts) < 0)
				return -1;
		}
		s = find_v6(&ts->v6_seed, ts->v6, ts->v6_bits, addr);
		memcpy(s->addr, addr, 16);
		ts->v6_used++;
	}
	s->count++;
	return 0;
}

/* "a ranks before b": more entries first, then IPv4, then lower address. */
static bool ranks_before(const struct ct_source *a, const struct ct_source *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	if (a->family != b->family)
		return a->family == AF_INET;
	return memcmp(a->addr, b->addr, 16) < 0;
}

/* A heap whose root is the weakest of the n kept so far. */
static void sift_down(struct ct_source *h, unsigned n, unsigned i)
{
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, w = i;
		if (l < n && ranks_before(&h[w], &h[l]))
			w = l;
		if (r < n && ranks_before(&h[w], &h[r]))
			w = r;
		if (w == i)
			return;
		struct ct_source tmp = h[i];
		h[i] = h[w];
		h[w] = tmp;
		i = w;
	}
}

static void sift_up(struct ct_source *h, unsigned i)
{
	while (i > 0) {
		unsigned p = (i - 1) / 2;
		if (!ranks_before(&h[p], &h[i]))
			return;
		struct ct_source tmp = h[i];
		h[i] = h[p];
		h[p] = tmp;
		i = p;
	}
}

static void offer(struct ct_source *h, unsigned *len, unsigned n, const struct ct_source *c)
{
	if (*len < n) {
		h[*len] = *c;
		sift_up(h, (*len)++);
	} else if (ranks_before(c, &h[0])) {
		h[0] = *c;
		sift_down(h, n, 0);
	}
}

static int cmp_rank(const void *a, const void *b)
{
	return ranks_before(a, b) ? -1 : ranks_before(b, a) ? 1 : 0;
}

unsigned topsrc_top(const struct topsrc *ts, struct ct_source *out, unsigned n)
{
	unsigned len = 0;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < keycount_capacity(&ts->v4); i++) {
		const struct kslot *k = &ts->v4.tab[i];
		if (!k->count)
			continue;
		struct ct_source c = { .family = AF_INET, .count = k->count };
		memcpy(c.addr, &k->key, 4);
		offer(out, &len, n, &c);
	}
	for (size_t i = 0; ts->v6 && i < (size_t)1 << ts->v6_bits; i++) {
		if (!ts->v6[i].count)
			continue;
		struct ct_source c = { .family = AF_INET6, .count = ts->v6[i].count };
		memcpy(c.addr, ts->v6[i].addr, 16);
		offer(out, &len, n, &c);
	}
	qsort(out, len, sizeof *out, cmp_rank);
	return len;
}
