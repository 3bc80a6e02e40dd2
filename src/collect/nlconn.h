/* A ctnetlink request/response exchange over one libmnl socket. */
#ifndef CTDASH_NLCONN_H
#define CTDASH_NLCONN_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* One datagram into c->buf, as nlconn_query reads them: only the kernel's
 * (others are dropped and counted in c->foreign), whole and each message
 * length checked (nl_datagram_ok). Its length, or a negative errno
 * (-EAGAIN on a non-blocking socket with nothing queued, -ENOBUFS when
 * the kernel dropped messages for want of room, -EMSGSIZE, -EBADMSG). */
ssize_t nlconn_recv(struct nlconn *c);

/* Send nlh, a whole request the caller built (its flags get NLM_F_ACK,
 * its sequence number is set here), and wait for the kernel's answer: 0
 * for the ACK, or the negative errno it sent (-ENOENT: no such entry). */
int nlconn_request(struct nlconn *c, struct nlmsghdr *nlh);

#endif
