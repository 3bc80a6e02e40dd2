/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SNAT port range a ruleset names, read from its text as `nft list
 * ruleset` or `iptables-save -t nat` print it. The text is untrusted (rule
 * comments, table names): only validated numbers leave this parser. */
#ifndef CTDASH_NATRULES_H
#define CTDASH_NATRULES_H

#include <stddef.h>

#include "model/nat.h"

/* The narrowest range of the masquerade and snat rules in text (len
 * bytes, NUL not needed) into *r, its origin naming tool ("nft",
 * "iptables"). Returns how many rules named a range; *r is untouched
 * when none did. */
unsigned nat_rules_parse(const char *text, size_t len, const char *tool, struct ct_nat_range *r);

#endif
