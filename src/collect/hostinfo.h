/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts about the host that the analysis needs. */
#ifndef CTDASH_HOSTINFO_H
#define CTDASH_HOSTINFO_H

#include "model/model.h"

/* struct nf_conn's size from /proc/slabinfo (root only). 0 or -errno;
 * -ENODATA when the cache is not listed (merged into another slab), and
 * -ENOENT only when there is no /proc/slabinfo. */
int host_conntrack_objsize(uint32_t *out);
/* RAM, word size, kernel release and host name into s. */
void host_fill(struct ct_snapshot *s);

#endif
