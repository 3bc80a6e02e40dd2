/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The exact shell lines an advice item offers. Per-namespace settings run
 * in the namespace that was read (ip netns exec NAME, nsenter -t PID -n);
 * nf_conntrack_max and the bucket count are global and can only be
 * written from the host's initial namespace, so theirs have no prefix. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/advice_rules.h"

static void set_key(struct advice *a, const char *sysctl, long value, const char *key)
{
	if (!a || a->sysctl[0])
		return; /* the first setting named is the one the key applies */
	snprintf(a->sysctl, sizeof a->sysctl, "%s", sysctl);
	a->suggested = value;
	snprintf(a->key, sizeof a->key, "%s", key);
}

void adv_set_timeout(struct sink *k, struct advice *a, const char *name, long value)
{
	if (!a)
		return;
	adv_cmd(a, "%ssysctl -w net.netfilter.%s=%ld", k->prefix, name, value);
	set_key(a, name, value, "a Enter");
}

void adv_set_max(struct advice *a, uint64_t value)
{
	if (!a)
		return;
	adv_cmd(a, "sysctl -w net.netfilter.nf_conntrack_max=%" PRIu64, value);
	set_key(a, "nf_conntrack_max", (long)value, "m");
}

void adv_set_buckets(struct advice *a, uint64_t value)
{
	if (!a)
		return;
	adv_cmd(a, "echo %" PRIu64 " > " CT_HASHSIZE_PATH, value);
	set_key(a, "hashsize", (long)value, "b");
}

/* The nft rules go in a table of their own so they can be listed and
 * deleted as one (nft delete table inet ctdash_notrack). Priority raw
 * (-300) runs before conntrack (-200): that is what makes notrack work. */
#define NFT_TABLE "inet ctdash_notrack"

static void nft_chains(struct sink *k, struct advice *a)
{
	adv_cmd(a, "%snft add table " NFT_TABLE, k->prefix);
	adv_cmd(a, "%snft 'add chain " NFT_TABLE " prerouting "
		"{ type filter hook prerouting priority raw; }'", k->prefix);
	adv_cmd(a, "%snft 'add chain " NFT_TABLE " output "
		"{ type filter hook output priority raw; }'", k->prefix);
}

void adv_notrack_loopback(struct sink *k, struct advice *a)
{
	if (!a)
		return;
	adv_cmd(a, "%siptables -t raw -I PREROUTING -i lo -j NOTRACK", k->prefix);
	adv_cmd(a, "%siptables -t raw -I OUTPUT -o lo -j NOTRACK", k->prefix);
	adv_cmd(a, "%siptables -I INPUT -m state --state UNTRACKED -j ACCEPT", k->prefix);
	nft_chains(k, a);
	adv_cmd(a, "%snft add rule " NFT_TABLE " prerouting iifname lo notrack", k->prefix);
	adv_cmd(a, "%snft add rule " NFT_TABLE " output oifname lo notrack", k->prefix);
}

void adv_notrack_port(struct sink *k, struct advice *a, unsigned proto, unsigned port)
{
	if (!a)
		return;
	const char *p = proto == 17 ? "udp" : "tcp";
	adv_cmd(a, "%siptables -t raw -I PREROUTING -p %s --dport %u -j NOTRACK", k->prefix, p, port);
	adv_cmd(a, "%siptables -t raw -I OUTPUT -p %s --sport %u -j NOTRACK", k->prefix, p, port);
	adv_cmd(a, "%siptables -I INPUT -m state --state UNTRACKED -j ACCEPT", k->prefix);
	nft_chains(k, a);
	adv_cmd(a, "%snft add rule " NFT_TABLE " prerouting %s dport %u notrack", k->prefix, p, port);
	adv_cmd(a, "%snft add rule " NFT_TABLE " output %s sport %u notrack", k->prefix, p, port);
}
