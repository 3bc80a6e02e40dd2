/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPCTNL_MSG_CT_NEW with NLM_F_CREATE | NLM_F_EXCL and no ACK asked: the
 * kernel answers only errors, so messages go in datagrams of about 64 KiB
 * and the answers are drained between them. */
#include "ctnat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define BATCH_BYTES (60 * 1024)
#define PORTS 64512u

struct tuple {
	uint32_t src, dst;   /* network order */
	uint16_t sport, dport;
};

static void put_tuple(struct nlmsghdr *nlh, uint16_t type, const struct tuple *t)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);
	struct nlattr *ip = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
	mnl_attr_put_u32(nlh, CTA_IP_V4_SRC, t->src);
	mnl_attr_put_u32(nlh, CTA_IP_V4_DST, t->dst);
	mnl_attr_nest_end(nlh, ip);
	struct nlattr *proto = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, IPPROTO_UDP);
	mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(t->sport));
	mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(t->dport));
	mnl_attr_nest_end(nlh, proto);
	mnl_attr_nest_end(nlh, nest);
}

static uint32_t v4(uint8_t last)
{
	return htonl(0x7f000000u | last);
}

/* Entry i as ctnat.h describes it. */
static void put_entry(char *buf, uint32_t seq, const struct lg_addr *first, unsigned nsrc, uint64_t i)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = seq;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof *g);
	g->nfgen_family = AF_INET;
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	unsigned backend = (unsigned)(i % 4);
	struct tuple orig = {
		.src = htonl(ntohl(first->v4.s_addr) + (uint32_t)(i % nsrc)), .dst = v4(253),
		.sport = (uint16_t)(1024 + (i / nsrc) % PORTS), .dport = 53,
	};
	struct tuple reply = {
		.src = v4((uint8_t)(100 + backend)), .dst = v4((uint8_t)(200 + (i / 4) % 16)),
		.sport = 53, .dport = (uint16_t)(1024 + (i / 64) % PORTS),
	};
	put_tuple(nlh, CTA_TUPLE_ORIG, &orig);
	put_tuple(nlh, CTA_TUPLE_REPLY, &reply);
	mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl(7200));
	/* CONFIRMED, as conntrack -I sends it: the kernel refuses a status
	 * that would change that bit */
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(IPS_CONFIRMED | (backend == 3 ? 0 : IPS_SEEN_REPLY)));
}

/* The kernel's error answers waiting now (those that fit: the caller
 * counts the entries made from nf_conntrack_count). */
static uint64_t drain_errors(struct mnl_socket *nl, char *buf, size_t len, int *first_err)
{
	uint64_t errors = 0;
	ssize_t got;
	while ((got = recv(mnl_socket_get_fd(nl), buf, len, MSG_DONTWAIT)) > 0) {
		size_t left = (size_t)got;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; mnl_nlmsg_ok(h, (int)left);
		     h = mnl_nlmsg_next(h, (int *)&left)) {
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
			if (e->error) {
				errors++;
				if (!*first_err)
					*first_err = e->error;
			}
		}
	}
	return errors;
}

static int read_count(uint64_t *v)
{
	FILE *f = fopen("/proc/sys/net/netfilter/nf_conntrack_count", "re");
	if (!f)
		return -1;
	unsigned long long n;
	int ok = fscanf(f, "%llu", &n) == 1;
	fclose(f);
	*v = n;
	return ok ? 0 : -1;
}

int ctnat_fill(const struct lg_addr *first_src, unsigned nsrc, uint64_t count, uint64_t *made)
{
	*made = 0;
	if (!nsrc || first_src->family != AF_INET || count > (uint64_t)nsrc * PORTS || count > 64ull * PORTS)
		return -EINVAL;
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = -errno;
		mnl_socket_close(nl);
		return e;
	}
	uint64_t before = 0;
	(void)read_count(&before);
	static char buf[BATCH_BYTES + 4096], answers[65536]; /* a message is under 200 bytes */
	uint64_t errors = 0;
	int first_err = 0, ret = 0;
	for (uint64_t i = 0; i < count && ret == 0;) {
		size_t used = 0;
		for (; i < count && used < BATCH_BYTES; i++) {
			put_entry(buf + used, (uint32_t)i, first_src, nsrc, i);
			used += NLMSG_ALIGN(((struct nlmsghdr *)(buf + used))->nlmsg_len);
		}
		if (mnl_socket_sendto(nl, buf, used) < 0)
			ret = -errno;
		errors += drain_errors(nl, answers, sizeof answers, &first_err);
	}
	errors += drain_errors(nl, answers, sizeof answers, &first_err);
	mnl_socket_close(nl);
	uint64_t after;
	*made = read_count(&after) == 0 && after >= before ? after - before : count - errors;
	return ret ? ret : first_err;
}
