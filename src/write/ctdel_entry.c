/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/ctdel_entry.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/nlconn.h"

struct ct_deleter {
	struct nlconn nc;
	char msg[1024] __attribute__((aligned(8))); /* a request is about 150 bytes */
};

void ct_target_of(struct ct_target *t, const struct ct_entry *e)
{
	memset(t, 0, sizeof *t);
	t->orig = e->orig;
	t->id = e->id;
	t->has_id = e->has_id;
	t->zone = e->has_zone ? e->zone : 0;
	t->zone_dir = e->has_zone ? e->zone_dir : CT_ZONE_DIR_BOTH;
	t->family = e->family;
}

struct ct_deleter *ctdel_open(void)
{
	struct ct_deleter *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	int ret = nlconn_open(&d->nc);
	if (ret < 0) {
		free(d);
		errno = -ret;
		return NULL;
	}
	return d;
}

void ctdel_close(struct ct_deleter *d)
{
	if (!d)
		return;
	nlconn_close(&d->nc);
	free(d);
}

static void put_tuple(struct nlmsghdr *nlh, const struct ct_target *t)
{
	const struct ct_tuple *o = &t->orig;
	struct nlattr *tuple = mnl_attr_nest_start(nlh, CTA_TUPLE_ORIG);
	struct nlattr *ip = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
	if (t->family == AF_INET) {
		mnl_attr_put(nlh, CTA_IP_V4_SRC, 4, o->src);
		mnl_attr_put(nlh, CTA_IP_V4_DST, 4, o->dst);
	} else {
		mnl_attr_put(nlh, CTA_IP_V6_SRC, 16, o->src);
		mnl_attr_put(nlh, CTA_IP_V6_DST, 16, o->dst);
	}
	mnl_attr_nest_end(nlh, ip);
	struct nlattr *proto = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, o->l4proto);
	if (o->has & CT_TUPLE_PORTS) {
		mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(o->sport));
		mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(o->dport));
	}
	if (o->has & CT_TUPLE_ICMP) {
		bool v6 = o->l4proto == IPPROTO_ICMPV6;
		mnl_attr_put_u16(nlh, v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID, htons(o->icmp_id));
		mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE, o->icmp_type);
		mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE, o->icmp_code);
	}
	mnl_attr_nest_end(nlh, proto);
	/* the kernel finds the original tuple in its direction's zone: a zone
	 * of that direction only goes inside the tuple (one of the reply
	 * direction only leaves the original in zone 0: nothing to say) */
	if (t->zone && t->zone_dir == CT_ZONE_DIR_ORIG)
		mnl_attr_put_u16(nlh, CTA_TUPLE_ZONE, htons(t->zone));
	mnl_attr_nest_end(nlh, tuple);
}

int ctdel_one(struct ct_deleter *d, const struct ct_target *t)
{
	if ((t->orig.has & (CT_TUPLE_SRC | CT_TUPLE_DST)) != (CT_TUPLE_SRC | CT_TUPLE_DST) ||
	    (t->family != AF_INET && t->family != AF_INET6))
		return -EINVAL; /* not enough to name it */
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->msg);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof *g);
	g->nfgen_family = t->family;
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	put_tuple(nlh, t);
	if (t->zone && t->zone_dir == CT_ZONE_DIR_BOTH)
		mnl_attr_put_u16(nlh, CTA_ZONE, htons(t->zone));
	if (t->has_id)
		mnl_attr_put_u32(nlh, CTA_ID, htonl(t->id));
	return nlconn_request(&d->nc, nlh);
}
