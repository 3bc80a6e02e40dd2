/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/tally.h"

#include <linux/netfilter/nf_conntrack_common.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "model/evict.h"
#include "model/labels.h"

unsigned tally_hist_bin(uint32_t seconds)
{
	if (seconds == 0)
		return 0;
	unsigned bin = 32 - (unsigned)__builtin_clz(seconds);
	return bin < CT_HIST_BINS ? bin : CT_HIST_BINS - 1;
}

uint32_t tally_hist_floor(unsigned bin)
{
	return bin == 0 ? 0 : (uint32_t)1 << (bin - 1);
}

static bool datagram(uint8_t l4proto)
{
	return l4proto == IPPROTO_UDP || l4proto == IPPROTO_UDPLITE || l4proto == IPPROTO_ICMP ||
	       l4proto == IPPROTO_ICMPV6;
}

void tally_add(struct ct_tally *t, const struct ct_entry *e)
{
	t->entries++;
	if (e->family == AF_INET)
		t->ipv4++;
	else if (e->family == AF_INET6)
		t->ipv6++;
	else
		t->l3_other++;

	t->l4[e->l4proto]++;
	unsigned bin = tally_hist_bin(e->timeout);
	if (e->has_timeout)
		t->l4_hist[e->l4proto][bin]++;
	if (e->has_tcp_state && e->tcp_state < CT_TCP_NSTATES) {
		t->tcp[e->tcp_state]++;
		if (e->has_timeout)
			t->tcp_hist[e->tcp_state][bin]++;
	}
	if (e->status & IPS_ASSURED)
		t->assured++;
	/* conntrack(8) prints [UNREPLIED] for entries that never saw a reply */
	if (!(e->status & IPS_SEEN_REPLY))
		t->unreplied++;
	if (e->has_src && addr_is_loopback(e->family, e->orig.src))
		t->loopback++;
	tally_evict(t, e->l4proto, e->has_tcp_state ? e->tcp_state : -1, e->status,
		    e->has_timeout && e->timeout == 0, 1);
}

void tally_evict(struct ct_tally *t, uint8_t l4proto, int tcp_state, uint32_t status,
		 bool expired, int sign)
{
	uint64_t d = (uint64_t)(int64_t)sign;
	switch (ct_evict_class(l4proto, tcp_state, status, expired)) {
	case CT_EVICT_INSERT:
		t->evictable += d;
		break;
	case CT_EVICT_GC:
		t->gc_evictable += d;
		break;
	case CT_EVICT_PINNED:
		t->pinned += d;
		break;
	}
	if (!(status & IPS_SEEN_REPLY) && datagram(l4proto))
		t->unreplied_datagram += d;
}
