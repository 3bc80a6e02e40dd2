/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One picture of the recording: what a refresh knew. The recorder keeps
 * its own copy (the sampler reuses its snapshots), the store writes it,
 * replay reads it back into the same structs the live reports use. */
#ifndef CTDASH_RECORD_PICTURE_H
#define CTDASH_RECORD_PICTURE_H

#include <stdbool.h>

#include "collect/nsscan.h"
#include "model/addrowner.h"
#include "model/advice.h"
#include "model/model.h"

struct rec_picture {
	struct ct_snapshot snap;     /* owned (cpu, list rows) */
	struct advice_rates rates;   /* the drop tracker after this snapshot */
	bool has_ns;                 /* --all-netns: ns holds every namespace */
	struct ns_table ns;          /* owned */
	struct addr_owners owners;   /* owned: who owns which address, from ns
					(picture_owners), as the live reports
					have it with --all-netns */
};

/* Deep copies into p (freed first). 0, or -1 out of memory. */
int picture_set(struct rec_picture *p, const struct ct_snapshot *s,
		const struct advice_rates *r, const struct ns_table *ns);
void picture_free(struct rec_picture *p);

/* Fill p->owners from p->ns (nothing without --all-netns). 0, or -1 out
 * of memory (then no address has an owner). */
int picture_owners(struct rec_picture *p);
/* The map to hand the reports: NULL without --all-netns, as live. */
const struct addr_owners *picture_owner_map(const struct rec_picture *p);

/* The advice of that moment, as the reports compute it; most urgent first. */
unsigned picture_advice(const struct rec_picture *p, struct advice *out, unsigned max);

#endif
