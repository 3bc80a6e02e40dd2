/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The nft ruleset that makes conntrack track every flow of a namespace,
 * as a stateful firewall would: the demo loads it into its namespace, and
 * the tests into theirs (`ctload nft-ruleset | nft -f -` in lib.sh), so
 * both are tracked the same way. */
#ifndef CTDASH_DEMO_NFT_H
#define CTDASH_DEMO_NFT_H

#include <stddef.h>

/* The ruleset as `nft -f` reads it. */
extern const char demo_nft_ruleset[];

/* `nft -f -` in the current namespace with the ruleset on stdin. 0, or
 * -errno / -ENOEXEC (nft missing or refusing) with err saying why. */
int demo_nft_load(char *err, size_t errlen);

#endif
