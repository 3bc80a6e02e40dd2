/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/dump_entries.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/ctmsg.h"
#include "collect/nlpipe.h"

struct list_state {
	ct_row_fn each;
	void *arg;
	struct list_dump_stats *st;
	int err;
};

static int on_message(const struct nlmsghdr *nlh, void *data)
{
	struct list_state *ls = data;
	struct ct_entry e;
	if (ct_parse_entry(nlh, &e) != CT_PARSE_OK) {
		ls->st->malformed++;
		return MNL_CB_OK;
	}
	ls->st->entries++;
	int ret = ls->each(&e, ls->arg);
	if (ret < 0) {
		ls->err = ret;
		errno = -ret; /* what nlconn_query reports */
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int ct_list_dump(struct nlconn *c, ct_row_fn each, void *arg, struct list_dump_stats *st,
		 nl_tick_fn tick, void *tick_arg)
{
	memset(st, 0, sizeof *st);
	struct list_state ls = { each, arg, st, 0 };
	int ret = nlconn_dump(c, IPCTNL_MSG_CT_GET, on_message, &ls, tick, tick_arg);
	return ls.err ? ls.err : ret;
}

/* The tuple filter flags of CTA_FILTER_ORIG_FLAGS: the kernel's own
 * numbering (net/netfilter/nf_internals.h, CTA_FILTER_F_*), not in the
 * UAPI headers. */
#define CTF_IP_SRC (1u << 0)
#define CTF_IP_DST (1u << 1)
#define CTF_PROTO_NUM (1u << 3)
#define CTF_PROTO_SRC_PORT (1u << 4)
#define CTF_PROTO_DST_PORT (1u << 5)

static void put_tuple(struct nlmsghdr *nlh, const struct ct_pushdown *pd)
{
	struct nlattr *tuple = mnl_attr_nest_start(nlh, CTA_TUPLE_ORIG);
	if (pd->has_src || pd->has_dst) {
		struct nlattr *ip = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
		bool v4 = pd->family == AF_INET;
		if (pd->has_src)
			mnl_attr_put(nlh, v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, v4 ? 4 : 16, pd->src);
		if (pd->has_dst)
			mnl_attr_put(nlh, v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, v4 ? 4 : 16, pd->dst);
		mnl_attr_nest_end(nlh, ip);
	}
	if (pd->has_proto) {
		struct nlattr *proto = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
		mnl_attr_put_u8(nlh, CTA_PROTO_NUM, pd->l4proto);
		if (pd->has_sport)
			mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(pd->sport));
		if (pd->has_dport)
			mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(pd->dport));
		mnl_attr_nest_end(nlh, proto);
	}
	mnl_attr_nest_end(nlh, tuple);
}

static uint32_t tuple_flags(const struct ct_pushdown *pd)
{
	return (pd->has_src ? CTF_IP_SRC : 0) | (pd->has_dst ? CTF_IP_DST : 0) |
	       (pd->has_proto ? CTF_PROTO_NUM : 0) | (pd->has_sport ? CTF_PROTO_SRC_PORT : 0) |
	       (pd->has_dport ? CTF_PROTO_DST_PORT : 0);
}

struct nlmsghdr *ct_pushdown_request(void *buf, const struct ct_pushdown *pd)
{
	memset(buf, 0, CT_PUSHDOWN_REQ_MAX);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof *g);
	g->nfgen_family = pd->family; /* the kernel's first check */
	g->version = NFNETLINK_V0;
	if (pd->has_mark) {
		mnl_attr_put_u32(nlh, CTA_MARK, htonl(pd->mark));
		mnl_attr_put_u32(nlh, CTA_MARK_MASK, htonl(pd->mark_mask));
	}
	if (pd->has_zone)
		mnl_attr_put_u16(nlh, CTA_ZONE, htons(pd->zone));
	uint32_t flags = tuple_flags(pd);
	if (flags) {
		put_tuple(nlh, pd);
		struct nlattr *filter = mnl_attr_nest_start(nlh, CTA_FILTER);
		mnl_attr_put_u32(nlh, CTA_FILTER_ORIG_FLAGS, flags);
		mnl_attr_nest_end(nlh, filter);
	}
	return nlh;
}

int ct_list_dump_where(struct nlconn *c, const struct ct_filter *f, ct_row_fn each, void *arg,
		       struct list_dump_stats *st, nl_tick_fn tick, void *tick_arg)
{
	struct ct_pushdown pd;
	const char *off = getenv("CTDASH_NO_PUSHDOWN");
	if ((off && *off) || !filter_pushdown(f, &pd))
		return ct_list_dump(c, each, arg, st, tick, tick_arg);
	memset(st, 0, sizeof *st);
	uint64_t req[CT_PUSHDOWN_REQ_MAX / sizeof(uint64_t)];
	struct nlmsghdr *nlh = ct_pushdown_request(req, &pd);
	struct list_state ls = { each, arg, st, 0 };
	st->pushed = true;
	int ret = nlconn_dump_msg(c, nlh, on_message, &ls, tick, tick_arg);
	if (ls.err)
		return ls.err;
	if ((ret == -EOPNOTSUPP || ret == -EINVAL) && st->entries == 0) {
		/* a kernel without these filters (or without marks, zones):
		 * the whole table, on a fresh socket, filter_match does it all */
		nlconn_close(c);
		ret = nlconn_open(c);
		return ret < 0 ? ret : ct_list_dump(c, each, arg, st, tick, tick_arg);
	}
	return ret;
}
