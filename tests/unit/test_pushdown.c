/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What of a filter goes to the kernel (src/model/pushdown.c) and the
 * dump request that carries it (src/collect/dump_entries.c): only terms of the
 * top-level conjunction the kernel checks exactly as filter_match does;
 * anything under or/not, prefixes, port ranges, zone 0 stay in user space. */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/dump_entries.h"
#include "model/filter.h"

static bool push(const char *text, struct ct_pushdown *pd)
{
	struct ct_filter f;
	struct filter_error err;
	assert_int_equal(filter_parse(text, strlen(text), &f, &err), 0);
	bool any = filter_pushdown(&f, pd);
	filter_free(&f);
	return any;
}

static void test_nothing_to_push(void **state)
{
	(void)state;
	struct ct_pushdown pd;
	const char *user_space_only[] = {
		"", "assured", "state ESTABLISHED", "timeout <30", "nat",
		"src 127.0.0.1 or src 127.0.0.2", "not mark 7", "mark 7 or zone 3",
		"zone 0",                   /* a zone of one direction reads 0 here */
		"proto udp",                /* a tuple filter needs the family */
		"sport 53", "reply-src 127.0.0.1", "(mark 1 or mark 2) and assured",
		"snat", "dnat", "nat-src 10.0.0.1", "nat-dst 10.0.0.1",
	};
	for (size_t i = 0; i < sizeof user_space_only / sizeof *user_space_only; i++) {
		bool any = push(user_space_only[i], &pd);
		if (any)
			fail_msg("'%s' was pushed down", user_space_only[i]);
	}
}

static void test_terms_pushed(void **state)
{
	(void)state;
	struct ct_pushdown pd;
	assert_true(push("mark 7", &pd));
	assert_true(pd.has_mark);
	assert_int_equal(pd.mark, 7);
	assert_int_equal(pd.mark_mask, 0xffffffffu);
	assert_int_equal(pd.family, 0);

	assert_true(push("mark 0x107/0xff", &pd)); /* the value is masked, as filter_match does */
	assert_int_equal(pd.mark, 7);
	assert_int_equal(pd.mark_mask, 0xff);

	assert_true(push("zone 5 and assured", &pd));
	assert_true(pd.has_zone);
	assert_int_equal(pd.zone, 5);
	assert_false(pd.has_mark);

	assert_true(push("l3 ipv6 and proto udp", &pd));
	assert_int_equal(pd.family, AF_INET6);
	assert_true(pd.has_proto);
	assert_int_equal(pd.l4proto, 17);

	assert_true(push("src 127.0.2.3 and (dport 1 or dport 2)", &pd));
	assert_int_equal(pd.family, AF_INET);
	assert_true(pd.has_src);
	assert_false(pd.has_dst);
	assert_false(pd.has_dport);
	uint8_t want[16] = { 127, 0, 2, 3 };
	assert_memory_equal(pd.src, want, 16);

	assert_true(push("dst 127.0.0.1 and proto tcp and sport 40000 and dport 443", &pd));
	assert_int_equal(pd.family, AF_INET);
	assert_true(pd.has_dst);
	assert_int_equal(pd.dst[3], 1);
	assert_true(pd.has_sport);
	assert_int_equal(pd.sport, 40000);
	assert_int_equal(pd.dport, 443);
}

static void test_ports_need_tcp_or_udp(void **state)
{
	(void)state;
	struct ct_pushdown pd;
	/* the kernel checks ports for TCP and UDP only */
	assert_true(push("l3 ipv4 and proto sctp and dport 80", &pd));
	assert_true(pd.has_proto);
	assert_false(pd.has_dport);
	/* a range is left to filter_match */
	assert_true(push("l3 ipv4 and proto udp and dport 80-81", &pd));
	assert_false(pd.has_dport);
	/* no protocol term: no ports */
	assert_true(push("src 127.0.0.1 and dport 80", &pd));
	assert_false(pd.has_proto);
	assert_false(pd.has_dport);
	/* the first of two terms of a kind is pushed; filter_match does both */
	assert_true(push("mark 1 and mark 2", &pd));
	assert_int_equal(pd.mark, 1);
	/* an IPv6 address: only its family (the kernel's IPv6 compare drops
	 * the entries that match) */
	assert_true(push("dst ::1 and proto udp and dport 53", &pd));
	assert_int_equal(pd.family, AF_INET6);
	assert_false(pd.has_dst);
	assert_true(pd.has_dport);
	/* a prefix: its family only (the kernel compares whole addresses) */
	assert_true(push("src 127.0.0.0/8", &pd));
	assert_int_equal(pd.family, AF_INET);
	assert_false(pd.has_src);
	/* a family clash: the address of the other family stays in user space */
	assert_true(push("l3 ipv6 and src 127.0.0.1", &pd));
	assert_int_equal(pd.family, AF_INET6);
	assert_false(pd.has_src);
}

/* The request, attribute by attribute. */
struct seen {
	uint32_t mark, mask, flags;
	uint16_t zone, dport;
	uint8_t proto;
	bool tuple, src4;
};

static int on_proto(const struct nlattr *a, void *data)
{
	struct seen *s = data;
	if (mnl_attr_get_type(a) == CTA_PROTO_NUM)
		s->proto = mnl_attr_get_u8(a);
	if (mnl_attr_get_type(a) == CTA_PROTO_DST_PORT)
		s->dport = ntohs(mnl_attr_get_u16(a));
	return MNL_CB_OK;
}

static int on_tuple(const struct nlattr *a, void *data)
{
	struct seen *s = data;
	if (mnl_attr_get_type(a) == CTA_TUPLE_PROTO)
		mnl_attr_parse_nested(a, on_proto, s);
	if (mnl_attr_get_type(a) == CTA_TUPLE_IP)
		s->src4 = true;
	return MNL_CB_OK;
}

static int on_filter(const struct nlattr *a, void *data)
{
	struct seen *s = data;
	if (mnl_attr_get_type(a) == CTA_FILTER_ORIG_FLAGS)
		s->flags = mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int on_top(const struct nlattr *a, void *data)
{
	struct seen *s = data;
	switch (mnl_attr_get_type(a)) {
	case CTA_MARK: s->mark = ntohl(mnl_attr_get_u32(a)); break;
	case CTA_MARK_MASK: s->mask = ntohl(mnl_attr_get_u32(a)); break;
	case CTA_ZONE: s->zone = ntohs(mnl_attr_get_u16(a)); break;
	case CTA_TUPLE_ORIG: s->tuple = true; mnl_attr_parse_nested(a, on_tuple, s); break;
	case CTA_FILTER: mnl_attr_parse_nested(a, on_filter, s); break;
	}
	return MNL_CB_OK;
}

static void test_request(void **state)
{
	(void)state;
	struct ct_pushdown pd;
	assert_true(push("src 127.0.2.3 and proto udp and dport 53 and mark 7/0xf and zone 9", &pd));
	uint64_t buf[CT_PUSHDOWN_REQ_MAX / 8];
	struct nlmsghdr *nlh = ct_pushdown_request(buf, &pd);
	assert_true(nlh->nlmsg_len <= CT_PUSHDOWN_REQ_MAX);
	assert_int_equal(nlh->nlmsg_type, (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET);
	assert_true(nlh->nlmsg_flags & NLM_F_DUMP);
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(g->nfgen_family, AF_INET);
	struct seen s = { 0 };
	assert_int_equal(mnl_attr_parse(nlh, sizeof *g, on_top, &s), MNL_CB_OK);
	assert_int_equal(s.mark, 7);
	assert_int_equal(s.mask, 0xf);
	assert_int_equal(s.zone, 9);
	assert_true(s.tuple);
	assert_true(s.src4);
	assert_int_equal(s.proto, 17);
	assert_int_equal(s.dport, 53);
	/* the kernel's CTA_FILTER_F_*: IP_SRC 1<<0, PROTO_NUM 1<<3, DST_PORT 1<<5 */
	assert_int_equal(s.flags, (1u << 0) | (1u << 3) | (1u << 5));

	/* a mark alone: no tuple, no CTA_FILTER, any family */
	assert_true(push("mark 7", &pd));
	nlh = ct_pushdown_request(buf, &pd);
	g = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(g->nfgen_family, AF_UNSPEC);
	memset(&s, 0, sizeof s);
	assert_int_equal(mnl_attr_parse(nlh, sizeof *g, on_top, &s), MNL_CB_OK);
	assert_false(s.tuple);
	assert_int_equal(s.flags, 0);
	assert_int_equal(s.mark, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_to_push),
		cmocka_unit_test(test_terms_pushed),
		cmocka_unit_test(test_ports_need_tcp_or_udp),
		cmocka_unit_test(test_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
