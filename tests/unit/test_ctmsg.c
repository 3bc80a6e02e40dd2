/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct_parse_entry on real ctnetlink messages (tests/fixtures), checked
 * against what conntrack(8) said of the same entries, and on every way
 * those messages can be cut short or made inconsistent. */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/ctmsg.h"
#include "fixture.h"
#include "model/model.h"

#define NFMSG_HDRLEN (NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg)))

static enum ct_parse_result parse(const struct fixture *f, struct ct_entry *e)
{
	return ct_parse_entry((const struct nlmsghdr *)f->msg, e);
}

static const char *result_name(enum ct_parse_result r)
{
	return r == CT_PARSE_OK ? "OK" : r == CT_PARSE_NOT_CT ? "NOT_CT" :
	       r == CT_PARSE_TRUNCATED ? "TRUNCATED" : "?";
}

static void expect_result(const char *what, enum ct_parse_result got, enum ct_parse_result want)
{
	if (got != want)
		fail_msg("%s: parsed as %s, expected %s", what, result_name(got), result_name(want));
}

static bool tuples_equal(const struct ct_tuple *a, const struct ct_tuple *b)
{
	return a->has == b->has && memcmp(a->src, b->src, 16) == 0 &&
	       memcmp(a->dst, b->dst, 16) == 0 && a->sport == b->sport && a->dport == b->dport &&
	       a->icmp_id == b->icmp_id && a->icmp_type == b->icmp_type &&
	       a->icmp_code == b->icmp_code && a->l4proto == b->l4proto;
}

static bool entries_equal(const struct ct_entry *a, const struct ct_entry *b)
{
	return a->family == b->family && a->l4proto == b->l4proto &&
	       a->has_tcp_state == b->has_tcp_state && a->tcp_state == b->tcp_state &&
	       a->has_timeout == b->has_timeout && a->timeout == b->timeout &&
	       a->has_src == b->has_src && a->status == b->status &&
	       a->has_reply == b->has_reply && a->has_id == b->has_id && a->id == b->id &&
	       a->has_mark == b->has_mark && a->mark == b->mark &&
	       a->has_zone == b->has_zone && a->zone == b->zone &&
	       a->has_counters == b->has_counters &&
	       memcmp(a->packets, b->packets, sizeof a->packets) == 0 &&
	       memcmp(a->bytes, b->bytes, sizeof a->bytes) == 0 &&
	       tuples_equal(&a->orig, &b->orig) && tuples_equal(&a->reply, &b->reply);
}

static void check_addr(const char *name, const char *what, int family, bool has,
		       const uint8_t *got, bool want_has, const uint8_t *want)
{
	char g[INET6_ADDRSTRLEN] = "?", w[INET6_ADDRSTRLEN] = "?";
	if (!want_has)
		fail_msg("%s: conntrack listed no %s", name, what);
	if (!has || memcmp(got, want, 16) != 0) {
		inet_ntop(family, got, g, sizeof g);
		inet_ntop(family, want, w, sizeof w);
		fail_msg("%s: %s %s (present %d), conntrack says %s", name, what, g, has, w);
	}
}

/* A number conntrack listed (want ≥ 0) or did not (-1). */
static void check_num(const char *name, const char *what, bool has, int64_t got, int64_t want)
{
	if (want < 0 && has)
		fail_msg("%s: %s %lld where conntrack shows none", name, what, (long long)got);
	if (want >= 0 && (!has || got != want))
		fail_msg("%s: %s %lld (present %d), conntrack says %lld", name, what,
			 (long long)got, has, (long long)want);
}

/* One direction, field by field, against what conntrack listed for it. */
static void check_tuple(const char *name, const char *dir, int family, const struct ct_tuple *t,
			const struct fx_tuple *x)
{
	char what[48];
	snprintf(what, sizeof what, "%s source", dir);
	check_addr(name, what, family, t->has & CT_TUPLE_SRC, t->src, x->has_src, x->src);
	snprintf(what, sizeof what, "%s destination", dir);
	check_addr(name, what, family, t->has & CT_TUPLE_DST, t->dst, x->has_dst, x->dst);
	bool ports = t->has & CT_TUPLE_PORTS, icmp = t->has & CT_TUPLE_ICMP;
	snprintf(what, sizeof what, "%s sport", dir);
	check_num(name, what, ports, t->sport, x->sport);
	snprintf(what, sizeof what, "%s dport", dir);
	check_num(name, what, ports, t->dport, x->dport);
	snprintf(what, sizeof what, "%s ICMP type", dir);
	check_num(name, what, icmp, t->icmp_type, x->icmp_type);
	snprintf(what, sizeof what, "%s ICMP code", dir);
	check_num(name, what, icmp, t->icmp_code, x->icmp_code);
	snprintf(what, sizeof what, "%s ICMP id", dir);
	check_num(name, what, icmp, t->icmp_id, x->icmp_id);
}

/* Every field ctdash reads, against the sidecar. */
static void check_against_conntrack(const struct fixture *f, const struct ct_entry *e)
{
	const struct fx_expect *x = &f->expect;

	if (e->family != x->family)
		fail_msg("%s: family %u, conntrack says %u", f->name, e->family, x->family);
	if (e->l4proto != x->l4proto)
		fail_msg("%s: protocol %u, conntrack says %u", f->name, e->l4proto, x->l4proto);
	if (e->reply.l4proto != x->l4proto)
		fail_msg("%s: reply protocol %u, conntrack says %u", f->name, e->reply.l4proto,
			 x->l4proto);
	if (x->tcp_state >= 0 && (!e->has_tcp_state || e->tcp_state != x->tcp_state))
		fail_msg("%s: TCP state %d (present %d), conntrack says %d",
			 f->name, e->tcp_state, e->has_tcp_state, x->tcp_state);
	if (x->tcp_state < 0 && e->has_tcp_state)
		fail_msg("%s: a TCP state %u where conntrack shows none", f->name, e->tcp_state);
	if (!e->has_src)
		fail_msg("%s: has_src not set", f->name);
	check_tuple(f->name, "original", e->family, &e->orig, &x->orig);
	if (!e->has_reply)
		fail_msg("%s: no reply tuple", f->name);
	check_tuple(f->name, "reply", e->family, &e->reply, &x->reply);
	if (!e->has_timeout || e->timeout < x->timeout_min || e->timeout > x->timeout_max)
		fail_msg("%s: timeout %u (present %d), conntrack listed %u..%u",
			 f->name, e->timeout, e->has_timeout, x->timeout_min, x->timeout_max);
	if (!!(e->status & IPS_ASSURED) != x->assured)
		fail_msg("%s: status %#x, conntrack says assured=%d", f->name, e->status, x->assured);
	if (!(e->status & IPS_SEEN_REPLY) != x->unreplied)
		fail_msg("%s: status %#x, conntrack says unreplied=%d", f->name, e->status, x->unreplied);
	check_num(f->name, "mark", e->has_mark, e->mark, x->mark);
	/* conntrack prints zone= (both directions), zone-orig= or zone-reply=
	 * (one only), and none of them for zone 0 */
	check_num(f->name, "zone", e->has_zone && e->zone, e->zone, fx_zone_id(x) ? fx_zone_id(x) : -1);
	uint8_t dir = x->zone > 0 ? CT_ZONE_DIR_BOTH : x->zone_orig > 0 ? CT_ZONE_DIR_ORIG
		      : x->zone_reply > 0 ? CT_ZONE_DIR_REPLY : 0;
	if (dir && e->zone_dir != dir)
		fail_msg("%s: zone direction %u, conntrack says %u", f->name, e->zone_dir, dir);
	/* the aggregates' parse reads the same zone */
	struct ct_entry sum;
	if (ct_parse_summary((const struct nlmsghdr *)f->msg, &sum) != CT_PARSE_OK ||
	    sum.has_zone != e->has_zone || sum.zone != e->zone || sum.zone_dir != e->zone_dir)
		fail_msg("%s: the summary reads zone %u dir %u, the whole parse %u dir %u", f->name,
			 sum.zone, sum.zone_dir, e->zone, e->zone_dir);
	check_num(f->name, "id", e->has_id, e->id, x->ctid);
	check_num(f->name, "packets", e->has_counters, (int64_t)e->packets[CT_DIR_ORIG], x->orig.packets);
	check_num(f->name, "bytes", e->has_counters, (int64_t)e->bytes[CT_DIR_ORIG], x->orig.bytes);
	check_num(f->name, "reply packets", e->has_counters, (int64_t)e->packets[CT_DIR_REPLY],
		  x->reply.packets);
	check_num(f->name, "reply bytes", e->has_counters, (int64_t)e->bytes[CT_DIR_REPLY],
		  x->reply.bytes);
}

static void test_fixtures_match_conntrack(void **state)
{
	(void)state;
	unsigned checked = 0;
	for (size_t i = 0; i < nfx; i++) {
		const struct fixture *f = &fx[i];
		struct ct_entry e;
		enum ct_parse_result r = parse(f, &e);
		if (f->expect.result == FX_TRUNCATED) {
			expect_result(f->name, r, CT_PARSE_TRUNCATED);
			continue;
		}
		expect_result(f->name, r, CT_PARSE_OK);
		if (!f->expect.has_fields)
			fail_msg("%s: the sidecar has no fields to compare", f->name);
		check_against_conntrack(f, &e);
		checked++;
	}
	print_message("%u fixtures agree with conntrack -L\n", checked);
}

/* The fixture set holds every case the parser must meet; the cases are
 * read from the sidecars and the messages, not from file names. */
static void test_fixtures_cover_every_case(void **state)
{
	(void)state;
	bool tcp_state[CT_TCP_NSTATES] = { false };
	bool udp_assured = false, udp_unreplied = false, icmp = false, v6_udp = false, v6_tcp = false;
	bool snat = false, dnat = false, truncated = false, derived_ok = false;
	bool mark = false, zone = false, counters = false, icmp_ids = false;
	bool zone_orig = false, zone_reply = false;

	for (size_t i = 0; i < nfx; i++) {
		const struct fixture *f = &fx[i];
		const struct fx_expect *x = &f->expect;
		if (x->result == FX_TRUNCATED) {
			truncated = true;
			continue;
		}
		if (x->from[0])
			derived_ok = true;
		if (x->l4proto == IPPROTO_TCP && x->tcp_state > 0 && x->tcp_state < CT_TCP_NSTATES)
			tcp_state[x->tcp_state] = true;
		udp_assured |= x->l4proto == IPPROTO_UDP && x->assured;
		udp_unreplied |= x->l4proto == IPPROTO_UDP && x->unreplied;
		icmp |= x->family == AF_INET && x->l4proto == IPPROTO_ICMP;
		v6_udp |= x->family == AF_INET6 && x->l4proto == IPPROTO_UDP;
		v6_tcp |= x->family == AF_INET6 && x->l4proto == IPPROTO_TCP;
		mark |= x->mark > 0;
		zone |= x->zone > 0;
		zone_orig |= x->zone_orig > 0;
		zone_reply |= x->zone_reply > 0;
		counters |= x->orig.packets > 0 && x->reply.packets > 0;
		icmp_ids |= x->orig.icmp_id >= 0 && x->reply.icmp_id >= 0;
		struct ct_entry e;
		if (parse(f, &e) == CT_PARSE_OK) {
			snat |= (e.status & IPS_SRC_NAT) != 0;
			dnat |= (e.status & IPS_DST_NAT) != 0;
		}
	}
	for (unsigned s = CT_TCP_SYN_SENT; s < CT_TCP_NSTATES; s++)
		if (!tcp_state[s])
			fail_msg("no fixture for TCP state %u", s);
	assert_true(udp_assured);
	assert_true(udp_unreplied);
	assert_true(icmp);
	assert_true(v6_udp);
	assert_true(v6_tcp);
	assert_true(snat);
	assert_true(dnat);
	assert_true(truncated);
	assert_true(derived_ok);
	assert_true(mark);
	assert_true(zone);
	assert_true(zone_orig);
	assert_true(zone_reply);
	assert_true(counters);
	assert_true(icmp_ids);
}

/* An attribute of a type the parser does not know is skipped: the entry
 * reads exactly as the message it was appended to. */
static void test_unknown_attribute_is_skipped(void **state)
{
	(void)state;
	unsigned seen = 0;
	for (size_t i = 0; i < nfx; i++) {
		const struct fixture *f = &fx[i];
		if (f->expect.result != FX_OK || !f->expect.from[0])
			continue;
		const struct fixture *orig = fixture_find(fx, nfx, f->expect.from);
		if (!orig)
			fail_msg("%s: derived from %s, which is missing", f->name, f->expect.from);

		/* The fixture really carries an attribute past CTA_MAX. */
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)f->msg;
		const struct nlattr *a;
		bool unknown = false;
		mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
			unknown |= mnl_attr_get_type(a) > CTA_MAX;
		if (!unknown)
			fail_msg("%s: no attribute past CTA_MAX (%d)", f->name, CTA_MAX);

		struct ct_entry e, o;
		expect_result(f->name, parse(f, &e), CT_PARSE_OK);
		expect_result(orig->name, parse(orig, &o), CT_PARSE_OK);
		if (!entries_equal(&e, &o))
			fail_msg("%s parses differently from %s", f->name, orig->name);
		seen++;
	}
	assert_true(seen > 0);
}

/* The truncated fixture is what it claims: its last attribute, walked
 * here with libmnl rather than the parser, runs past the message. */
static void test_truncated_fixture_runs_past_its_end(void **state)
{
	(void)state;
	unsigned seen = 0;
	for (size_t i = 0; i < nfx; i++) {
		const struct fixture *f = &fx[i];
		if (f->expect.result != FX_TRUNCATED)
			continue;
		size_t off = NFMSG_HDRLEN;
		bool overrun = false;
		while (off + sizeof(struct nlattr) <= f->len) {
			struct nlattr a;
			memcpy(&a, f->msg + off, sizeof a);
			if (a.nla_len < sizeof a)
				break;
			if (off + a.nla_len > f->len) {
				overrun = true;
				break;
			}
			off += NLA_ALIGN(a.nla_len);
		}
		if (!overrun)
			fail_msg("%s: no attribute runs past the message", f->name);
		struct ct_entry e;
		expect_result(f->name, parse(f, &e), CT_PARSE_TRUNCATED);
		seen++;
	}
	assert_true(seen > 0);
}

/* Is a message cut to len bytes still a whole sequence of attributes?
 * Only when the cut falls at an attribute's end (its padding may go). */
static bool cut_is_clean(const struct fixture *f, size_t len)
{
	if (len == NFMSG_HDRLEN)
		return true;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)f->msg;
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		size_t start = (size_t)((const uint8_t *)a - f->msg);
		if (len >= start + a->nla_len && len <= start + NLA_ALIGN(a->nla_len))
			return true;
	}
	return false;
}

/* Every prefix of every real message, in a buffer of exactly that size:
 * never a read past it (run under ASan), NOT_CT while the headers are
 * incomplete, TRUNCATED when an attribute is cut, and OK with the same
 * fields as the whole message when the cut falls between attributes. */
static void test_every_prefix(void **state)
{
	(void)state;
	for (size_t i = 0; i < nfx; i++) {
		const struct fixture *f = &fx[i];
		if (f->expect.result != FX_OK)
			continue;
		struct ct_entry whole;
		expect_result(f->name, parse(f, &whole), CT_PARSE_OK);
		for (size_t len = 0; len < f->len; len++) {
			/* Below a netlink header the caller still hands over a
			 * header; its length field is what says "short". */
			size_t size = len < sizeof(struct nlmsghdr) ? sizeof(struct nlmsghdr) : len;
			uint8_t *buf = fx_exact_copy(f->msg, size);
			((struct nlmsghdr *)buf)->nlmsg_len = (uint32_t)len;
			struct ct_entry e;
			enum ct_parse_result r = ct_parse_entry((const struct nlmsghdr *)buf, &e);
			free(buf);

			enum ct_parse_result want = len < NFMSG_HDRLEN ? CT_PARSE_NOT_CT :
						    cut_is_clean(f, len) ? CT_PARSE_OK :
						    CT_PARSE_TRUNCATED;
			if (r != want)
				fail_msg("%s cut to %zu of %zu bytes: %s, expected %s", f->name, len,
					 f->len, result_name(r), result_name(want));
			if (r != CT_PARSE_OK)
				continue;
			if (e.family != whole.family ||
			    (e.has_src && memcmp(e.orig.src, whole.orig.src, 16) != 0) ||
			    ((e.reply.has & CT_TUPLE_DST) && memcmp(e.reply.dst, whole.reply.dst, 16) != 0) ||
			    (e.has_id && e.id != whole.id) ||
			    (e.has_counters && e.bytes[CT_DIR_REPLY] && e.bytes[CT_DIR_REPLY] != whole.bytes[CT_DIR_REPLY]) ||
			    (e.has_timeout && e.timeout != whole.timeout) ||
			    (e.has_tcp_state && e.tcp_state != whole.tcp_state))
				fail_msg("%s cut to %zu bytes reads fields the whole message does not have",
					 f->name, len);
		}
	}
}

/* Shrink one nested attribute by 4 bytes so the last attribute inside it
 * runs past its container; the parser must notice. */
static void expect_truncated_when_shrunk(const struct fixture *f, const struct nlattr *nest,
					 const char *what)
{
	size_t off = (size_t)((const uint8_t *)nest - f->msg);
	uint8_t *buf = fx_exact_copy(f->msg, f->len);
	((struct nlattr *)(buf + off))->nla_len -= 4;
	struct ct_entry e;
	enum ct_parse_result r = ct_parse_entry((const struct nlmsghdr *)buf, &e);
	free(buf);
	if (r != CT_PARSE_TRUNCATED)
		fail_msg("%s with %s shrunk by 4: %s, expected TRUNCATED", f->name, what, result_name(r));
}

static void test_nested_overrun(void **state)
{
	(void)state;
	unsigned shrunk = 0;
	for (size_t i = 0; i < nfx; i++) {
		const struct fixture *f = &fx[i];
		if (f->expect.result != FX_OK)
			continue;
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)f->msg;
		const struct nlattr *a, *b;
		mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
			uint16_t t = mnl_attr_get_type(a);
			/* the nests the parser reads, at each level */
			const char *nest = t == CTA_TUPLE_ORIG ? "CTA_TUPLE_ORIG" :
					   t == CTA_TUPLE_REPLY ? "CTA_TUPLE_REPLY" :
					   t == CTA_PROTOINFO ? "CTA_PROTOINFO" :
					   t == CTA_COUNTERS_ORIG ? "CTA_COUNTERS_ORIG" :
					   t == CTA_COUNTERS_REPLY ? "CTA_COUNTERS_REPLY" : NULL;
			if (!nest)
				continue;
			expect_truncated_when_shrunk(f, a, nest);
			shrunk++;
			mnl_attr_for_each_nested(b, a) {
				uint16_t u = mnl_attr_get_type(b);
				const char *what = t == CTA_PROTOINFO ?
					(u == CTA_PROTOINFO_TCP ? "CTA_PROTOINFO_TCP" : NULL) :
					t == CTA_COUNTERS_ORIG || t == CTA_COUNTERS_REPLY ? NULL :
					u == CTA_TUPLE_IP ? "CTA_TUPLE_IP" :
					u == CTA_TUPLE_PROTO ? "CTA_TUPLE_PROTO" : NULL;
				if (what) {
					expect_truncated_when_shrunk(f, b, what);
					shrunk++;
				}
			}
		}
	}
	print_message("%u nested attributes shrunk\n", shrunk);
	assert_true(shrunk > 0);
}

/* Messages that are not conntrack entries: other ctnetlink types, the
 * expectation subsystem, netlink's own control messages. */
static void test_not_conntrack(void **state)
{
	(void)state;
	const struct fixture *f = NULL;
	for (size_t i = 0; i < nfx && !f; i++)
		if (fx[i].expect.result == FX_OK)
			f = &fx[i];
	assert_non_null(f);

	static const uint16_t types[] = {
		(NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE,
		(NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET_STATS_CPU,
		(NFNL_SUBSYS_CTNETLINK_EXP << 8) | IPCTNL_MSG_CT_NEW,
		(NFNL_SUBSYS_CTNETLINK_TIMEOUT << 8) | IPCTNL_MSG_CT_NEW,
		NLMSG_DONE,
		NLMSG_ERROR,
		NLMSG_NOOP,
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		uint8_t *buf = fx_exact_copy(f->msg, f->len);
		((struct nlmsghdr *)buf)->nlmsg_type = types[i];
		struct ct_entry e;
		enum ct_parse_result r = ct_parse_entry((const struct nlmsghdr *)buf, &e);
		free(buf);
		if (r != CT_PARSE_NOT_CT)
			fail_msg("%s as type %#x: %s, expected NOT_CT", f->name, types[i], result_name(r));
	}

	/* A dump's real last message: NLMSG_DONE with its int payload. */
	struct {
		struct nlmsghdr h;
		int err;
	} done = { .h = { .nlmsg_len = sizeof done, .nlmsg_type = NLMSG_DONE, .nlmsg_flags = NLM_F_MULTI } };
	uint8_t *buf = fx_exact_copy((const uint8_t *)&done, sizeof done);
	struct ct_entry e;
	expect_result("NLMSG_DONE", ct_parse_entry((const struct nlmsghdr *)buf, &e), CT_PARSE_NOT_CT);
	free(buf);
}

/* ct_parse_summary reads what ct_parse_entry reads, less the reply tuple
 * and the counters. */
static void test_summary_is_entry_without_reply(void **state)
{
	(void)state;
	for (size_t i = 0; i < nfx; i++) {
		const struct fixture *f = &fx[i];
		struct ct_entry whole, sum;
		enum ct_parse_result rw = parse(f, &whole);
		enum ct_parse_result rs = ct_parse_summary((const struct nlmsghdr *)f->msg, &sum);
		if (f->expect.result == FX_TRUNCATED) {
			expect_result(f->name, rs, CT_PARSE_TRUNCATED);
			continue;
		}
		expect_result(f->name, rw, CT_PARSE_OK);
		expect_result(f->name, rs, CT_PARSE_OK);
		assert_true(whole.has_reply);
		assert_false(sum.has_reply);
		assert_false(sum.has_counters);
		whole.has_reply = false;
		whole.has_counters = false;
		memset(&whole.reply, 0, sizeof whole.reply);
		memset(whole.packets, 0, sizeof whole.packets);
		memset(whole.bytes, 0, sizeof whole.bytes);
		memset(&sum.reply, 0, sizeof sum.reply);
		memset(sum.packets, 0, sizeof sum.packets);
		memset(sum.bytes, 0, sizeof sum.bytes);
		if (!entries_equal(&whole, &sum))
			fail_msg("%s: the summary differs from the entry", f->name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_is_entry_without_reply),
		cmocka_unit_test(test_fixtures_match_conntrack),
		cmocka_unit_test(test_fixtures_cover_every_case),
		cmocka_unit_test(test_unknown_attribute_is_skipped),
		cmocka_unit_test(test_truncated_fixture_runs_past_its_end),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_nested_overrun),
		cmocka_unit_test(test_not_conntrack),
	};
	return cmocka_run_group_tests(tests, fixtures_setup, fixtures_teardown);
}
