/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/rdns_cache.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int rdns_cache_init(struct rdns_cache *c, unsigned capacity)
{
	memset(c, 0, sizeof *c);
	sipkey_random(&c->seed);
	unsigned sets = 1;
	while (sets * RDNS_WAYS < capacity && sets < (1u << 20))
		sets <<= 1;
	c->slots = calloc((size_t)sets * RDNS_WAYS, sizeof *c->slots);
	if (!c->slots)
		return -1;
	c->nsets = sets;
	return 0;
}

void rdns_cache_free(struct rdns_cache *c)
{
	free(c->slots);
	memset(c, 0, sizeof *c);
}

unsigned rdns_cache_capacity(const struct rdns_cache *c)
{
	return c->nsets * RDNS_WAYS;
}

struct rdns_key rdns_key_of(int family, const void *addr)
{
	struct rdns_key k;
	memset(&k, 0, sizeof k);
	k.family = (uint8_t)family;
	memcpy(k.addr, addr, family == AF_INET6 ? 16 : 4);
	return k;
}

/* Keyed: traffic chooses the addresses, and with an unkeyed hash could
 * choose them all in one set, evicting every name the cache holds. */
static unsigned set_of(const struct rdns_cache *c, const struct rdns_key *k)
{
	uint8_t bytes[1 + sizeof k->addr];
	bytes[0] = k->family;
	memcpy(bytes + 1, k->addr, sizeof k->addr);
	return (unsigned)siphash24(&c->seed, bytes, sizeof bytes) & (c->nsets - 1);
}

static bool same(const struct rdns_key *a, const struct rdns_key *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

static bool expired(const struct rdns_slot *s, double now)
{
	return (s->state == RDNS_NAMED || s->state == RDNS_NAMELESS) && now >= s->expires;
}

void rdns_cache_drop(struct rdns_cache *c, struct rdns_slot *s)
{
	if (s->state != RDNS_FREE)
		c->held--;
	memset(s, 0, sizeof *s);
}

struct rdns_slot *rdns_cache_find(struct rdns_cache *c, const struct rdns_key *k, double now,
				  bool touch)
{
	struct rdns_slot *set = &c->slots[(size_t)set_of(c, k) * RDNS_WAYS];
	for (unsigned i = 0; i < RDNS_WAYS; i++) {
		struct rdns_slot *s = &set[i];
		if (s->state == RDNS_FREE || !same(&s->key, k))
			continue;
		if (expired(s, now)) {
			rdns_cache_drop(c, s);
			return NULL;
		}
		if (touch)
			s->used = now;
		return s;
	}
	return NULL;
}

/* The slot to give up in a full set: expired first, then the least
 * recently used answered one; a pending one only when all are pending
 * (its answer then simply finds no slot and makes one). */
static struct rdns_slot *victim(struct rdns_slot *set, double now)
{
	struct rdns_slot *best = NULL;
	int best_rank = 3;
	for (unsigned i = 0; i < RDNS_WAYS; i++) {
		struct rdns_slot *s = &set[i];
		int rank = expired(s, now) ? 0 : s->state == RDNS_PENDING ? 2 : 1;
		if (rank < best_rank || (rank == best_rank && s->used < best->used)) {
			best = s;
			best_rank = rank;
		}
	}
	return best;
}

struct rdns_slot *rdns_cache_put(struct rdns_cache *c, const struct rdns_key *k, double now)
{
	struct rdns_slot *found = rdns_cache_find(c, k, now, false);
	if (found)
		return found;
	struct rdns_slot *set = &c->slots[(size_t)set_of(c, k) * RDNS_WAYS];
	struct rdns_slot *s = NULL;
	for (unsigned i = 0; i < RDNS_WAYS && !s; i++)
		if (set[i].state == RDNS_FREE)
			s = &set[i];
	if (!s) {
		s = victim(set, now);
		rdns_cache_drop(c, s);
		c->evictions++;
	}
	s->key = *k;
	s->state = RDNS_PENDING;
	s->used = now;
	c->held++;
	return s;
}

void rdns_bucket_init(struct rdns_bucket *b, double rate, double burst, double now)
{
	b->rate = rate > 0 ? rate : 1;
	b->burst = burst >= 1 ? burst : 1;
	b->tokens = b->burst;
	b->last = now;
}

static void refill(struct rdns_bucket *b, double now)
{
	if (now > b->last) {
		b->tokens += (now - b->last) * b->rate;
		if (b->tokens > b->burst)
			b->tokens = b->burst;
	}
	b->last = now;
}

bool rdns_bucket_take(struct rdns_bucket *b, double now)
{
	refill(b, now);
	/* a token refilled in pieces may add up to 0.999...: that is one */
	if (b->tokens < 1 - 1e-9)
		return false;
	b->tokens -= 1;
	return true;
}

double rdns_bucket_wait(const struct rdns_bucket *b, double now)
{
	double tokens = b->tokens + (now > b->last ? (now - b->last) * b->rate : 0);
	return tokens >= 1 - 1e-9 ? 0 : (1 - tokens) / b->rate;
}

bool rdns_name_is_address(const char *name)
{
	uint8_t bin[16];
	struct in_addr a4;
	if (inet_pton(AF_INET, name, bin) == 1 || inet_pton(AF_INET6, name, bin) == 1 ||
	    inet_aton(name, &a4))
		return true;
	if (!name[0])
		return false;
	/* with a root's dot, "10.0.0.99." is as much an address */
	char bare[RDNS_NAME_MAX];
	size_t len = strlen(name);
	if (len < sizeof bare && name[len - 1] == '.') {
		memcpy(bare, name, len - 1);
		bare[len - 1] = '\0';
		if (inet_pton(AF_INET6, bare, bin) == 1 || inet_aton(bare, &a4))
			return true;
	}
	return strspn(name, "0123456789.") == len;
}

void rdns_clean_name(char *name)
{
	for (char *p = name; *p; p++) {
		char ch = *p;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		if (!ok)
			*p = '?';
	}
}
