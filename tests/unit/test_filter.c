/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language on real entries (tests/fixtures, parsed whole):
 * every term against a predicate written here from what conntrack(8)
 * said of each entry (the .expect sidecars), precedence, and every error
 * with its position. */
#include <arpa/inet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/ctmsg.h"
#include "fixture.h"
#include "model/filter.h"

static struct ct_entry *ent; /* ent[i] parsed from fx[i]; valid[i] when it parsed */
static bool *valid;

static int load(void **state)
{
	fixtures_setup(state);
	ent = calloc(nfx, sizeof *ent);
	valid = calloc(nfx, sizeof *valid);
	assert_non_null(ent);
	assert_non_null(valid);
	for (size_t i = 0; i < nfx; i++)
		valid[i] = fx[i].expect.result == FX_OK &&
			   ct_parse_entry((const struct nlmsghdr *)fx[i].msg, &ent[i]) == CT_PARSE_OK;
	return 0;
}

static int unload(void **state)
{
	fixtures_teardown(state);
	free(ent);
	free(valid);
	return 0;
}

typedef bool (*ref_fn)(const struct fx_expect *x);

static bool addr_is(const struct fx_expect *x, const uint8_t *a, const char *text)
{
	uint8_t want[16] = { 0 };
	int fam = strchr(text, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(fam, text, want), 1);
	return x->family == fam && memcmp(a, want, 16) == 0;
}

/* Every fixture: the filter's verdict is the reference's; returns how
 * many matched, so a test can also say the case is not empty. */
static unsigned check(const char *text, ref_fn ref)
{
	struct ct_filter f;
	struct filter_error err;
	if (filter_parse(text, strlen(text), &f, &err) < 0)
		fail_msg("'%s' refused at %zu: %s", text, err.pos, err.msg);
	unsigned matched = 0, seen = 0;
	for (size_t i = 0; i < nfx; i++) {
		if (!valid[i])
			continue;
		seen++;
		bool got = filter_match(&f, &ent[i]), want = ref(&fx[i].expect);
		if (got != want)
			fail_msg("'%s' on %s: %s, conntrack's fields say %s", text, fx[i].name,
				 got ? "match" : "no match", want ? "match" : "no match");
		matched += got;
	}
	filter_free(&f);
	assert_true(seen > 10);
	return matched;
}

/* A term that matches some fixtures but not all: it is really tested. */
static void check_some(const char *text, ref_fn ref)
{
	unsigned n = check(text, ref);
	if (n == 0)
		fail_msg("'%s' matches no fixture: the case is not tested", text);
	unsigned all = 0;
	for (size_t i = 0; i < nfx; i++)
		all += valid[i];
	if (n == all)
		fail_msg("'%s' matches every fixture: the case is not tested", text);
}

static bool r_udp(const struct fx_expect *x) { return x->l4proto == 17; }
static bool r_icmp(const struct fx_expect *x) { return x->l4proto == 1; }
static bool r_icmp6(const struct fx_expect *x) { return x->l4proto == 58; }
static bool r_v6(const struct fx_expect *x) { return x->family == AF_INET6; }
static bool r_v4(const struct fx_expect *x) { return x->family == AF_INET; }
static bool r_est(const struct fx_expect *x) { return x->tcp_state == 3; }
static bool r_syn2(const struct fx_expect *x) { return x->tcp_state == 9; }
static bool r_tw(const struct fx_expect *x) { return x->tcp_state == 7; }
static bool r_src24(const struct fx_expect *x)
{
	return x->family == AF_INET && x->orig.src[0] == 127 && x->orig.src[1] == 0 &&
	       x->orig.src[2] == 0 && x->orig.src[3] >= 16 && x->orig.src[3] < 32;
}
static bool r_src13(const struct fx_expect *x) { return addr_is(x, x->orig.src, "127.0.0.13"); }
static bool r_src6(const struct fx_expect *x) { return addr_is(x, x->orig.src, "::1"); }
static bool r_dst2(const struct fx_expect *x) { return addr_is(x, x->orig.dst, "127.0.0.2"); }
static bool r_rsrc10(const struct fx_expect *x) { return addr_is(x, x->reply.src, "127.0.0.10"); }
static bool r_rdst9(const struct fx_expect *x) { return addr_is(x, x->reply.dst, "127.0.0.9"); }
static bool r_sport(const struct fx_expect *x) { return x->orig.sport >= 40000 && x->orig.sport <= 40010; }
static bool r_dport80(const struct fx_expect *x) { return x->orig.dport == 80; }
static bool r_dport53(const struct fx_expect *x) { return x->orig.dport == 53; }
static bool r_mark42(const struct fx_expect *x) { return x->mark == 42; }
static bool r_mark_low(const struct fx_expect *x) { return (x->mark & 0x0f) == 0x0a; }
static bool r_zone7(const struct fx_expect *x) { return fx_zone_id(x) == 7; }
static bool r_zone0(const struct fx_expect *x) { return fx_zone_id(x) == 0; }
static bool r_assured(const struct fx_expect *x) { return x->assured; }
static bool r_unreplied(const struct fx_expect *x) { return x->unreplied; }
static bool r_nat(const struct fx_expect *x)
{
	return memcmp(x->reply.src, x->orig.dst, 16) != 0 || memcmp(x->reply.dst, x->orig.src, 16) != 0 ||
	       (x->orig.sport >= 0 && (x->reply.dport != x->orig.sport || x->reply.sport != x->orig.dport));
}
static bool r_snat(const struct fx_expect *x)
{
	return memcmp(x->reply.dst, x->orig.src, 16) != 0 ||
	       (x->orig.sport >= 0 && x->reply.dport != x->orig.sport);
}
static bool r_dnat(const struct fx_expect *x)
{
	return memcmp(x->reply.src, x->orig.dst, 16) != 0 ||
	       (x->orig.dport >= 0 && x->reply.sport != x->orig.dport);
}
static bool r_natsrc9(const struct fx_expect *x) { return r_snat(x) && r_rdst9(x); }
static bool r_natdst10(const struct fx_expect *x) { return r_dnat(x) && r_rsrc10(x); }
static bool r_lt100(const struct fx_expect *x) { return x->timeout_max < 100; }
static bool r_gt1000(const struct fx_expect *x) { return x->timeout_min > 1000; }
static bool r_all(const struct fx_expect *x) { (void)x; return true; }
static bool r_none(const struct fx_expect *x) { (void)x; return false; }

static void test_every_term(void **state)
{
	(void)state;
	check_some("proto udp", r_udp);
	check_some("proto 17", r_udp);
	check_some("PROTO UDP", r_udp);
	check_some("proto icmp", r_icmp);
	check_some("proto icmpv6", r_icmp6);
	check_some("proto ipv6-icmp", r_icmp6);
	check_some("l3 ipv6", r_v6);
	check_some("l3 ipv4", r_v4);
	check_some("state ESTABLISHED", r_est);
	check_some("state time_wait", r_tw);
	check_some("state LISTEN", r_syn2);
	check_some("state SYN_SENT2", r_syn2);
	check_some("src 127.0.0.16/28", r_src24);
	check_some("src 127.0.0.13", r_src13);
	check_some("src ::1", r_src6);
	check_some("src ::1/128", r_src6);
	check_some("dst 127.0.0.2", r_dst2);
	check_some("reply-src 127.0.0.10", r_rsrc10);
	check_some("reply-dst 127.0.0.9/32", r_rdst9);
	check_some("sport 40000-40010", r_sport);
	check_some("dport 80", r_dport80);
	check_some("dport 53-53", r_dport53);
	check_some("mark 42", r_mark42);
	check_some("mark 0x2a", r_mark42);
	check_some("mark 0xa/0xf", r_mark_low);
	check_some("zone 7", r_zone7);
	check_some("zone 0", r_zone0);
	check_some("assured", r_assured);
	check_some("unreplied", r_unreplied);
	check_some("nat", r_nat);
	check_some("snat", r_snat);
	check_some("dnat", r_dnat);
	check_some("nat-src 127.0.0.9", r_natsrc9);
	check_some("nat-src 127.0.0.8/30", r_natsrc9);
	check_some("nat-dst 127.0.0.10", r_natdst10);
	check_some("NAT-DST 127.0.0.10/31", r_natdst10);
	check_some("dnat and reply-src 127.0.0.10 and unreplied", r_natdst10);
	assert_int_equal(check("nat-src 127.0.0.10", r_none), 0); /* a backend is no SNAT address */
	assert_int_equal(check("nat-dst 127.0.0.9", r_none), 0);
	check_some("timeout <100", r_lt100);
	check_some("timeout < 100", r_lt100);
	check_some("timeout>1000", r_gt1000);
	/* the empty filter, and only spaces, match everything */
	assert_int_equal(check("", r_all), check("   \t", r_all));
}

static bool r_udp_or_tcp80(const struct fx_expect *x) { return r_udp(x) || (x->l4proto == 6 && r_dport80(x)); }
static bool r_udptcp_80(const struct fx_expect *x) { return (r_udp(x) || x->l4proto == 6) && r_dport80(x); }
static bool r_not_assured_v4(const struct fx_expect *x) { return !r_assured(x) && r_v4(x); }
static bool r_not_both(const struct fx_expect *x) { return !(r_assured(x) && r_v4(x)); }
static bool r_not_not(const struct fx_expect *x) { return r_assured(x); }
static bool r_chain(const struct fx_expect *x) { return r_udp(x) || r_icmp(x) || r_v6(x); }

/* and binds tighter than or; not tighter than both; parentheses group. */
static void test_precedence(void **state)
{
	(void)state;
	unsigned a = check("proto udp or proto tcp and dport 80", r_udp_or_tcp80);
	unsigned b = check("(proto udp or proto tcp) and dport 80", r_udptcp_80);
	assert_int_not_equal(a, b); /* the fixtures tell the two apart */
	assert_int_equal(check("proto udp or (proto tcp and dport 80)", r_udp_or_tcp80), a);
	unsigned c = check("not assured and l3 ipv4", r_not_assured_v4);
	unsigned d = check("not (assured and l3 ipv4)", r_not_both);
	assert_int_not_equal(c, d);
	check("not not assured", r_not_not);
	check("proto udp or proto icmp or l3 ipv6", r_chain);
	check("((((proto udp))) or (proto icmp or (l3 ipv6)))", r_chain);
	check("proto udp OR proto icmp Or l3 ipv6", r_chain);
}

struct bad {
	const char *text;
	size_t pos;
	const char *says;
};

static const struct bad bad[] = {
	{ "proto", 5, "expected a protocol name" },
	{ "proto xyz", 6, "expected a protocol name" },
	{ "proto 256", 6, "or a number 0-255" },
	{ "l3 ipv5", 3, "expected ipv4 or ipv6" },
	{ "state FOO", 6, "expected a TCP state" },
	{ "state", 5, "expected a TCP state" },
	{ "src 1.2.3", 4, "expected an IPv4 or IPv6 address" },
	{ "src", 3, "expected an IPv4 or IPv6 address" },
	{ "dst (", 4, "expected an IPv4 or IPv6 address" },
	{ "src 10.0.0.0/33", 13, "prefix length from 0 to 32" },
	{ "reply-src ::1/129", 14, "prefix length from 0 to 128" },
	{ "reply-dst 10.0.0.1/", 19, "prefix length" },
	{ "sport 70000", 6, "expected a port 0-65535" },
	{ "sport -5", 6, "expected a port 0-65535" },
	{ "dport 5-3", 8, "not below the first" },
	{ "dport 5-", 8, "the last port of the range" },
	{ "dport http", 6, "expected a port" },
	{ "mark x", 5, "expected a mark" },
	{ "mark 1/zz", 7, "expected a mask" },
	{ "mark 0x100000000", 5, "expected a mark" },
	{ "zone 70000", 5, "expected a zone 0-65535" },
	{ "zone", 4, "expected a zone" },
	{ "timeout 5", 8, "expected '<' or '>'" },
	{ "timeout <", 9, "a number of seconds" },
	{ "timeout < x", 10, "a number of seconds" },
	{ "timeout", 7, "expected '<' or '>'" },
	{ "bogus", 0, "expected a term" },
	{ "dport 80 dport 81", 9, "expected 'and', 'or' or the end" },
	{ "dport 80 and", 12, "expected a term" },
	{ "dport 80 or or", 12, "expected a term" },
	{ "(dport 80", 9, "expected ')' to close the '(' at column 1" },
	{ "dport 80)", 8, "no '(' is open" },
	{ ")", 0, "expected a term" },
	{ "()", 1, "expected a term" },
	{ "not", 3, "at the end" },
	{ "and", 0, "expected a term" },
	{ "assured nat", 8, "expected 'and', 'or' or the end" },
	{ "src 127.0.0.1 <", 14, "expected 'and', 'or' or the end" },
};

static void test_errors_say_where(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ct_filter f;
		struct filter_error err = { 0 };
		int ret = filter_parse(bad[i].text, strlen(bad[i].text), &f, &err);
		filter_free(&f);
		if (ret == 0)
			fail_msg("'%s' was accepted", bad[i].text);
		if (err.pos != bad[i].pos || !strstr(err.msg, bad[i].says))
			fail_msg("'%s': at %zu '%s', expected at %zu '...%s...'", bad[i].text, err.pos,
				 err.msg, bad[i].pos, bad[i].says);
	}
}

/* Deep nesting is refused, not a stack overflow; a word too long for
 * any value is refused where it starts. */
static void test_limits(void **state)
{
	(void)state;
	char text[1024];
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		text[n++] = '(';
	memcpy(text + n, "assured", 8);
	struct ct_filter f;
	struct filter_error err;
	assert_int_equal(filter_parse(text, strlen(text), &f, &err), -1);
	filter_free(&f);
	assert_non_null(strstr(err.msg, "nested"));
	n = 0;
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "not ");
	snprintf(text + n, sizeof text - n, "assured");
	assert_int_equal(filter_parse(text, strlen(text), &f, &err), -1);
	filter_free(&f);
	snprintf(text, sizeof text, "src %0100d", 1);
	assert_int_equal(filter_parse(text, strlen(text), &f, &err), -1);
	filter_free(&f);
	assert_int_equal(err.pos, 4);
	assert_non_null(strstr(err.msg, "too long"));
	/* 60 nested parentheses are fine */
	n = 0;
	for (int i = 0; i < 60; i++)
		text[n++] = '(';
	n += (size_t)snprintf(text + n, sizeof text - n, "assured");
	for (int i = 0; i < 60; i++)
		text[n++] = ')';
	text[n] = '\0';
	assert_int_equal(check(text, r_assured), check("assured", r_assured));
}

/* Only len bytes are read: the text need not end in a NUL (the fuzzer's
 * entry), and what follows len is not part of it. */
static void test_length_bounds_the_text(void **state)
{
	(void)state;
	const char *text = "dport 80 and garbage(";
	char *exact = malloc(8);
	assert_non_null(exact);
	memcpy(exact, text, 8); /* "dport 80", no NUL */
	struct ct_filter f, g;
	struct filter_error err;
	assert_int_equal(filter_parse(exact, 8, &f, &err), 0);
	assert_int_equal(filter_parse("dport 80", 8, &g, &err), 0);
	for (size_t i = 0; i < nfx; i++)
		if (valid[i])
			assert_int_equal(filter_match(&f, &ent[i]), filter_match(&g, &ent[i]));
	filter_free(&f);
	filter_free(&g);
	free(exact);
	/* err may be NULL */
	assert_int_equal(filter_parse("bogus", 5, &f, NULL), -1);
	filter_free(&f);
	/* a reply term says the reply tuple is needed */
	assert_int_equal(filter_parse("dport 80", 8, &f, &err), 0);
	assert_false(f.needs_reply);
	filter_free(&f);
	assert_int_equal(filter_parse("not nat", 7, &f, &err), 0);
	assert_true(f.needs_reply);
	filter_free(&f);
	static const char *const nat_terms[] = { "snat", "dnat", "nat-src ::1", "nat-dst 10.0.0.0/8" };
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(filter_parse(nat_terms[i], strlen(nat_terms[i]), &f, &err), 0);
		assert_true(f.needs_reply);
		filter_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_term),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_errors_say_where),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_length_bounds_the_text),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
