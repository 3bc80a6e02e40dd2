/* Stream the conntrack table from the kernel, adding it up as it comes. */
#ifndef CTDASH_DUMP_H
#define CTDASH_DUMP_H

#include "model/model.h"
#include "collect/ctmsg.h"
#include "collect/nlconn.h"
#include "collect/topsrc.h"

/* One dump attempt over c into t and src (both reset first). Returns 0 or
 * a negative errno as nlconn_query does; -ENOMEM if counting sources ran
 * out of memory. */
int ct_dump(struct nlconn *c, struct ct_tally *t, struct topsrc *src,
	    nl_tick_fn tick, void *tick_arg);

/* The same, also handing every parsed entry to each(entry, each_arg). */
typedef void (*ct_entry_fn)(const struct ct_entry *e, void *arg);
int ct_dump_each(struct nlconn *c, struct ct_tally *t, struct topsrc *src,
		 ct_entry_fn each, void *each_arg, nl_tick_fn tick, void *tick_arg);

#endif
