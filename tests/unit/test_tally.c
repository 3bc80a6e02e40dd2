/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tally_add and the seconds-left histogram. */
#include <linux/netfilter/nf_conntrack_common.h>
#include <netinet/in.h>
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
#include "collect/tally.h"

/* model.h's definition, step by step: bin 0 holds 0 s, bin k holds
 * [2^(k-1), 2^k), the last bin is open-ended. */
static unsigned reference_bin(uint32_t seconds)
{
	if (seconds == 0)
		return 0;
	unsigned k = 1;
	while (k < 33 && (uint64_t)seconds >= (uint64_t)1 << k)
		k++;
	return k < CT_HIST_BINS ? k : CT_HIST_BINS - 1;
}

static void check_bin(uint32_t s)
{
	unsigned got = tally_hist_bin(s), want = reference_bin(s);
	if (got != want)
		fail_msg("tally_hist_bin(%u) = %u, expected %u", s, got, want);
}

static void test_hist_bin_edges(void **state)
{
	(void)state;
	static const uint32_t edges[] = {
		0, 1, 2, 3, 4, 5, 7, 8, (1u << 21) - 1, 1u << 21, (1u << 21) + 1,
		(1u << 22) - 1, 1u << 22, 1u << 31, UINT32_MAX - 1, UINT32_MAX,
	};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		check_bin(edges[i]);
	for (unsigned k = 0; k < 32; k++) {
		check_bin((1u << k) - 1);
		check_bin(1u << k);
		check_bin((1u << k) + 1);
	}
	/* the figures model.h promises */
	assert_int_equal(tally_hist_bin(0), 0);
	assert_int_equal(tally_hist_bin(1), 1);
	assert_int_equal(tally_hist_bin(2), 2);
	assert_int_equal(tally_hist_bin(3), 2);
	assert_int_equal(tally_hist_bin(4), 3);
	assert_int_equal(tally_hist_bin(1u << 21), CT_HIST_BINS - 1);
	assert_int_equal(tally_hist_bin((1u << 21) - 1), CT_HIST_BINS - 2);
	assert_int_equal(tally_hist_bin(UINT32_MAX), CT_HIST_BINS - 1);
}

/* A bin's floor is the least number of seconds that falls in it. */
static void test_hist_floor(void **state)
{
	(void)state;
	assert_int_equal(tally_hist_floor(0), 0);
	assert_int_equal(tally_hist_floor(1), 1);
	assert_int_equal(tally_hist_floor(2), 2);
	assert_int_equal(tally_hist_floor(3), 4);
	assert_int_equal(tally_hist_floor(CT_HIST_BINS - 1), 1u << 21);
	for (unsigned b = 0; b < CT_HIST_BINS; b++) {
		uint32_t floor = tally_hist_floor(b);
		assert_int_equal(tally_hist_bin(floor), b);
		if (b > 0)
			assert_int_equal(tally_hist_bin(floor - 1), b - 1);
	}
}

static struct ct_entry entry(uint8_t family, uint8_t proto, int tcp_state, int timeout, uint32_t status)
{
	struct ct_entry e = { .family = family, .l4proto = proto, .status = status };
	if (tcp_state >= 0) {
		e.has_tcp_state = true;
		e.tcp_state = (uint8_t)tcp_state;
	}
	if (timeout >= 0) {
		e.has_timeout = true;
		e.timeout = (uint32_t)timeout;
	}
	return e;
}

/* Every counter, against a tally written out by hand: any count added in
 * the wrong place makes the two differ. */
static void test_tally_add_every_counter(void **state)
{
	(void)state;
	const uint32_t replied = IPS_SEEN_REPLY | IPS_ASSURED | IPS_CONFIRMED;
	const struct ct_entry in[] = {
		entry(AF_INET, IPPROTO_TCP, CT_TCP_ESTABLISHED, 432000, replied),
		entry(AF_INET6, IPPROTO_TCP, CT_TCP_TIME_WAIT, 120, IPS_SEEN_REPLY),
		entry(AF_INET, IPPROTO_TCP, CT_TCP_SYN_SENT2, 0, 0),
		entry(AF_INET, IPPROTO_UDP, -1, 30, IPS_CONFIRMED),
		entry(AF_INET6, IPPROTO_ICMPV6, -1, -1, IPS_ASSURED),  /* no timeout sent */
		entry(AF_INET, IPPROTO_TCP, -1, 5, IPS_SEEN_REPLY),    /* no protoinfo sent */
		entry(AF_INET, IPPROTO_TCP, CT_TCP_NSTATES, 7, 0),     /* a state past the known ones */
		entry(AF_INET, IPPROTO_TCP, 255, -1, 0),
		entry(AF_BRIDGE, 255, -1, (int)(1u << 30), IPS_SEEN_REPLY),
	};
	struct ct_tally got, want;
	memset(&got, 0, sizeof got);
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		tally_add(&got, &in[i]);

	memset(&want, 0, sizeof want);
	want.entries = 9;
	want.ipv4 = 6;
	want.ipv6 = 2;
	want.l3_other = 1;
	want.l4[IPPROTO_TCP] = 6;
	want.l4[IPPROTO_UDP] = 1;
	want.l4[IPPROTO_ICMPV6] = 1;
	want.l4[255] = 1;
	want.tcp[CT_TCP_ESTABLISHED] = 1;
	want.tcp[CT_TCP_TIME_WAIT] = 1;
	want.tcp[CT_TCP_SYN_SENT2] = 1;
	want.tcp_hist[CT_TCP_ESTABLISHED][19] = 1;  /* 432000 in [2^18, 2^19) */
	want.tcp_hist[CT_TCP_TIME_WAIT][7] = 1;     /* 120 in [64, 128) */
	want.tcp_hist[CT_TCP_SYN_SENT2][0] = 1;
	want.l4_hist[IPPROTO_TCP][19] = 1;
	want.l4_hist[IPPROTO_TCP][7] = 1;
	want.l4_hist[IPPROTO_TCP][0] = 1;
	want.l4_hist[IPPROTO_TCP][3] = 2;           /* 5 and 7 */
	want.l4_hist[IPPROTO_UDP][5] = 1;           /* 30 in [16, 32) */
	want.l4_hist[255][CT_HIST_BINS - 1] = 1;
	want.assured = 2;
	want.unreplied = 5;
	/* ESTABLISHED and the ICMPv6 entry are ASSURED and open; none is
	 * ASSURED in a closing TCP state; the UDP and ICMPv6 entries never
	 * saw a reply */
	want.pinned = 2;
	want.evictable = 7;
	want.unreplied_datagram = 2;

#define SAME(field) do { \
		if (memcmp(&got.field, &want.field, sizeof got.field) != 0) \
			fail_msg("tally." #field " differs from what was added"); \
	} while (0)
	SAME(entries);
	SAME(ipv4);
	SAME(ipv6);
	SAME(l3_other);
	SAME(l4);
	SAME(tcp);
	SAME(assured);
	SAME(unreplied);
	SAME(evictable);
	SAME(gc_evictable);
	SAME(pinned);
	SAME(unreplied_datagram);
	SAME(tcp_hist);
	SAME(l4_hist);
	SAME(malformed);
#undef SAME
	assert_memory_equal(&got, &want, sizeof got);
}

/* Loopback sources are counted whoever they are: 127.0.0.0/8 and ::1,
 * not 128.x, ::2 or an entry without a source. */
static void test_tally_loopback(void **state)
{
	(void)state;
	static const struct { int family; uint8_t addr[16]; bool has_src; bool loop; } in[] = {
		{ AF_INET, { 127, 0, 0, 1 }, true, true },
		{ AF_INET, { 127, 255, 3, 9 }, true, true },
		{ AF_INET, { 128, 0, 0, 1 }, true, false },
		{ AF_INET, { 10, 0, 0, 127 }, true, false },
		{ AF_INET6, { [15] = 1 }, true, true },
		{ AF_INET6, { [15] = 2 }, true, false },
		{ AF_INET6, { [0] = 1, [15] = 1 }, true, false },
		{ AF_INET, { 127, 0, 0, 1 }, false, false }, /* no source sent */
	};
	struct ct_tally t;
	memset(&t, 0, sizeof t);
	uint64_t want = 0;
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		struct ct_entry e;
		memset(&e, 0, sizeof e);
		e.family = (uint8_t)in[i].family;
		e.has_src = in[i].has_src;
		memcpy(e.orig.src, in[i].addr, 16);
		tally_add(&t, &e);
		want += in[i].loop;
		assert_int_equal(t.loopback, want);
	}
	assert_int_equal(want, 3);
}

/* The real messages, parsed and added up, give the counts conntrack(8)
 * listed for them. */
static void test_tally_of_fixtures(void **state)
{
	(void)state;
	struct ct_tally got, want;
	memset(&got, 0, sizeof got);
	memset(&want, 0, sizeof want);
	for (size_t i = 0; i < nfx; i++) {
		const struct fx_expect *x = &fx[i].expect;
		if (x->result != FX_OK)
			continue;
		struct ct_entry e;
		assert_int_equal(ct_parse_entry((const struct nlmsghdr *)fx[i].msg, &e), CT_PARSE_OK);
		tally_add(&got, &e);
		want.entries++;
		if (x->family == AF_INET)
			want.ipv4++;
		else
			want.ipv6++;
		want.l4[x->l4proto]++;
		if (x->tcp_state >= 0)
			want.tcp[x->tcp_state]++;
		want.assured += x->assured;
		want.unreplied += x->unreplied;
	}
	assert_true(want.entries > 0);
	assert_int_equal(got.entries, want.entries);
	assert_int_equal(got.ipv4, want.ipv4);
	assert_int_equal(got.ipv6, want.ipv6);
	assert_int_equal(got.l3_other, 0);
	assert_memory_equal(got.l4, want.l4, sizeof got.l4);
	assert_memory_equal(got.tcp, want.tcp, sizeof got.tcp);
	assert_int_equal(got.assured, want.assured);
	assert_int_equal(got.unreplied, want.unreplied);
	/* every fixture carries a timeout, so each lands in one bin */
	uint64_t binned = 0;
	for (unsigned p = 0; p < 256; p++)
		for (unsigned b = 0; b < CT_HIST_BINS; b++)
			binned += got.l4_hist[p][b];
	assert_int_equal(binned, want.entries);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hist_bin_edges),
		cmocka_unit_test(test_hist_floor),
		cmocka_unit_test(test_tally_add_every_counter),
		cmocka_unit_test(test_tally_of_fixtures),
		cmocka_unit_test(test_tally_loopback),
	};
	return cmocka_run_group_tests(tests, fixtures_setup, fixtures_teardown);
}
