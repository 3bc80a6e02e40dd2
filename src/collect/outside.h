/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the kernel keeps outside the main table (issue 22): the dying and
 * unconfirmed lists (what `conntrack -L dying` and `-L unconfirmed` dump),
 * which nf_conntrack_count includes but a dump of the table never lists,
 * and the expectation table (helpers' expected connections) against its
 * own limit, nf_conntrack_expect_max. */
#ifndef CTDASH_OUTSIDE_H
#define CTDASH_OUTSIDE_H

#include "collect/nlconn.h"
#include "model/model.h"

/* Into s->outside. 0, or a negative errno (the part not read keeps
 * known false). */
int ct_read_outside(struct nlconn *c, struct ct_snapshot *s);

/* The libmnl callback counting one message (data: a uint64_t count);
 * exposed for tests. */
int ct_outside_count_one(const struct nlmsghdr *nlh, void *data);

#endif
