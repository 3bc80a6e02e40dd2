/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table entry by entry, whole (both tuples, counters), for the list
 * and for delete: nothing is kept here, each entry goes to a callback. */
#ifndef CTDASH_LISTDUMP_H
#define CTDASH_LISTDUMP_H

#include <stdint.h>

#include "model/entry.h"
#include "model/filter.h"
#include "collect/nlconn.h"

/* Return 0 to go on, a negative errno to stop the dump with it. */
typedef int (*ct_row_fn)(const struct ct_entry *e, void *arg);

struct list_dump_stats {
	uint64_t entries;    /* messages parsed */
	uint64_t malformed;  /* messages that did not parse */
	bool pushed;         /* the kernel filtered the dump (ct_list_dump_where) */
};

/* One dump over c. Returns 0 or a negative errno as nlconn_query does
 * (-EINTR: the kernel says the dump was interrupted; try again), or the
 * callback's. tick may be NULL. */
int ct_list_dump(struct nlconn *c, ct_row_fn each, void *arg, struct list_dump_stats *st,
		 nl_tick_fn tick, void *tick_arg);

/* The same for the entries that may match f: the part of f the kernel
 * can check (filter_pushdown) goes in the dump request, so it builds no
 * message for an entry that cannot match. each still gets entries f does
 * not match: it applies f itself. With CTDASH_NO_PUSHDOWN set in the
 * environment, or when the kernel refuses the filter, a plain dump. */
int ct_list_dump_where(struct nlconn *c, const struct ct_filter *f, ct_row_fn each, void *arg,
		       struct list_dump_stats *st, nl_tick_fn tick, void *tick_arg);

/* The request ct_list_dump_where sends for pd, built into buf (room for
 * CT_PUSHDOWN_REQ_MAX bytes). */
#define CT_PUSHDOWN_REQ_MAX 256
struct nlmsghdr *ct_pushdown_request(void *buf, const struct ct_pushdown *pd);

#endif
