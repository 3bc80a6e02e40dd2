/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reverse DNS in the background: names for the addresses on the screen,
 * asked without ever waiting. rdns_lookup answers at once from the cache
 * (rdns_cache.h) with a name, "pending" or "none"; a miss is queued (a
 * bounded queue: when full the oldest request is dropped, since the
 * newest is what the screen shows now) and a small pool of worker threads
 * resolves it, at most `rate` lookups a second (a token bucket), so a
 * table of a million addresses cannot flood the resolver. A descriptor
 * becomes readable when answers arrive, for the UI's poll().
 *
 * Why getnameinfo(NI_NAMEREQD) in worker threads, not c-ares: it follows
 * the host's own nsswitch.conf (/etc/hosts, systemd-resolved, LDAP...)
 * exactly as every other tool on the host does, and needs no new
 * dependency; c-ares would only speak DNS itself and miss /etc/hosts
 * rules of nsswitch. Its one drawback, a blocking call, is why it runs in
 * workers, and why only the UI thread's asking is bounded. Lookups go out
 * from the network namespace ctdash started in (rdns_keep_home_netns),
 * not the one it shows, whose network may not reach any resolver. */
#ifndef CTDASH_RDNS_H
#define CTDASH_RDNS_H

#include <stddef.h>
#include <stdint.h>

/* What a resolver function answers. */
enum {
	RDNS_RESOLVED = 0,   /* name holds the name */
	RDNS_NO_NAME = 1,    /* the address has no name */
	RDNS_FAILED = 2,     /* no answer now (timeout, server failure): ask later */
};

/* Resolve addr (4 or 16 bytes by family) into name (n bytes); may block. */
typedef int (*rdns_resolve_fn)(int family, const uint8_t *addr, char *name, size_t n, void *arg);

struct rdns_config {
	unsigned capacity;          /* names kept (rounded up), e.g. 4096 */
	unsigned rate;              /* lookups a second at most, e.g. 20 */
	unsigned workers;           /* threads, e.g. 2 */
	unsigned queue;             /* requests waiting at most, e.g. 64 */
	double ttl_named;           /* seconds a name is kept, e.g. 300 */
	double ttl_nameless;        /* seconds "no name" is kept, e.g. 300 */
	double ttl_failed;          /* seconds a failed lookup waits, e.g. 30 */
	rdns_resolve_fn resolve;    /* NULL: getnameinfo */
	void *resolve_arg;
	double (*now)(void);        /* seconds; NULL: the monotonic clock */
};

enum rdns_answer {
	RDNS_ANSWER_NAME,       /* the name is in the buffer */
	RDNS_ANSWER_PENDING,    /* asked; show the address meanwhile */
	RDNS_ANSWER_NONE,       /* no name (for a while): show the address */
};

struct rdns_stats {
	uint64_t asked;         /* rdns_lookup calls */
	uint64_t hits;          /* answered from the cache (a name or none) */
	uint64_t lookups;       /* resolver calls made */
	uint64_t dropped;       /* requests dropped from a full queue */
	uint64_t evictions;     /* names pushed out of the full cache */
	unsigned held;          /* slots in use */
	unsigned capacity;
};

struct rdns;

/* The defaults above, and the test hook: with CTDASH_TEST_HOSTS=FILE in
 * the environment the resolver is that file (rdns_hosts.h), never the
 * system's. 0, or -errno when the file cannot be read. */
int rdns_config_default(struct rdns_config *cfg);
/* Start the workers; NULL with errno set on failure. */
struct rdns *rdns_start(const struct rdns_config *cfg);
/* Stop and join the workers, free everything. A worker still inside a
 * slow resolver after a short grace is left to finish on its own (it then
 * frees what it shares), so quitting never waits for DNS. */
void rdns_stop(struct rdns *r);

/* The name of addr (4 or 16 bytes by family), at once: never blocks on
 * the resolver, only on the cache's mutex. */
enum rdns_answer rdns_lookup(struct rdns *r, int family, const void *addr, char *name, size_t n);
/* Readable when answers arrived since the last rdns_drain. */
int rdns_fd(const struct rdns *r);
void rdns_drain(struct rdns *r);
void rdns_get_stats(struct rdns *r, struct rdns_stats *st);

/* Remember the network namespace ctdash runs in now, before it enters the
 * one to show: the workers resolve from there. Call once, early. */
void rdns_keep_home_netns(void);

#endif
