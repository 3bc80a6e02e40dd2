/* The table entry by entry, whole (both tuples, counters), for the list
 * and for delete: nothing is kept here, each entry goes to a callback. */
#ifndef CTDASH_LISTDUMP_H
#define CTDASH_LISTDUMP_H

#include <stdint.h>

#include "model/entry.h"
#include "collect/nlconn.h"

/* Return 0 to go on, a negative errno to stop the dump with it. */
typedef int (*ct_row_fn)(const struct ct_entry *e, void *arg);

struct list_dump_stats {
	uint64_t entries;    /* messages parsed */
	uint64_t malformed;  /* messages that did not parse */
};

/* One dump over c. Returns 0 or a negative errno as nlconn_query does
 * (-EINTR: the kernel says the dump was interrupted; try again), or the
 * callback's. tick may be NULL. */
int ct_list_dump(struct nlconn *c, ct_row_fn each, void *arg, struct list_dump_stats *st,
		 nl_tick_fn tick, void *tick_arg);

#endif
