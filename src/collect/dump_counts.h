/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stream the conntrack table from the kernel, adding it up as it comes. */
#ifndef CTDASH_DUMP_H
#define CTDASH_DUMP_H

#include "model/model.h"
#include "collect/ctmsg.h"
#include "collect/keycount.h"
#include "collect/natgroup.h"
#include "collect/nlconn.h"
#include "collect/topsrc.h"

/* The exact top-N counts a dump adds up; kept between dumps to reuse
 * their memory. */
struct ct_tops {
	struct topsrc src;      /* original source addresses */
	struct topsrc dst;      /* original destination addresses */
	struct keycount dport;  /* (protocol, original destination port) */
	struct natgroup nat;    /* translated entries by tuple and service */
	bool nat_off;           /* CTDASH_TEST_NO_NAT: the summary alone (tests/bench-nat) */
	bool whole;             /* parse whole entries (ct_parse_entry): the list
				   view takes its rows from this dump too */
};

void ct_tops_init(struct ct_tops *tops);
void ct_tops_free(struct ct_tops *tops);

/* One dump attempt over c into t and tops (both reset first). Returns 0
 * or a negative errno as nlconn_query does; -ENOMEM if counting ran out of
 * memory. */
int ct_dump(struct nlconn *c, struct ct_tally *t, struct ct_tops *tops,
	    nl_tick_fn tick, void *tick_arg);

/* The same, also handing every parsed entry (ct_parse_summary's fields)
 * to each(entry, each_arg). */
typedef void (*ct_entry_fn)(const struct ct_entry *e, void *arg);
int ct_dump_each(struct nlconn *c, struct ct_tally *t, struct ct_tops *tops,
		 ct_entry_fn each, void *each_arg, nl_tick_fn tick, void *tick_arg);

#endif
