#include "collect/tally.h"

#include <linux/netfilter/nf_conntrack_common.h>
#include <sys/socket.h>

#include "model/names.h"

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
}
