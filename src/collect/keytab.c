/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/keytab.h"

#include <stdlib.h>
#include <string.h>

#include "collect/ctindex.h"

_Static_assert(sizeof(struct ct_key) == 20, "a key has no padding: it is hashed and compared whole");

static const double window_s[2] = { 10.0, 60.0 };

/* slots allocated at least, and below which a table is never packed */
#define KEYTAB_MIN_CAP 256
/* idle keys kept for their rates whatever the live table */
#define KEYTAB_IDLE_MIN 4096

void keytab_init(struct keytab *kt, double now_s)
{
	memset(kt, 0, sizeof *kt);
	sipkey_random(&kt->seed);
	kt->started = now_s;
	kt->mark_at = now_s;
}

void keytab_free(struct keytab *kt)
{
	free(kt->slot);
	free(kt->free);
	free(kt->hash);
	memset(kt, 0, sizeof *kt);
}

/* Keyed: remote traffic chooses the addresses and ports. */
static uint64_t key_hash(const struct keytab *kt, const struct ct_key *k)
{
	return siphash24(&kt->seed, k, sizeof *k);
}

static uint64_t hmask(const struct keytab *kt)
{
	return ((uint64_t)1 << kt->hbits) - 1;
}

static uint64_t key_home(const struct keytab *kt, const struct ct_key *k)
{
	return key_hash(kt, k) & hmask(kt);
}

uint32_t keytab_find(const struct keytab *kt, const struct ct_key *key)
{
	if (!kt->hbits)
		return CTR_NO_SLOT;
	for (uint64_t j = key_home(kt, key);; j = (j + 1) & hmask(kt)) {
		uint32_t v = kt->hash[j];
		if (v == 0)
			return CTR_NO_SLOT;
		if (memcmp(&kt->slot[v - 1].key, key, sizeof *key) == 0)
			return v - 1;
	}
}

static void hash_put(struct keytab *kt, uint32_t slot)
{
	uint64_t j = key_home(kt, &kt->slot[slot].key);
	while (kt->hash[j] != 0)
		j = (j + 1) & hmask(kt);
	kt->hash[j] = slot + 1;
}

static int hash_grow(struct keytab *kt)
{
	unsigned bits = kt->hbits ? kt->hbits + 1 : 8;
	uint32_t *fresh = calloc((size_t)1 << bits, sizeof *fresh);
	if (!fresh)
		return -1;
	free(kt->hash);
	kt->hash = fresh;
	kt->hbits = bits;
	for (uint32_t i = 0; i < kt->nslot; i++)
		if (kt->slot[i].used)
			hash_put(kt, i);
	return 0;
}

static uint32_t new_slot(struct keytab *kt)
{
	if (kt->nfree > 0)
		return kt->free[--kt->nfree];
	if (kt->nslot == kt->cap) {
		uint32_t cap = kt->cap ? kt->cap * 2 : 256;
		if (cap <= kt->cap)
			return CTR_NO_SLOT;
		struct keyslot *s = realloc(kt->slot, (size_t)cap * sizeof *s);
		if (!s)
			return CTR_NO_SLOT;
		uint32_t *f = realloc(kt->free, (size_t)cap * sizeof *f);
		if (!f) {
			kt->slot = s;
			return CTR_NO_SLOT;
		}
		kt->slot = s;
		kt->free = f;
		kt->cap = cap;
	}
	return kt->nslot++;
}

uint32_t keytab_slot(struct keytab *kt, const struct ct_key *key)
{
	uint32_t found = keytab_find(kt, key);
	if (found != CTR_NO_SLOT)
		return found;
	if ((kt->live + 1) * 4 > (kt->hbits ? hmask(kt) + 1 : 0) * 3 && hash_grow(kt) < 0)
		return CTR_NO_SLOT;
	uint32_t s = new_slot(kt);
	if (s == CTR_NO_SLOT)
		return s;
	kt->slot[s] = (struct keyslot){ .key = *key, .used = true };
	hash_put(kt, s);
	kt->live++;
	return s;
}

void keytab_count_new(struct keytab *kt, uint32_t slot)
{
	keytab_count_new_n(kt, slot, 1);
}

void keytab_count_new_n(struct keytab *kt, uint32_t slot, uint32_t n)
{
	struct keyslot *s = &kt->slot[slot];
	s->new_cur[0] += n;
	s->new_cur[1] += n;
	s->new_mark += n;
}

void keytab_clear_held(struct keytab *kt)
{
	for (uint32_t i = 0; i < kt->nslot; i++)
		kt->slot[i].held = 0;
}

/* Take slot i out of the hash, shifting its run back over the hole. */
static void release(struct keytab *kt, uint32_t i)
{
	uint64_t mask = hmask(kt);
	uint64_t hole = key_home(kt, &kt->slot[i].key);
	while (kt->hash[hole] != i + 1)
		hole = (hole + 1) & mask;
	for (uint64_t j = (hole + 1) & mask; kt->hash[j] != 0; j = (j + 1) & mask) {
		uint64_t h = key_home(kt, &kt->slot[kt->hash[j] - 1].key);
		bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
		if (stays)
			continue;
		kt->hash[hole] = kt->hash[j];
		hole = j;
	}
	kt->hash[hole] = 0;
	kt->slot[i].used = false;
	kt->free[kt->nfree++] = i;
	kt->live--;
}

/* Nothing holds it and its windows are empty: its slot can go. The
 * count since the mark matters only when there is a mark (--interval);
 * without one it was never read, and it kept every key ever seen. */
static bool idle(const struct keytab *kt, const struct keyslot *s)
{
	return s->held == 0 && s->new_cur[0] == 0 && s->new_prev[0] == 0 &&
	       s->new_cur[1] == 0 && s->new_prev[1] == 0 && (!kt->marked || s->new_mark == 0);
}

/* Without a mark, idle keys are remembered only for their windowed
 * rates: at most as many as keys in use (at least KEYTAB_IDLE_MIN). Past
 * that, those with the fewest new entries in the last minute go first, so
 * a burst of a million sources that are gone does not stay in memory for
 * two minutes, and the top lists keep the keys that count. */
static void trim_idle(struct keytab *kt)
{
	if (kt->marked)
		return;
	uint64_t held = 0;
	for (uint32_t i = 0; i < kt->nslot; i++)
		held += kt->slot[i].used && kt->slot[i].held > 0;
	uint64_t idle_n = kt->live - held;
	uint64_t bound = held > KEYTAB_IDLE_MIN ? held : KEYTAB_IDLE_MIN;
	for (uint64_t most = 0; idle_n > bound && most <= UINT32_MAX * 2ull; most = most ? most * 2 : 1)
		for (uint32_t i = 0; i < kt->nslot && idle_n > bound; i++) {
			const struct keyslot *s = &kt->slot[i];
			if (s->used && s->held == 0 && (uint64_t)s->new_cur[1] + s->new_prev[1] <= most) {
				release(kt, i);
				idle_n--;
			}
		}
}

void keytab_tick(struct keytab *kt, double now_s)
{
	trim_idle(kt);
	bool moved = false;
	for (int w = 0; w < 2; w++) {
		uint64_t epoch = now_s > kt->started ? (uint64_t)((now_s - kt->started) / window_s[w]) : 0;
		if (epoch == kt->epoch[w])
			continue;
		bool next = epoch == kt->epoch[w] + 1;
		for (uint32_t i = 0; i < kt->nslot; i++) {
			struct keyslot *s = &kt->slot[i];
			s->new_prev[w] = next ? s->new_cur[w] : 0;
			s->new_cur[w] = 0;
		}
		kt->epoch[w] = epoch;
		moved = true;
	}
	if (!moved)
		return;
	for (uint32_t i = 0; i < kt->nslot; i++)
		if (kt->slot[i].used && idle(kt, &kt->slot[i]))
			release(kt, i);
}

void keytab_mark(struct keytab *kt, double now_s)
{
	for (uint32_t i = 0; i < kt->nslot; i++)
		kt->slot[i].new_mark = 0;
	kt->mark_at = now_s;
	kt->marked = true;
}

bool keytab_sparse(const struct keytab *kt)
{
	return kt->cap > KEYTAB_MIN_CAP && kt->live * 4 < kt->cap;
}

/* The fewest hash bits (at least 8) that keep n keys at most 3/4 full,
 * with room to double before growing. */
static unsigned hash_bits_for(uint64_t n)
{
	unsigned bits = 8;
	while (((uint64_t)1 << bits) * 3 < n * 2 * 4)
		bits++;
	return bits;
}

int keytab_compact(struct keytab *kt, uint32_t **remap)
{
	uint32_t cap = KEYTAB_MIN_CAP;
	while (cap < kt->live * 2)
		cap *= 2;
	unsigned bits = hash_bits_for(kt->live);
	struct keyslot *slot = malloc((size_t)cap * sizeof *slot);
	uint32_t *free_list = malloc((size_t)cap * sizeof *free_list);
	uint32_t *hash = calloc((size_t)1 << bits, sizeof *hash);
	uint32_t *map = remap ? malloc(((size_t)kt->nslot + 1) * sizeof *map) : NULL;
	if (!slot || !free_list || !hash || (remap && !map)) {
		free(slot);
		free(free_list);
		free(hash);
		free(map);
		return -1;
	}
	uint32_t n = 0;
	for (uint32_t i = 0; i < kt->nslot; i++) {
		if (map)
			map[i] = kt->slot[i].used ? n : CTR_NO_SLOT;
		if (kt->slot[i].used)
			slot[n++] = kt->slot[i];
	}
	free(kt->slot);
	free(kt->free);
	free(kt->hash);
	kt->slot = slot;
	kt->free = free_list;
	kt->hash = hash;
	kt->cap = cap;
	kt->nslot = n;
	kt->nfree = 0;
	kt->hbits = bits;
	for (uint32_t i = 0; i < n; i++)
		hash_put(kt, i);
	if (remap)
		*remap = map;
	return 0;
}

double keytab_rate(const struct keytab *kt, const struct keyslot *s, enum keytab_window w,
		   double now_s)
{
	if (w == KT_MARK) {
		double span = now_s - kt->mark_at;
		return span > 0 ? s->new_mark / span : 0.0;
	}
	double len = window_s[w];
	double into = now_s - kt->started - (double)kt->epoch[w] * len;
	if (into < 0)
		into = 0;
	if (kt->epoch[w] == 0) /* not one whole window seen yet */
		return into > 1.0 ? s->new_cur[w] / into : s->new_cur[w];
	double frac = into < len ? into / len : 1.0;
	return (s->new_prev[w] * (1.0 - frac) + s->new_cur[w]) / len;
}

/* Keep out[0..*n) sorted, largest first, at most cap long. */
static void rank_in(struct keyrank *out, unsigned *n, unsigned cap, const struct ct_key *k, double v)
{
	if (v <= 0 || cap == 0 || (*n == cap && v <= out[cap - 1].value))
		return;
	unsigned i = *n < cap ? (*n)++ : cap - 1;
	while (i > 0 && out[i - 1].value < v) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = (struct keyrank){ *k, v };
}

unsigned keytab_top_held(const struct keytab *kt, struct keyrank *out, unsigned n)
{
	unsigned got = 0;
	for (uint32_t i = 0; i < kt->nslot; i++)
		if (kt->slot[i].used)
			rank_in(out, &got, n, &kt->slot[i].key, kt->slot[i].held);
	return got;
}

unsigned keytab_top_new(const struct keytab *kt, enum keytab_window w, double now_s,
			struct keyrank *out, unsigned n)
{
	unsigned got = 0;
	for (uint32_t i = 0; i < kt->nslot; i++)
		if (kt->slot[i].used)
			rank_in(out, &got, n, &kt->slot[i].key, keytab_rate(kt, &kt->slot[i], w, now_s));
	return got;
}

uint64_t keytab_bytes(const struct keytab *kt)
{
	return (uint64_t)kt->cap * (sizeof(struct keyslot) + sizeof(uint32_t)) +
	       (kt->hbits ? (hmask(kt) + 1) * sizeof(uint32_t) : 0);
}
