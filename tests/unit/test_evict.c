/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the kernel can free when the table is full (model/evict.c), on the
 * captured entries of tests/fixtures: early_drop takes what is not
 * ASSURED, the collector's near-full pass also ASSURED TCP entries in a
 * closing state, and nothing frees the rest. */
#include <linux/netfilter/nf_conntrack_common.h>
#include <netinet/in.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/ctmsg.h"
#include "collect/tally.h"
#include "fixture.h"
#include "model/evict.h"

static const struct {
	const char *fixture;
	enum ct_evict want;
} cases[] = {
	{ "icmp_echo", CT_EVICT_INSERT },
	{ "ipv6_icmp_echo", CT_EVICT_INSERT },
	{ "udp_unreplied", CT_EVICT_INSERT },
	{ "ipv6_udp_unreplied", CT_EVICT_INSERT },
	{ "tcp_syn_sent", CT_EVICT_INSERT },
	{ "tcp_syn_sent2", CT_EVICT_INSERT },
	{ "tcp_syn_recv", CT_EVICT_INSERT },
	{ "tcp_time_wait", CT_EVICT_GC },
	{ "tcp_close", CT_EVICT_GC },
	{ "tcp_close_wait", CT_EVICT_GC },
	{ "tcp_fin_wait", CT_EVICT_GC },
	{ "tcp_last_ack", CT_EVICT_GC },
	{ "tcp_established", CT_EVICT_PINNED },
	{ "ipv6_tcp_established", CT_EVICT_PINNED },
	{ "nat_snat", CT_EVICT_PINNED },
	{ "udp_assured", CT_EVICT_PINNED },
};

static const char *class_name(enum ct_evict c)
{
	return c == CT_EVICT_INSERT ? "evictable" : c == CT_EVICT_GC ? "gc_evictable" : "pinned";
}

static void parse(const char *name, struct ct_entry *e)
{
	const struct fixture *f = fixture_find(fx, nfx, name);
	if (!f)
		fail_msg("fixture %s missing", name);
	if (ct_parse_entry((const struct nlmsghdr *)f->msg, e) != CT_PARSE_OK)
		fail_msg("fixture %s does not parse", name);
}

static void test_fixture_classes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ct_entry e;
		parse(cases[i].fixture, &e);
		enum ct_evict got = ct_evict_class(e.l4proto, e.has_tcp_state ? e.tcp_state : -1,
						   e.status, e.has_timeout && e.timeout == 0);
		if (got != cases[i].want)
			fail_msg("%s: %s, expected %s", cases[i].fixture, class_name(got),
				 class_name(cases[i].want));
	}
}

/* The dump's tally splits every entry into exactly one of the three. */
static void test_tally_split(void **state)
{
	(void)state;
	struct ct_tally t;
	memset(&t, 0, sizeof t);
	uint64_t want[3] = { 0 };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ct_entry e;
		parse(cases[i].fixture, &e);
		tally_add(&t, &e);
		want[cases[i].want]++;
	}
	assert_int_equal(t.evictable, want[CT_EVICT_INSERT]);
	assert_int_equal(t.gc_evictable, want[CT_EVICT_GC]);
	assert_int_equal(t.pinned, want[CT_EVICT_PINNED]);
	assert_int_equal(t.evictable + t.gc_evictable + t.pinned, t.entries);
	/* udp_unreplied, ipv6_udp_unreplied (the echoes were answered) */
	assert_int_equal(t.unreplied_datagram, 2);
	/* taking them away again leaves nothing */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ct_entry e;
		parse(cases[i].fixture, &e);
		tally_evict(&t, e.l4proto, e.has_tcp_state ? e.tcp_state : -1, e.status, false, -1);
	}
	assert_int_equal(t.evictable + t.gc_evictable + t.pinned + t.unreplied_datagram, 0);
}

/* What the fixtures do not hold: an expired entry, and flowtable offload. */
static void test_expired_and_offload(void **state)
{
	(void)state;
	struct ct_entry e;
	parse("tcp_established", &e);
	/* early_drop_list reaps an expired entry whatever its flags */
	assert_int_equal(ct_evict_class(e.l4proto, e.tcp_state, e.status, true), CT_EVICT_INSERT);
	parse("tcp_time_wait", &e);
	/* the collector leaves an offloaded TCP entry alone */
	assert_int_equal(ct_evict_class(e.l4proto, e.tcp_state, e.status | IPS_OFFLOAD, false),
			 CT_EVICT_PINNED);
	/* early_drop no longer skips offloaded entries that are not ASSURED */
	assert_int_equal(ct_evict_class(IPPROTO_UDP, -1, IPS_OFFLOAD, false), CT_EVICT_INSERT);
	/* SCTP has no can_early_drop: ASSURED stays */
	assert_int_equal(ct_evict_class(IPPROTO_SCTP, -1, IPS_ASSURED, false), CT_EVICT_PINNED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_classes),
		cmocka_unit_test(test_tally_split),
		cmocka_unit_test(test_expired_and_offload),
	};
	return cmocka_run_group_tests(tests, fixtures_setup, fixtures_teardown);
}
