/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctfloor: what one dump of the conntrack table costs with nothing, or
 * with a stock parser, on top of the kernel's own work. It is the yardstick
 * for ctdash's hot path (src/ctmsg.c walks attributes by hand):
 *   count  only counts the messages: the floor, nothing can be faster;
 *   nfct   parses each message into a libnetfilter_conntrack object;
 *   mnl    walks each message with libmnl's generic attribute callbacks.
 * The parsing modes read the fields ctdash aggregates (l3, l4, TCP state,
 * status, timeout, original source) and print totals, so the three can be
 * checked against each other and against conntrack -L.
 *
 * Output, one line of name=value pairs:
 *   mode=count entries=N wall=S user=S sys=S [ipv4=N ipv6=N tcp=N ...]
 * Exit status: 0, 1 when the dump failed, 2 for a bad command line. */
#include <errno.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "collect/netns.h"

/* The same receive buffer as ctdash's (src/nlconn.c), so the kernel does
 * the same work for both. */
#define RECV_BUFSZ 65536

enum mode { MODE_COUNT, MODE_NFCT, MODE_MNL };
static const char *const mode_names[] = { "count", "nfct", "mnl" };

/* What the parsing modes add up; the sums stop the compiler from
 * dropping the reads and let the modes be compared. */
struct totals {
	uint64_t entries, ipv4, ipv6, tcp, udp, icmp, icmpv6, l4_other;
	uint64_t established, time_wait, assured, unreplied;
	uint64_t timeout_sum, src_sum;
};

static void add_entry(struct totals *t, uint8_t l3, uint8_t l4, int tcp_state, uint32_t status,
		      uint32_t timeout, const uint8_t *src, size_t srclen)
{
	t->ipv4 += l3 == AF_INET;
	t->ipv6 += l3 == AF_INET6;
	switch (l4) {
	case IPPROTO_TCP: t->tcp++; break;
	case IPPROTO_UDP: t->udp++; break;
	case IPPROTO_ICMP: t->icmp++; break;
	case IPPROTO_ICMPV6: t->icmpv6++; break;
	default: t->l4_other++; break;
	}
	t->established += tcp_state == TCP_CONNTRACK_ESTABLISHED;
	t->time_wait += tcp_state == TCP_CONNTRACK_TIME_WAIT;
	t->assured += (status & IPS_ASSURED) != 0;
	t->unreplied += (status & IPS_SEEN_REPLY) == 0;
	t->timeout_sum += timeout;
	for (size_t i = 0; i < srclen; i++)
		t->src_sum += src[i];
}

static int on_count(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	((struct totals *)data)->entries++;
	return MNL_CB_OK;
}

static int on_nfct(const struct nlmsghdr *nlh, void *data)
{
	struct totals *t = data;
	/* a fresh object per message, as libnetfilter_conntrack's own
	 * callbacks hand them out */
	struct nf_conntrack *ct = nfct_new();
	if (!ct)
		return MNL_CB_ERROR;
	if (nfct_nlmsg_parse(nlh, ct) < 0) {
		nfct_destroy(ct);
		return MNL_CB_ERROR;
	}
	t->entries++;
	uint8_t l3 = nfct_get_attr_u8(ct, ATTR_L3PROTO);
	uint8_t l4 = nfct_get_attr_u8(ct, ATTR_L4PROTO);
	int state = nfct_attr_is_set(ct, ATTR_TCP_STATE) ? nfct_get_attr_u8(ct, ATTR_TCP_STATE) : -1;
	const void *src = nfct_get_attr(ct, l3 == AF_INET6 ? ATTR_ORIG_IPV6_SRC : ATTR_ORIG_IPV4_SRC);
	add_entry(t, l3, l4, state, nfct_get_attr_u32(ct, ATTR_STATUS),
		  nfct_get_attr_u32(ct, ATTR_TIMEOUT), src, src ? (l3 == AF_INET6 ? 16 : 4) : 0);
	nfct_destroy(ct);
	return MNL_CB_OK;
}

/* The libmnl way: a table of attribute pointers per level, filled by a
 * validating callback. */
struct attr_table {
	const struct nlattr **tb;
	int max;
};

static int fill_table(const struct nlattr *attr, void *data)
{
	const struct attr_table *at = data;
	if (mnl_attr_type_valid(attr, (uint16_t)at->max) < 0)
		return MNL_CB_OK; /* newer than these headers: skip */
	at->tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static bool parse_nested(const struct nlattr *nest, const struct nlattr **tb, int max)
{
	struct attr_table at = { tb, max };
	memset(tb, 0, (size_t)(max + 1) * sizeof *tb);
	return mnl_attr_validate(nest, MNL_TYPE_NESTED) == 0 &&
	       mnl_attr_parse_nested(nest, fill_table, &at) >= 0;
}

static bool valid(const struct nlattr *a, enum mnl_attr_data_type type)
{
	return a && mnl_attr_validate(a, type) == 0;
}

static uint8_t get_u8(const struct nlattr *a)
{
	return valid(a, MNL_TYPE_U8) ? mnl_attr_get_u8(a) : 0;
}

static uint32_t get_be32(const struct nlattr *a)
{
	return valid(a, MNL_TYPE_U32) ? ntohl(mnl_attr_get_u32(a)) : 0;
}

/* The TCP state inside CTA_PROTOINFO, or -1. */
static int tcp_state(const struct nlattr *protoinfo)
{
	const struct nlattr *pinfo[CTA_PROTOINFO_MAX + 1], *tcp[CTA_PROTOINFO_TCP_MAX + 1];
	if (!protoinfo || !parse_nested(protoinfo, pinfo, CTA_PROTOINFO_MAX) ||
	    !pinfo[CTA_PROTOINFO_TCP] ||
	    !parse_nested(pinfo[CTA_PROTOINFO_TCP], tcp, CTA_PROTOINFO_TCP_MAX) ||
	    !valid(tcp[CTA_PROTOINFO_TCP_STATE], MNL_TYPE_U8))
		return -1;
	return mnl_attr_get_u8(tcp[CTA_PROTOINFO_TCP_STATE]);
}

static int on_mnl(const struct nlmsghdr *nlh, void *data)
{
	struct totals *t = data;
	const struct nlattr *cta[CTA_MAX + 1] = { 0 };
	const struct nlattr *tuple[CTA_TUPLE_MAX + 1], *ip[CTA_IP_MAX + 1];
	const struct nlattr *proto[CTA_PROTO_MAX + 1];
	struct attr_table at = { cta, CTA_MAX };
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof *g, fill_table, &at) < 0 || !cta[CTA_TUPLE_ORIG] ||
	    !parse_nested(cta[CTA_TUPLE_ORIG], tuple, CTA_TUPLE_MAX) ||
	    !tuple[CTA_TUPLE_IP] || !parse_nested(tuple[CTA_TUPLE_IP], ip, CTA_IP_MAX) ||
	    !tuple[CTA_TUPLE_PROTO] ||
	    !parse_nested(tuple[CTA_TUPLE_PROTO], proto, CTA_PROTO_MAX))
		return MNL_CB_ERROR;
	t->entries++;
	const struct nlattr *src = ip[CTA_IP_V4_SRC] ? ip[CTA_IP_V4_SRC] : ip[CTA_IP_V6_SRC];
	add_entry(t, g->nfgen_family, get_u8(proto[CTA_PROTO_NUM]), tcp_state(cta[CTA_PROTOINFO]),
		  get_be32(cta[CTA_STATUS]), get_be32(cta[CTA_TIMEOUT]),
		  src ? mnl_attr_get_payload(src) : NULL, src ? mnl_attr_get_payload_len(src) : 0);
	return MNL_CB_OK;
}

static int send_dump_request(struct mnl_socket *nl, unsigned seq)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof *g);
	g->nfgen_family = AF_UNSPEC;
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	return mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
}

/* One whole dump through cb. 0 or a negative errno (-EINTR: the kernel
 * flagged the dump inconsistent). */
static int dump(mnl_cb_t cb, struct totals *t)
{
	static uint8_t buf[RECV_BUFSZ];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl)
		return -errno;
	unsigned seq = (unsigned)time(NULL);
	int ret = mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ? -errno : send_dump_request(nl, seq);
	unsigned portid = mnl_socket_get_portid(nl);
	while (ret == 0) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		int r = mnl_cb_run(buf, (size_t)n, seq, portid, cb, t);
		if (r < 0)
			ret = -errno;
		else if (r == MNL_CB_STOP)
			break;
	}
	mnl_socket_close(nl);
	return ret;
}

static double seconds(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static void print_totals(const struct totals *t)
{
	printf(" ipv4=%" PRIu64 " ipv6=%" PRIu64 " tcp=%" PRIu64 " udp=%" PRIu64
	       " icmp=%" PRIu64 " icmpv6=%" PRIu64 " l4_other=%" PRIu64
	       " established=%" PRIu64 " time_wait=%" PRIu64 " assured=%" PRIu64
	       " unreplied=%" PRIu64 " timeout_sum=%" PRIu64 " src_sum=%" PRIu64,
	       t->ipv4, t->ipv6, t->tcp, t->udp, t->icmp, t->icmpv6, t->l4_other,
	       t->established, t->time_wait, t->assured, t->unreplied, t->timeout_sum, t->src_sum);
}

static int usage(FILE *out, int status)
{
	fprintf(out,
		"Usage: ctfloor count|nfct|mnl [--netns NAME]\n"
		"Dump the conntrack table once (IPv4 and IPv6) and print how long it took:\n"
		"  count  only count the messages (the kernel's own cost)\n"
		"  nfct   parse each into a libnetfilter_conntrack object\n"
		"  mnl    walk each with libmnl's attribute callbacks\n"
		"--netns NAME reads /run/netns/NAME. Needs CAP_NET_ADMIN.\n");
	return status;
}

int main(int argc, char **argv)
{
	static const mnl_cb_t callbacks[] = { on_count, on_nfct, on_mnl };
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return usage(stdout, 0);
	if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--netns") == 0))
		return usage(stderr, 2);
	int mode = -1;
	for (int m = 0; m < 3; m++)
		if (strcmp(argv[1], mode_names[m]) == 0)
			mode = m;
	if (mode < 0)
		return usage(stderr, 2);
	int err = argc == 4 ? netns_enter_name(argv[3]) : 0;
	if (err < 0) {
		fprintf(stderr, "ctfloor: cannot enter network namespace '%s': %s\n", argv[3],
			strerror(-err));
		return 2;
	}

	struct totals t = { 0 };
	struct rusage r0, r1;
	getrusage(RUSAGE_SELF, &r0);
	double w0 = mono_ms() / 1e3;
	int ret = dump(callbacks[mode], &t);
	double wall = mono_ms() / 1e3 - w0;
	getrusage(RUSAGE_SELF, &r1);
	if (ret < 0) {
		fprintf(stderr, "ctfloor: the dump failed after %" PRIu64 " entries: %s\n",
			t.entries, strerror(-ret));
		return 1;
	}
	printf("mode=%s entries=%" PRIu64 " wall=%.3f user=%.3f sys=%.3f", mode_names[mode],
	       t.entries, wall, seconds(r1.ru_utime) - seconds(r0.ru_utime),
	       seconds(r1.ru_stime) - seconds(r0.ru_stime));
	if (mode != MODE_COUNT)
		print_totals(&t);
	putchar('\n');
	return 0;
}
