/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Counts by key for the event engine: source addresses, destination
 * addresses, destination ports. A key keeps its slot number while it is
 * in use, so the entry index can name it in 4 bytes. Each slot counts the
 * entries that hold the key now, and how many new entries it made: in the
 * current and previous 10 s and 60 s windows (a sliding window read as the
 * previous window's share still inside it plus the current one) and since
 * a mark (--interval). Memory grows with distinct keys, not entries, and
 * shrinks again: a key nothing holds and nothing counted for a minute is
 * let go (keytab_tick), and when most slots are free they are packed
 * (keytab_compact), so what stays is bounded by the live table. */
#ifndef CTDASH_KEYTAB_H
#define CTDASH_KEYTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/siphash.h"

#define KEY_PORT 255 /* ct_key.family of a (protocol, port) key */

struct ct_key {
	uint8_t family;    /* AF_INET, AF_INET6 or KEY_PORT */
	uint8_t proto;     /* KEY_PORT: the IP protocol */
	uint16_t port;     /* KEY_PORT: host order */
	uint8_t addr[16];  /* network order; IPv4 in the first 4 bytes */
};

struct keyslot {
	struct ct_key key;
	uint32_t held;             /* entries holding the key now */
	uint32_t new_cur[2], new_prev[2]; /* by window: 10 s, 60 s */
	uint32_t new_mark;         /* new entries since keytab_mark */
	bool used;
};

struct keytab {
	struct keyslot *slot;
	uint32_t nslot, cap;       /* slots handed out (some free), allocated */
	uint32_t *free;            /* slot numbers to reuse */
	uint32_t nfree;
	uint32_t *hash;            /* slot number + 1; 0 empty */
	unsigned hbits;
	struct sipkey seed;        /* the hash's key, this table's own */
	uint64_t live;             /* keys in use */
	uint64_t epoch[2];         /* window numbers now (t / 10, t / 60) */
	double started;            /* seconds: the first window's start */
	double mark_at;
	bool marked;               /* keytab_mark was called: new_mark is read */
};

/* Rate of new entries per second over one window, or since the mark. */
enum keytab_window { KT_10S = 0, KT_60S = 1, KT_MARK = 2 };

/* A ranked key: what the top lists return. */
struct keyrank {
	struct ct_key key;
	double value;   /* held entries, or new entries per second */
};

void keytab_init(struct keytab *kt, double now_s);
void keytab_free(struct keytab *kt);
/* The slot for key, made when absent; CTR_NO_SLOT (UINT32_MAX) when out
 * of memory. */
uint32_t keytab_slot(struct keytab *kt, const struct ct_key *key);
/* The slot of key, or UINT32_MAX when it has none. */
uint32_t keytab_find(const struct keytab *kt, const struct ct_key *key);
/* Count a new entry for the slot (rates). */
void keytab_count_new(struct keytab *kt, uint32_t slot);
/* n new entries at once (a sampled one standing for n). */
void keytab_count_new_n(struct keytab *kt, uint32_t slot, uint32_t n);
/* Every held count to zero (a resync rebuilds them); rates stay. */
void keytab_clear_held(struct keytab *kt);
/* Start the windows anew when time has moved past them, and let go of
 * slots nothing holds or counts any more. Call about once a second. */
void keytab_tick(struct keytab *kt, double now_s);
/* Count new entries since now (--interval): from here, a key keeps its
 * slot while it has any, so the rate since the mark is whole. */
void keytab_mark(struct keytab *kt, double now_s);
/* Whether most of the slots handed out are free (after a burst of keys
 * that are gone): then keytab_compact gives the memory back. */
bool keytab_sparse(const struct keytab *kt);
/* Pack the keys in use into slots 0..live-1, in arrays sized for them.
 * With remap, *remap gets, for each old slot number (keytab's nslot
 * before), the new one or CTR_NO_SLOT (the caller frees it): whoever
 * stored slot numbers renumbers them. 0, or -1 when out of memory (the
 * table is as it was). */
int keytab_compact(struct keytab *kt, uint32_t **remap);
/* The n keys with most held entries (family filter: 0 any address,
 * KEY_PORT ports), or most new entries per second in window w. Largest
 * first. Returns how many were written. */
unsigned keytab_top_held(const struct keytab *kt, struct keyrank *out, unsigned n);
unsigned keytab_top_new(const struct keytab *kt, enum keytab_window w, double now_s,
			struct keyrank *out, unsigned n);
double keytab_rate(const struct keytab *kt, const struct keyslot *s, enum keytab_window w,
		   double now_s);
uint64_t keytab_bytes(const struct keytab *kt);

#endif
