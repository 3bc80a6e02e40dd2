/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loopback traffic that leaves known conntrack entries behind: for the
 * integration tests, the benchmark and ctdash --demo. Everything runs in
 * the caller's current network namespace (enter a private one first).
 *
 * Safety rule of the project: every address is checked, and anything that
 * is not loopback (127.0.0.0/8, ::1) is refused before a socket is made.
 * Every loop is bounded by a count, and no call waits forever.
 *
 * Functions return 0 or a negative errno; -EPERM when an address is not
 * loopback.
 */
#ifndef CTDASH_LOADGEN_H
#define CTDASH_LOADGEN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct lg_addr {
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* The only addresses traffic may go to or come from. */
bool lg_addr_is_loopback(const struct lg_addr *a);

/* Text to address: -EINVAL when it is not an address, -EPERM when it is
 * one but not loopback. */
int lg_addr_parse(const char *text, struct lg_addr *out);

/* A printable form of a (INET6_ADDRSTRLEN bytes are enough). */
const char *lg_addr_str(const struct lg_addr *a, char *buf, size_t len);

/* UDP datagrams, one per flow: every source port (one socket each) sends
 * to every destination port in [port_lo, port_hi], so each datagram is a
 * new conntrack entry, left UNREPLIED. */
struct lg_udp_flows {
	struct lg_addr src, dst;  /* same family */
	uint16_t port_lo, port_hi;
	unsigned sockets;         /* distinct source ports; 0 means 1 */
	uint64_t limit;           /* stop after this many datagrams; 0: all */
};

int lg_udp_send(const struct lg_udp_flows *f, uint64_t *sent);

/* count UDP flows spread evenly over nsrc consecutive IPv4 sources from
 * first_src (all of them in 127.0.0.0/8) to dst: for big tables. */
int lg_udp_fill(const struct lg_addr *first_src, unsigned nsrc,
		const struct lg_addr *dst, uint64_t count, uint64_t *sent);

/* count short TCP connections to a listener on dst, each closed by the
 * client first, so conntrack keeps them in TIME_WAIT. Each is a new entry
 * until the kernel starts reusing the source ports of connections still
 * in TIME_WAIT (tcp_tw_reuse, on for loopback): about 14,000 per source
 * address on this kernel; spread bigger counts over several sources. */
int lg_tcp_timewait(const struct lg_addr *src, const struct lg_addr *dst,
		    unsigned count, unsigned *done);

/* Connections held open, so conntrack keeps them ESTABLISHED. */
struct lg_tcp_held {
	int listener;
	int *fds;   /* two per connection: client end, server end */
	unsigned n; /* connections open */
};

/* Open count connections into h; on error the ones already open stay in h
 * (release them with lg_tcp_release). */
int lg_tcp_hold(const struct lg_addr *src, const struct lg_addr *dst,
		unsigned count, struct lg_tcp_held *h);
void lg_tcp_release(struct lg_tcp_held *h);

/* count ICMP (or ICMPv6) echo requests to dst, each with its own
 * identifier so each is its own conntrack entry; waits up to about a
 * second for the replies. Needs CAP_NET_RAW (a raw socket). */
int lg_ping(const struct lg_addr *dst, unsigned count, unsigned *replies);

#endif
