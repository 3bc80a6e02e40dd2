/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/nlconn.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#define NL_BUFSZ NLCONN_BUFSZ

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
	/* Connected to the kernel, the socket refuses unicasts from any
	 * other netlink port: in a watched namespace a container's root can
	 * otherwise write to it (its port is our pid, easy to guess). */
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	if (connect(mnl_socket_get_fd(c->nl), (struct sockaddr *)&kernel, sizeof kernel) < 0) {
		int err = errno;
		nlconn_close(c);
		return -err;
	}
	c->portid = mnl_socket_get_portid(c->nl);
	c->seq = (unsigned)time(NULL);
	c->foreign = 0;
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

int nlconn_send(struct nlconn *c, uint16_t msg, uint16_t flags)
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

bool nl_datagram_ok(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	while (len > 0) {
		/* nlmsg_len is checked as the unsigned it is: libmnl's
		 * mnl_nlmsg_ok compares it as an int, so a length with the top
		 * bit set would pass there and send the walk past the buffer. */
		if (len < NLMSG_HDRLEN)
			return false;
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > len)
			return false;
		size_t step = NLMSG_ALIGN(nlh->nlmsg_len);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return true;
}

/* Whether a datagram received from `from` is one to take: 0 yes, 1 drop
 * it (not sent by the kernel: counted), or a negative errno when the
 * kernel's own datagram is cut short or not a whole sequence of messages. */
static int judge(struct nlconn *c, const struct sockaddr_nl *from, socklen_t namelen,
		 int flags, const void *buf, size_t n)
{
	if (namelen != sizeof *from || from->nl_family != AF_NETLINK || from->nl_pid != 0) {
		c->foreign++;
		return 1;
	}
	if (flags & MSG_TRUNC)
		return -EMSGSIZE;
	if (!nl_datagram_ok(buf, n))
		return -EBADMSG;
	return 0;
}

ssize_t nlconn_recv_into(struct nlconn *c, void *buf, size_t size, int flags)
{
	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = { buf, size };
		struct msghdr mh = {
			.msg_name = &from, .msg_namelen = sizeof from,
			.msg_iov = &iov, .msg_iovlen = 1,
		};
		ssize_t n = recvmsg(mnl_socket_get_fd(c->nl), &mh, flags);
		if (n < 0) {
			if (errno == EINTR)
				continue; /* a signal, not the dump's fault */
			return -errno;
		}
		int verdict = judge(c, &from, mh.msg_namelen, mh.msg_flags, buf, (size_t)n);
		if (verdict > 0)
			continue;
		return verdict < 0 ? verdict : n;
	}
}

/* One datagram from the kernel into c->buf. */
static ssize_t recv_from_kernel(struct nlconn *c)
{
	return nlconn_recv_into(c, c->buf, c->bufsz, 0);
}

int nl_batch_init(struct nl_batch *b, unsigned n, size_t slot)
{
	memset(b, 0, sizeof *b);
	b->mem = malloc(n * slot);
	b->mm = calloc(n, sizeof *b->mm);
	b->iov = calloc(n, sizeof *b->iov);
	b->from = calloc(n, sizeof *b->from);
	b->len = calloc(n, sizeof *b->len);
	if (!b->mem || !b->mm || !b->iov || !b->from || !b->len) {
		nl_batch_free(b);
		return -ENOMEM;
	}
	b->n = n;
	b->slot = slot;
	return 0;
}

void nl_batch_free(struct nl_batch *b)
{
	free(b->mem);
	free(b->mm);
	free(b->iov);
	free(b->from);
	free(b->len);
	memset(b, 0, sizeof *b);
}

int nlconn_recv_batch(struct nlconn *c, struct nl_batch *b)
{
	for (unsigned i = 0; i < b->n; i++) {
		b->iov[i] = (struct iovec){ b->mem + i * b->slot, b->slot };
		b->mm[i].msg_hdr = (struct msghdr){
			.msg_name = &b->from[i], .msg_namelen = sizeof b->from[i],
			.msg_iov = &b->iov[i], .msg_iovlen = 1,
		};
	}
	int got;
	do
		got = recvmmsg(mnl_socket_get_fd(c->nl), b->mm, b->n, MSG_DONTWAIT, NULL);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return -errno;
	for (int i = 0; i < got; i++) {
		const struct msghdr *mh = &b->mm[i].msg_hdr;
		size_t n = b->mm[i].msg_len;
		int verdict = judge(c, &b->from[i], mh->msg_namelen, mh->msg_flags, b->iov[i].iov_base, n);
		b->len[i] = verdict == 0 ? (ssize_t)n : verdict > 0 ? 0 : verdict;
	}
	return got;
}

ssize_t nlconn_recv(struct nlconn *c)
{
	return recv_from_kernel(c);
}

/* Feed the kernel's answer to the request just sent to cb, until done. */
static int run_query(struct nlconn *c, mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg)
{
	for (;;) {
		ssize_t n = recv_from_kernel(c);
		if (n < 0)
			return (int)n;
		/* libmnl reports NLM_F_DUMP_INTR as EINTR, and kernel errors
		 * (NLMSG_ERROR) with their errno. */
		int ret = mnl_cb_run(c->buf, (size_t)n, c->seq, c->portid, cb, data);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
		if (tick && !tick(tick_arg))
			return -ECANCELED;
	}
}

int nlconn_query(struct nlconn *c, uint16_t msg, uint16_t flags,
		 mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg)
{
	int ret = nlconn_send(c, msg, flags);
	if (ret < 0)
		return ret;
	return run_query(c, cb, data, tick, tick_arg);
}

int nlconn_send_msg(struct nlconn *c, struct nlmsghdr *nlh)
{
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	nlh->nlmsg_seq = ++c->seq;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return 0;
}

int nlconn_query_msg(struct nlconn *c, struct nlmsghdr *nlh,
		     mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg)
{
	int ret = nlconn_send_msg(c, nlh);
	if (ret < 0)
		return ret;
	return run_query(c, cb, data, tick, tick_arg);
}

int nlconn_request(struct nlconn *c, struct nlmsghdr *nlh)
{
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv_from_kernel(c);
		if (n < 0)
			return (int)n;
		int ret = mnl_cb_run(c->buf, (size_t)n, c->seq, c->portid, NULL, NULL);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}
