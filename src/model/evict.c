/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/evict.h"

#include <linux/netfilter/nf_conntrack_common.h>
#include <netinet/in.h>

#include "model/model.h"

/* tcp_can_early_drop(): the states where both ends are closing. */
static bool tcp_closing(int tcp_state)
{
	switch (tcp_state) {
	case CT_TCP_FIN_WAIT:
	case CT_TCP_CLOSE_WAIT:
	case CT_TCP_LAST_ACK:
	case CT_TCP_TIME_WAIT:
	case CT_TCP_CLOSE:
		return true;
	default:
		return false;
	}
}

enum ct_evict ct_evict_class(uint8_t l4proto, int tcp_state, uint32_t status, bool expired)
{
	/* early_drop_list() reaps an expired entry it walks, and skips only
	 * ASSURED ones among the live */
	if (expired || !(status & IPS_ASSURED))
		return CT_EVICT_INSERT;
	/* gc_worker_can_early_drop(): offloaded entries stay, UDP excepted */
	if ((status & IPS_OFFLOAD) && l4proto != IPPROTO_UDP)
		return CT_EVICT_PINNED;
	if (l4proto == IPPROTO_TCP && tcp_closing(tcp_state))
		return CT_EVICT_GC;
	return CT_EVICT_PINNED;
}
