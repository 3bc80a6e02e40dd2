/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NAT grouping while the dump streams (issue 19): one count a SNAT tuple
 * and a DNAT (service, backend) pair, in a table under a keyed hash
 * with a random key, since traffic chooses every address and port in a key.
 * Memory grows with distinct tuples, never with entries. */
#ifndef CTDASH_NATGROUP_H
#define CTDASH_NATGROUP_H

#include <stdint.h>

#include "base/siphash.h"
#include "model/entry.h"
#include "model/nat.h"

struct natslot;

/* At most this many distinct tuples and (service, backend) pairs are
 * counted a dump (a table of 2^17 slots, 9 MiB); an entry of any other
 * goes to ungrouped. The dump's order is the kernel's hash order, random
 * to the tuples, so a tuple with k entries is first met within the first
 * 1/k of the dump or so: one with the 250 entries that make a quarter of
 * a 1000-port range is missed with a probability under 1e-7 even when the
 * keys run out a tenth of the way through. Counts of the keys kept are
 * exact. */
#define NATGROUP_MAX_KEYS 65536u

struct natgroup {
	struct natslot *tab;
	unsigned bits;          /* log2 of capacity; 0 = not allocated */
	uint64_t used;          /* distinct keys */
	struct sipkey key;      /* drawn when the table is made */
	uint64_t snat_entries, dnat_entries;
	uint64_t ungrouped;     /* translated entries of keys past NATGROUP_MAX_KEYS */
	bool ages;              /* some entry carried its start time */
};

void natgroup_init(struct natgroup *g);
/* Forget all counts; keep the memory unless the last dump used little of it. */
void natgroup_reset(struct natgroup *g);
void natgroup_free(struct natgroup *g);
/* Count e when it is translated (parsed with its reply tuple). -1 when out
 * of memory. */
int natgroup_add(struct natgroup *g, const struct ct_entry *e);
/* The groups into out: SNAT tuples most used first with range's shares,
 * services most entries first with their backends; ages against now_ns
 * (CLOCK_REALTIME), backends judged over window_s. -1 when out of memory
 * (out then holds the SNAT side only). */
int natgroup_fill(const struct natgroup *g, const struct ct_nat_range *range, uint64_t now_ns,
		  double window_s, struct ct_nat *out);

#endif
