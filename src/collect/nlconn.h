/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A ctnetlink request/response exchange over one libmnl socket. */
#ifndef CTDASH_NLCONN_H
#define CTDASH_NLCONN_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <linux/netlink.h>

/* A receive buffer: the kernel hands out at most 32 KiB per datagram for
 * a dump; twice that leaves room so no datagram is ever truncated. */
#define NLCONN_BUFSZ 65536

struct nlconn {
	struct mnl_socket *nl;
	unsigned portid;
	unsigned seq;
	uint8_t *buf;
	size_t bufsz;
	uint64_t foreign; /* datagrams dropped: not sent by the kernel */
};

/* Called after every datagram received; return false to stop the query. */
typedef bool (*nl_tick_fn)(void *arg);

/* 0, or a negative errno (EPERM without CAP_NET_ADMIN, EPROTONOSUPPORT
 * when the netfilter netlink family is absent). */
int nlconn_open(struct nlconn *c);
void nlconn_close(struct nlconn *c);

/* Whether a datagram of len bytes is a whole sequence of netlink messages,
 * each length within what is left: what every datagram must be before
 * libmnl walks it. */
bool nl_datagram_ok(const void *buf, size_t len);

/* Send a ctnetlink request (IPCTNL_MSG_CT_*, family AF_UNSPEC) and feed
 * every reply message to cb until the kernel says done (a dump's DONE, or
 * the ACK a non-dump request asks for with NLM_F_ACK). Returns 0, or a
 * negative errno: -EINTR when the kernel flagged the dump inconsistent
 * (NLM_F_DUMP_INTR), -ENOBUFS when messages were lost, -ECANCELED when
 * tick asked to stop, -EBADMSG for a datagram that is not a whole
 * sequence of messages. Only the kernel's datagrams are read. After an error the socket must be reopened. */
int nlconn_query(struct nlconn *c, uint16_t msg, uint16_t flags,
		 mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg);

/* The same with a request the caller built whole (a dump with filter
 * attributes): its flags get NLM_F_REQUEST, its sequence number is set
 * here. */
int nlconn_query_msg(struct nlconn *c, struct nlmsghdr *nlh,
		     mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg);

/* One datagram into c->buf, as nlconn_query reads them: only the kernel's
 * (others are dropped and counted in c->foreign), whole and each message
 * length checked (nl_datagram_ok). Its length, or a negative errno
 * (-EAGAIN on a non-blocking socket with nothing queued, -ENOBUFS when
 * the kernel dropped messages for want of room, -EMSGSIZE, -EBADMSG). */
ssize_t nlconn_recv(struct nlconn *c);

/* The same into buf of size bytes (recvmsg flags: MSG_DONTWAIT), for a
 * reader of its own (src/collect/nlpipe.c). */
ssize_t nlconn_recv_into(struct nlconn *c, void *buf, size_t size, int flags);

/* The requests nlconn_query and nlconn_query_msg send (the same sequence
 * number rules), without reading the answer: 0 or a negative errno. */
int nlconn_send(struct nlconn *c, uint16_t msg, uint16_t flags);
int nlconn_send_msg(struct nlconn *c, struct nlmsghdr *nlh);

/* Send nlh, a whole request the caller built (its flags get NLM_F_ACK,
 * its sequence number is set here), and wait for the kernel's answer: 0
 * for the ACK, or the negative errno it sent (-ENOENT: no such entry). */
int nlconn_request(struct nlconn *c, struct nlmsghdr *nlh);

/* Many datagrams in one call (recvmmsg), for the event socket: at 50,000
 * events a second one system call each would cost more than the events. */
struct nl_batch {
	unsigned n;          /* datagrams at most per call */
	size_t slot;         /* bytes each may take */
	uint8_t *mem;        /* n slots */
	struct mmsghdr *mm;
	struct iovec *iov;
	struct sockaddr_nl *from;
	ssize_t *len;        /* per datagram of the last call: its length, 0
				when dropped (not the kernel's, counted in
				foreign), or a negative errno (-EMSGSIZE,
				-EBADMSG) */
};

int nl_batch_init(struct nl_batch *b, unsigned n, size_t slot);
void nl_batch_free(struct nl_batch *b);
/* Whatever is queued, up to b->n datagrams, without waiting, each judged
 * as nlconn_recv judges one. Returns how many were received (b->len[i]
 * says what each is), or a negative errno: -EAGAIN nothing queued,
 * -ENOBUFS the kernel dropped messages for want of room. */
int nlconn_recv_batch(struct nlconn *c, struct nl_batch *b);

#endif
