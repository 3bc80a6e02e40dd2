/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loopback traffic generator. Each public function checks its addresses
 * with lg_addr_is_loopback before it makes a socket, so no caller can send
 * anywhere else by building a struct lg_addr by hand. */
#include "base/clock.h"
#include "demo/loadgen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Longest any one socket call may block before the generator gives up. */
#define WAIT_MS 2000
/* Datagrams handed to the kernel per sendmmsg call. */
#define BATCH 256
/* ENOBUFS means the kernel is short of memory for a moment: wait a
 * millisecond and retry, but not forever. */
#define MAX_STALLS 2000
/* Destination ports for lg_udp_fill: above the privileged range. */
#define FILL_PORT_LO 1024
#define FILL_PORT_HI 65535
/* Caps that keep a typo from asking for a billion file descriptors. */
#define MAX_SOCKETS 65536
#define MAX_HELD (1u << 20)

#define ICMP_ECHO_REQUEST 8
#define ICMP_ECHO_REPLY 0
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define PING_WAIT_MS 1000

static char payload[] = "ctdash";

bool lg_addr_is_loopback(const struct lg_addr *a)
{
	if (a->family == AF_INET)
		return ntohl(a->v4.s_addr) >> 24 == 127;
	if (a->family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&a->v6);
	return false;
}

int lg_addr_parse(const char *text, struct lg_addr *out)
{
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, text, &out->v4) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, text, &out->v6) == 1)
		out->family = AF_INET6;
	else
		return -EINVAL;
	return lg_addr_is_loopback(out) ? 0 : -EPERM;
}

const char *lg_addr_str(const struct lg_addr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->family == AF_INET ? (const void *)&a->v4 : (const void *)&a->v6,
		       buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

/* src may be NULL when only a destination is involved. */
static int check_pair(const struct lg_addr *src, const struct lg_addr *dst)
{
	if (!lg_addr_is_loopback(dst) || (src && !lg_addr_is_loopback(src)))
		return -EPERM;
	if (src && src->family != dst->family)
		return -EINVAL;
	return 0;
}

static socklen_t to_sockaddr(const struct lg_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = a->v4;
		return sizeof *sin;
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = a->v6;
	return sizeof *sin6;
}

static int fail_close(int fd)
{
	int err = -errno;
	close(fd);
	return err;
}

/* Blocking calls on fd (connect, accept, read, send) give up after
 * WAIT_MS. */
static int set_timeouts(int fd)
{
	struct timeval tv = { WAIT_MS / 1000, (WAIT_MS % 1000) * 1000 };
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0)
		return -errno;
	return 0;
}

static int open_socket(int family, int type, int proto)
{
	int fd = socket(family, type | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	if (set_timeouts(fd) < 0)
		return fail_close(fd);
	return fd;
}

static int bind_to(int fd, const struct lg_addr *a, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len = to_sockaddr(a, port, &ss);
	return bind(fd, (struct sockaddr *)&ss, len) < 0 ? -errno : 0;
}

/* What to do after sendmmsg failed: 0 to retry, else the error to give. */
static int send_stalled(int fd, unsigned *stalls)
{
	int err = errno;
	if (++*stalls > MAX_STALLS)
		return -err;
	if (err == EINTR)
		return 0;
	if (err == ENOBUFS) {
		sleep_ms(1);
		return 0;
	}
	if (err != EAGAIN)
		return -err;
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int r = poll(&p, 1, WAIT_MS);
	return r > 0 ? 0 : r == 0 ? -ETIMEDOUT : -errno;
}

struct udp_batch {
	struct sockaddr_storage to[BATCH];
	struct mmsghdr msg[BATCH];
	struct iovec iov;
};

/* One datagram to each of n ports from port up, batched with sendmmsg. */
static int send_ports(struct udp_batch *b, int fd, const struct lg_addr *dst, uint16_t port,
		      uint64_t n, uint64_t *sent)
{
	unsigned stalls = 0;
	b->iov = (struct iovec){ payload, sizeof payload - 1 };
	while (n > 0) {
		unsigned k = n < BATCH ? (unsigned)n : BATCH;
		for (unsigned i = 0; i < k; i++) {
			socklen_t len = to_sockaddr(dst, (uint16_t)(port + i), &b->to[i]);
			b->msg[i] = (struct mmsghdr){ .msg_hdr = {
				.msg_name = &b->to[i], .msg_namelen = len,
				.msg_iov = &b->iov, .msg_iovlen = 1,
			} };
		}
		unsigned done = 0;
		while (done < k) {
			int r = sendmmsg(fd, b->msg + done, k - done, 0);
			if (r > 0) {
				done += (unsigned)r;
				*sent += (unsigned)r;
				stalls = 0;
				continue;
			}
			int ret = send_stalled(fd, &stalls);
			if (ret < 0)
				return ret;
		}
		port = (uint16_t)(port + k);
		n -= k;
	}
	return 0;
}

static int udp_socket(const struct lg_addr *src)
{
	int fd = socket(src->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int ret = bind_to(fd, src, 0);
	if (ret < 0)
		close(fd);
	return ret < 0 ? ret : fd;
}

int lg_udp_send(const struct lg_udp_flows *f, uint64_t *sent)
{
	*sent = 0;
	int ret = check_pair(&f->src, &f->dst);
	if (ret < 0)
		return ret;
	unsigned nsock = f->sockets ? f->sockets : 1;
	if (f->port_lo == 0 || f->port_lo > f->port_hi || nsock > MAX_SOCKETS)
		return -EINVAL;
	uint64_t per_socket = (uint64_t)f->port_hi - f->port_lo + 1;
	uint64_t want = per_socket * nsock;
	if (f->limit && f->limit < want)
		want = f->limit;

	/* Every socket stays open until the end so that the kernel cannot hand
	 * a source port out twice: each datagram must be a new tuple. */
	int *fds = malloc(nsock * sizeof *fds);
	struct udp_batch *b = malloc(sizeof *b);
	if (!fds || !b) {
		free(fds);
		free(b);
		return -ENOMEM;
	}
	unsigned opened = 0;
	while (opened < nsock && *sent < want) {
		int fd = udp_socket(&f->src);
		if (fd < 0) {
			ret = fd;
			break;
		}
		fds[opened++] = fd;
		uint64_t n = want - *sent < per_socket ? want - *sent : per_socket;
		ret = send_ports(b, fd, &f->dst, f->port_lo, n, sent);
		if (ret < 0)
			break;
	}
	while (opened > 0)
		close(fds[--opened]);
	free(fds);
	free(b);
	return ret;
}

int lg_udp_fill(const struct lg_addr *first_src, unsigned nsrc,
		const struct lg_addr *dst, uint64_t count, uint64_t *sent)
{
	*sent = 0;
	int ret = check_pair(first_src, dst);
	if (ret < 0)
		return ret;
	if (first_src->family != AF_INET || nsrc == 0)
		return -EINVAL;
	uint64_t first = ntohl(first_src->v4.s_addr);
	if ((first + nsrc - 1) >> 24 != 127)
		return -EPERM; /* the range would leave 127.0.0.0/8 */

	const uint64_t ports = FILL_PORT_HI - FILL_PORT_LO + 1;
	for (unsigned i = 0; i < nsrc && ret == 0; i++) {
		uint64_t share = count / nsrc + (i < count % nsrc);
		if (share == 0)
			continue;
		struct lg_udp_flows f = {
			.src = { .family = AF_INET, .v4.s_addr = htonl((uint32_t)(first + i)) },
			.dst = *dst,
			.port_lo = FILL_PORT_LO,
			.port_hi = FILL_PORT_HI,
			.sockets = (unsigned)((share + ports - 1) / ports),
			.limit = share,
		};
		uint64_t n = 0;
		ret = lg_udp_send(&f, &n);
		*sent += n;
	}
	return ret;
}

static int tcp_listener(const struct lg_addr *dst, struct sockaddr_storage *addr, socklen_t *len)
{
	int fd = open_socket(dst->family, SOCK_STREAM, 0);
	if (fd < 0)
		return fd;
	*len = to_sockaddr(dst, 0, addr);
	if (bind(fd, (struct sockaddr *)addr, *len) < 0 || listen(fd, 64) < 0 ||
	    getsockname(fd, (struct sockaddr *)addr, len) < 0)
		return fail_close(fd);
	return fd;
}

static int tcp_connect(const struct lg_addr *src, const struct sockaddr_storage *to, socklen_t len)
{
	int fd = open_socket(src->family, SOCK_STREAM, 0);
	if (fd < 0)
		return fd;
	/* Pick the source port at connect time, where the kernel may reuse a
	 * port whose old connection is in TIME_WAIT; bind-time choice would
	 * run out after one ephemeral range. */
	int one = 1;
	if (setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one) < 0 ||
	    bind_to(fd, src, 0) < 0 || connect(fd, (const struct sockaddr *)to, len) < 0)
		return fail_close(fd);
	return fd;
}

/* A connection from src to the listener: client end in *c, server in *s. */
static int tcp_pair(int listener, const struct lg_addr *src, const struct sockaddr_storage *to,
		    socklen_t len, int *c, int *s)
{
	*c = tcp_connect(src, to, len);
	if (*c < 0)
		return *c;
	*s = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
	int ret = *s < 0 ? -errno : set_timeouts(*s);
	if (ret < 0) {
		if (*s >= 0)
			close(*s);
		close(*c);
	}
	return ret;
}

/* The client sends its FIN first and the server answers with its own, so
 * the final ACK comes from the client: conntrack moves to TIME_WAIT. Each
 * read waits (at most WAIT_MS) until the other side's FIN has arrived. */
static int close_client_first(int c, int s)
{
	char b;
	int ret = 0;
	if (shutdown(c, SHUT_WR) < 0 || read(s, &b, 1) != 0)
		ret = -EPROTO;
	close(s);
	if (ret == 0 && read(c, &b, 1) != 0)
		ret = -EPROTO;
	close(c);
	return ret;
}

int lg_tcp_timewait(const struct lg_addr *src, const struct lg_addr *dst,
		    unsigned count, unsigned *done)
{
	*done = 0;
	int ret = check_pair(src, dst);
	if (ret < 0)
		return ret;
	struct sockaddr_storage to;
	socklen_t len;
	int listener = tcp_listener(dst, &to, &len);
	if (listener < 0)
		return listener;
	for (unsigned i = 0; i < count && ret == 0; i++) {
		int c, s;
		ret = tcp_pair(listener, src, &to, len, &c, &s);
		if (ret == 0)
			ret = close_client_first(c, s);
		if (ret == 0)
			++*done;
	}
	close(listener);
	return ret;
}

int lg_tcp_hold(const struct lg_addr *src, const struct lg_addr *dst,
		unsigned count, struct lg_tcp_held *h)
{
	*h = (struct lg_tcp_held){ .listener = -1 };
	int ret = check_pair(src, dst);
	if (ret < 0)
		return ret;
	if (count > MAX_HELD)
		return -EINVAL;
	h->fds = malloc((2 * (size_t)count + 1) * sizeof *h->fds);
	if (!h->fds)
		return -ENOMEM;
	struct sockaddr_storage to;
	socklen_t len;
	h->listener = tcp_listener(dst, &to, &len);
	if (h->listener < 0)
		return h->listener;
	for (; h->n < count; h->n++) {
		int *pair = &h->fds[2 * h->n];
		ret = tcp_pair(h->listener, src, &to, len, &pair[0], &pair[1]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void lg_tcp_release(struct lg_tcp_held *h)
{
	for (unsigned i = 0; i < 2 * h->n; i++)
		close(h->fds[i]);
	if (h->listener >= 0)
		close(h->listener);
	free(h->fds);
	*h = (struct lg_tcp_held){ .listener = -1 };
}

/* RFC 1071 checksum, as a host-order value of the big-endian word. */
static uint16_t inet_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

struct ping_run {
	int fd, family;
	uint16_t first_id;
	unsigned count, replies;
	uint8_t *seen; /* one bit per identifier */
};

static int send_echo(const struct ping_run *pr, const struct sockaddr_storage *to,
		     socklen_t len, uint16_t id)
{
	uint8_t pkt[8 + sizeof payload] = { 0 };
	pkt[0] = pr->family == AF_INET ? ICMP_ECHO_REQUEST : ICMP6_ECHO_REQUEST;
	put_be16(pkt + 4, id);
	put_be16(pkt + 6, 1);
	memcpy(pkt + 8, payload, sizeof payload);
	/* the kernel fills in the ICMPv6 checksum (it covers a pseudo-header) */
	if (pr->family == AF_INET)
		put_be16(pkt + 2, inet_csum(pkt, sizeof pkt));
	if (sendto(pr->fd, pkt, sizeof pkt, 0, (const struct sockaddr *)to, len) < 0)
		return -errno;
	return 0;
}

/* Note an echo reply that answers one of ours. A raw IPv4 socket also
 * sees the IP header and our own requests coming in on lo. */
static void take_reply(struct ping_run *pr, const uint8_t *p, size_t n)
{
	uint8_t reply = ICMP6_ECHO_REPLY;
	if (pr->family == AF_INET) {
		size_t ihl = n ? (size_t)(p[0] & 0x0f) * 4 : 0;
		if (ihl < 20 || ihl > n)
			return;
		p += ihl;
		n -= ihl;
		reply = ICMP_ECHO_REPLY;
	}
	if (n < 8 || p[0] != reply)
		return;
	uint16_t k = (uint16_t)(((unsigned)p[4] << 8 | p[5]) - pr->first_id);
	if (k >= pr->count || pr->seen[k / 8] & (1u << (k % 8)))
		return;
	pr->seen[k / 8] |= (uint8_t)(1u << (k % 8));
	pr->replies++;
}

static void drain_replies(struct ping_run *pr, int wait_ms)
{
	uint8_t buf[512];
	struct pollfd p = { .fd = pr->fd, .events = POLLIN };
	while (pr->replies < pr->count && poll(&p, 1, wait_ms) > 0) {
		ssize_t n = recv(pr->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0)
			break;
		take_reply(pr, buf, (size_t)n);
	}
}

static int ping_all(struct ping_run *pr, const struct lg_addr *dst)
{
	struct sockaddr_storage to;
	socklen_t len = to_sockaddr(dst, 0, &to);
	for (unsigned i = 0; i < pr->count; i++) {
		int ret = send_echo(pr, &to, len, (uint16_t)(pr->first_id + i));
		if (ret < 0)
			return ret;
		drain_replies(pr, 0); /* keep the receive queue from overflowing */
	}
	double deadline = mono_ms() + PING_WAIT_MS;
	while (pr->replies < pr->count && mono_ms() < deadline)
		drain_replies(pr, (int)(deadline - mono_ms()) + 1);
	return 0;
}

int lg_ping(const struct lg_addr *dst, unsigned count, unsigned *replies)
{
	*replies = 0;
	int ret = check_pair(NULL, dst);
	if (ret < 0)
		return ret;
	if (count > 65536)
		return -EINVAL; /* identifiers would repeat */
	struct ping_run pr = {
		.family = dst->family,
		.count = count,
		/* vary the identifiers between runs, so that a second run
		 * most likely adds entries instead of refreshing old ones */
		.first_id = (uint16_t)((unsigned)getpid() * 7919u + (unsigned)mono_ms()),
		.seen = calloc(count / 8 + 1, 1),
	};
	if (!pr.seen)
		return -ENOMEM;
	pr.fd = open_socket(dst->family, SOCK_RAW,
			    dst->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	ret = pr.fd < 0 ? pr.fd : ping_all(&pr, dst);
	*replies = pr.replies;
	if (pr.fd >= 0)
		close(pr.fd);
	free(pr.seen);
	return ret;
}
