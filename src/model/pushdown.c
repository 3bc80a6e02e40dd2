/* SPDX-License-Identifier: GPL-2.0-or-later */
/* filter_pushdown: the part of a filter the kernel can check while it
 * dumps, so the entries that cannot match are never built into messages. */
#include "model/filter.h"

#include <string.h>
#include <sys/socket.h>

#include "model/filter_node.h"

/* The kernel's checks, read in net/netfilter/nf_conntrack_netlink.c
 * (ctnetlink_filter_match): the L3 family; the mark, (mark & mask) == value;
 * the zone id, whatever its direction (nf_ct_zone_equal_any), as
 * filter_match (ctmsg.c reads CTA_TUPLE_ZONE too); zone 0 is never pushed
 * (the kernel reads it as no filter); with CTA_FILTER, the original tuple's whole
 * addresses, its protocol, and its ports for TCP and UDP only. A tuple
 * filter needs a family, and ports need a protocol. IPv6 addresses are
 * not pushed: on 6.18 (tests/integration/pushdown.sh) a dump filtered by
 * dst ::1 returned none of the entries to ::1 (its IPv6 compare is
 * inverted, !ipv6_addr_cmp), so only the family goes. */

static void push_leaf(const struct flt_node *n, struct ct_pushdown *pd)
{
	unsigned full = n->family == AF_INET ? 32 : 128;
	switch ((enum flt_op)n->op) {
	case F_L3:
		if (!pd->family)
			pd->family = n->family;
		break;
	case F_SRC:
	case F_DST: {
		bool src = n->op == F_SRC;
		if (pd->family && pd->family != n->family)
			break; /* a family clash: nothing can match, filter_match says so */
		pd->family = n->family;
		if (n->plen != full || n->family != AF_INET || (src ? pd->has_src : pd->has_dst))
			break; /* a prefix, an IPv6 address, a second address: filter_match's */
		memcpy(src ? pd->src : pd->dst, n->addr, 16);
		*(src ? &pd->has_src : &pd->has_dst) = true;
		break;
	}
	case F_PROTO:
		if (!pd->has_proto) {
			pd->has_proto = true;
			pd->l4proto = (uint8_t)n->lo;
		}
		break;
	case F_SPORT:
	case F_DPORT:
		if (n->lo != n->hi)
			break; /* the kernel compares one port */
		if (n->op == F_SPORT && !pd->has_sport) {
			pd->has_sport = true;
			pd->sport = (uint16_t)n->lo;
		} else if (n->op == F_DPORT && !pd->has_dport) {
			pd->has_dport = true;
			pd->dport = (uint16_t)n->lo;
		}
		break;
	case F_MARK:
		if (!pd->has_mark) {
			pd->has_mark = true;
			pd->mark = n->lo;
			pd->mark_mask = n->hi;
		}
		break;
	case F_ZONE:
		if (n->lo != 0 && !pd->has_zone) {
			pd->has_zone = true;
			pd->zone = (uint16_t)n->lo;
		}
		break;
	default:
		break; /* or, not, and the rest: filter_match's alone */
	}
}

static void push_and(const struct ct_filter *f, int i, struct ct_pushdown *pd)
{
	const struct flt_node *n = &f->node[i];
	if (n->op == F_AND) {
		push_and(f, n->left, pd);
		push_and(f, n->right, pd);
		return;
	}
	push_leaf(n, pd);
}

bool filter_pushdown(const struct ct_filter *f, struct ct_pushdown *pd)
{
	memset(pd, 0, sizeof *pd);
	if (f->root < 0)
		return false;
	push_and(f, f->root, pd);
	if (!pd->family)
		pd->has_proto = false; /* a tuple filter needs the family */
	bool tcp_udp = pd->has_proto && (pd->l4proto == 6 || pd->l4proto == 17);
	if (!tcp_udp)
		pd->has_sport = pd->has_dport = false;
	return pd->family || pd->has_mark || pd->has_zone;
}
