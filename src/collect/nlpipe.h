/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A whole-table dump read by a thread of its own while the caller's
 * thread walks what came: the kernel's work and ours overlap. */
#ifndef CTDASH_NLPIPE_H
#define CTDASH_NLPIPE_H

#include "collect/nlconn.h"

/* nlconn_query(c, msg, NLM_F_DUMP, ...) with the answer received by a
 * reader thread into a ring of 8 buffers (512 KiB): cb and tick run in
 * the caller's thread, datagram after datagram in order, and the results
 * are nlconn_query's. A tick that stops the dump stops the reader too. */
int nlconn_dump(struct nlconn *c, uint16_t msg, mnl_cb_t cb, void *data,
		nl_tick_fn tick, void *tick_arg);
/* The same with a dump request the caller built (nlconn_query_msg). */
int nlconn_dump_msg(struct nlconn *c, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		    nl_tick_fn tick, void *tick_arg);

#endif
