/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reverse-DNS cache and rate bound, without threads or clocks of their
 * own: every call is handed "now" (seconds, any monotonic origin), so
 * tests drive time. rdns.c wraps them in a mutex and feeds its workers.
 *
 * The cache is a fixed table of sets of RDNS_WAYS slots: an address
 * hashes to one set and, when the set is full, the least recently used
 * slot there is replaced. Memory is the capacity given at init, whatever
 * the table holds. Names and "no name" both expire (a TTL each), so an
 * address without a name is not asked again every refresh. */
#ifndef CTDASH_RDNS_CACHE_H
#define CTDASH_RDNS_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/siphash.h"

#define RDNS_WAYS 8
/* a DNS name is at most 253 characters */
#define RDNS_NAME_MAX 256

struct rdns_key {
	uint8_t family;     /* AF_INET or AF_INET6 */
	uint8_t addr[16];   /* network order; IPv4 in the first 4 bytes, the rest 0 */
};

enum rdns_state {
	RDNS_FREE = 0,
	RDNS_PENDING,       /* queued or being looked up */
	RDNS_NAMED,         /* name holds it */
	RDNS_NAMELESS,      /* looked up: no name (or the resolver failed) */
};

struct rdns_slot {
	struct rdns_key key;
	uint8_t state;
	double expires;     /* NAMED and NAMELESS only */
	double used;        /* last asked for: the set's eviction order */
	char name[RDNS_NAME_MAX];
};

struct rdns_cache {
	struct rdns_slot *slots;
	unsigned nsets;     /* a power of two */
	unsigned held;      /* slots not FREE */
	uint64_t evictions;
	struct sipkey seed;  /* the set hash's key, this cache's own */
};

/* capacity is rounded up to whole sets of a power-of-two count; 0 or -1
 * when out of memory. */
int rdns_cache_init(struct rdns_cache *c, unsigned capacity);
void rdns_cache_free(struct rdns_cache *c);
unsigned rdns_cache_capacity(const struct rdns_cache *c);

/* The key of an address (4 or 16 bytes by family). */
struct rdns_key rdns_key_of(int family, const void *addr);

/* The slot of key, NULL when absent or expired (an expired slot is freed).
 * touch marks it used now (the UI asking); the workers don't. */
struct rdns_slot *rdns_cache_find(struct rdns_cache *c, const struct rdns_key *k, double now,
				  bool touch);
/* A slot for key, found or made (a free one, else the set's least
 * recently used, pending ones last); never NULL. */
struct rdns_slot *rdns_cache_put(struct rdns_cache *c, const struct rdns_key *k, double now);
void rdns_cache_drop(struct rdns_cache *c, struct rdns_slot *s);

/* A token bucket: at most rate lookups a second on average, burst at once. */
struct rdns_bucket {
	double tokens, rate, burst, last;
};

void rdns_bucket_init(struct rdns_bucket *b, double rate, double burst, double now);
/* One token if there is one: true when a lookup may start now. */
bool rdns_bucket_take(struct rdns_bucket *b, double now);
/* Seconds until a token will be there (0 when one is). */
double rdns_bucket_wait(const struct rdns_bucket *b, double now);

/* Keep a name fit for a terminal and a column: letters, digits, '-', '_'
 * and '.'; anything else (a PTR record may hold any byte, escape
 * sequences included) becomes '?'. */
void rdns_clean_name(char *name);
/* Whether a name could be read as an address (as OpenSSH refuses such a
 * PTR): one inet_pton takes for either family, one inet_aton takes
 * ("10.1", "0x7f.1"), or all digits and dots. A PTR or hosts line that
 * says 10.0.0.99 for 10.77.0.4 would otherwise stand in the address's
 * place as if it were the address. */
bool rdns_name_is_address(const char *name);

#endif
