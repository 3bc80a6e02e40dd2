/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SNAT port range of the namespace this thread is in, from its
 * ruleset: `nft list ruleset`, else `iptables-save -t nat`, run as
 * children (they talk netlink in the namespace they inherit). */
#ifndef CTDASH_NATRULES_READ_H
#define CTDASH_NATRULES_READ_H

#include "model/nat.h"

/* The narrowest range a rule names into *r, else the kernel's default;
 * r->origin says which. Waits at most about two seconds. */
void natrules_read(struct ct_nat_range *r);

#endif
