#include "nlconn.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

/* The kernel hands out at most 32 KiB per datagram for a dump; twice that
 * leaves room so no datagram is ever truncated. */
#define NL_BUFSZ 65536

int nlconn_open(struct nlconn *c)
{
	c->buf = malloc(NL_BUFSZ);
	c->bufsz = NL_BUFSZ;
	c->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!c->buf || !c->nl) {
		int err = c->buf ? errno : ENOMEM;
		nlconn_close(c);
		return -err;
	}
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = errno;
		nlconn_close(c);
		return -err;
	}
	c->portid = mnl_socket_get_portid(c->nl);
	c->seq = (unsigned)time(NULL);
	return 0;
}

void nlconn_close(struct nlconn *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	free(c->buf);
	c->nl = NULL;
	c->buf = NULL;
}

static int send_request(struct nlconn *c, uint16_t msg, uint16_t flags)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | msg;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++c->seq;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof *g);
	g->nfgen_family = AF_UNSPEC; /* IPv4 and IPv6 alike */
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return 0;
}

int nlconn_query(struct nlconn *c, uint16_t msg, uint16_t flags,
		 mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg)
{
	int ret = send_request(c, msg, flags);
	if (ret < 0)
		return ret;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(c->nl, c->buf, c->bufsz);
		if (n < 0) {
			if (errno == EINTR)
				continue; /* a signal, not the dump's fault */
			return -errno;
		}
		/* libmnl reports NLM_F_DUMP_INTR as EINTR, and kernel errors
		 * (NLMSG_ERROR) with their errno. */
		ret = mnl_cb_run(c->buf, (size_t)n, c->seq, c->portid, cb, data);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
		if (tick && !tick(tick_arg))
			return -ECANCELED;
	}
}
