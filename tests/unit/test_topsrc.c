/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exact top sources: counts against a naive reference, ranking, limits,
 * and memory kept or given back between dumps. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "model/model.h"
#include "collect/topport.h"
#include "collect/topsrc.h"

#define NV4 50000
#define NV6 5000
#define NSRC (NV4 + NV6)
#define ADDS 200000

/* Source i of the big test: IPv4 for i < NV4, else IPv6. The multiplier
 * is odd, so addresses are distinct and spread over the whole space;
 * source 0 is 0.0.0.0 and source NV4 is ::, the all-zero keys. */
static struct ct_source source(unsigned i)
{
	struct ct_source s = { 0 };
	uint32_t x = htonl(i < NV4 ? i * 2654435761u : (i - NV4) * 2246822519u);
	if (i < NV4) {
		s.family = AF_INET;
		memcpy(s.addr, &x, 4);
	} else {
		s.family = AF_INET6;
		if (i > NV4) {
			s.addr[0] = 0x20;
			s.addr[1] = 0x01;
			s.addr[2] = 0x0d;
			s.addr[3] = 0xb8;
		}
		memcpy(s.addr + 12, &x, 4);
	}
	return s;
}

/* The order topsrc.h promises, written independently: larger count,
 * then IPv4 before IPv6, then the lower address (as bytes, network order). */
static int reference_order(const void *pa, const void *pb)
{
	const struct ct_source *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return memcmp(a->addr, b->addr, sizeof a->addr);
}

static void add(struct topsrc *ts, const struct ct_source *s)
{
	assert_int_equal(topsrc_add(ts, s->family, s->addr), 0);
}

static void check_same(const struct ct_source *got, const struct ct_source *want, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (got[i].family == want[i].family && got[i].count == want[i].count &&
		    memcmp(got[i].addr, want[i].addr, want[i].family == AF_INET ? 4 : 16) == 0)
			continue;
		char g[INET6_ADDRSTRLEN] = "?", w[INET6_ADDRSTRLEN] = "?";
		inet_ntop(got[i].family, got[i].addr, g, sizeof g);
		inet_ntop(want[i].family, want[i].addr, w, sizeof w);
		fail_msg("rank %u: %s with %llu, expected %s with %llu", i, g,
			 (unsigned long long)got[i].count, w, (unsigned long long)want[i].count);
	}
}

/* 200,000 adds over 50,000 IPv4 and 5,000 IPv6 sources (the tables grow
 * many times), a few hot sources and a long tail full of ties. */
static void test_exact_counts_against_reference(void **state)
{
	(void)state;
	struct ct_source *ref = calloc(NSRC, sizeof *ref);
	struct ct_source *got = calloc(NSRC + 10, sizeof *got);
	assert_non_null(ref);
	assert_non_null(got);
	struct topsrc ts;
	topsrc_init(&ts);

	for (unsigned i = 0; i < NSRC; i++)
		ref[i] = source(i);
	uint32_t rng = 12345;
	for (unsigned k = 0; k < ADDS; k++) {
		/* every source once, then a tenth of the rest on 110 hot ones */
		unsigned i = k < NSRC ? k :
			     test_xorshift(&rng) % 10 == 0 ? (test_xorshift(&rng) % 2 ? test_xorshift(&rng) % 100 :
							  NV4 + test_xorshift(&rng) % 10) :
			     test_xorshift(&rng) % NSRC;
		add(&ts, &ref[i]);
		ref[i].count++;
	}
	assert_int_equal(topsrc_distinct(&ts), NSRC);
	qsort(ref, NSRC, sizeof *ref, reference_order);

	/* all of them: every count exact, every tie in order */
	assert_int_equal(topsrc_top(&ts, got, NSRC + 10), NSRC);
	check_same(got, ref, NSRC);
	/* the usual top 10 and the most a snapshot keeps */
	memset(got, 0, (NSRC + 10) * sizeof *got);
	assert_int_equal(topsrc_top(&ts, got, 10), 10);
	check_same(got, ref, 10);
	assert_int_equal(topsrc_top(&ts, got, CT_TOP_MAX), CT_TOP_MAX);
	check_same(got, ref, CT_TOP_MAX);

	topsrc_free(&ts);
	free(ref);
	free(got);
}

static struct ct_source v4(const char *text, uint64_t count)
{
	struct ct_source s = { .family = AF_INET, .count = count };
	assert_int_equal(inet_pton(AF_INET, text, s.addr), 1);
	return s;
}

static struct ct_source v6(const char *text, uint64_t count)
{
	struct ct_source s = { .family = AF_INET6, .count = count };
	assert_int_equal(inet_pton(AF_INET6, text, s.addr), 1);
	return s;
}

/* Ties: IPv4 first, then the lower address in network order (2.0.0.0
 * after 1.255.255.255, though its first host-order word is smaller on a
 * little-endian machine). */
static void test_ordering(void **state)
{
	(void)state;
	const struct ct_source want[] = {
		v4("9.9.9.9", 5),
		v6("::1", 4),
		v4("1.2.3.3", 2),
		v4("1.2.3.4", 2),
		v4("1.255.255.255", 2),
		v4("2.0.0.0", 2),
		v6("::1:0", 2),
		v6("2001:db8::1", 2),
		v4("0.0.0.0", 1),
	};
	const unsigned n = sizeof want / sizeof want[0];
	struct topsrc ts;
	topsrc_init(&ts);
	/* added in an order unrelated to the ranking */
	for (unsigned round = 0; round < 5; round++)
		for (unsigned i = n; i-- > 0;)
			if (want[i].count > round)
				add(&ts, &want[i]);
	struct ct_source got[16];
	assert_int_equal(topsrc_top(&ts, got, 16), n);
	check_same(got, want, n);
	/* a shorter list is the head of the longer one */
	assert_int_equal(topsrc_top(&ts, got, 4), 4);
	check_same(got, want, 4);
	topsrc_free(&ts);
}

static void test_limits(void **state)
{
	(void)state;
	struct topsrc ts;
	topsrc_init(&ts);
	struct ct_source got[8], sentinel;
	memset(&sentinel, 0xa5, sizeof sentinel);

	/* nothing counted yet */
	assert_int_equal(topsrc_distinct(&ts), 0);
	assert_int_equal(topsrc_top(&ts, got, 8), 0);

	const struct ct_source a = v4("127.0.0.2", 0), b = v6("::1", 0);
	add(&ts, &a);
	add(&ts, &b);
	add(&ts, &b);
	/* n larger than the number of sources */
	assert_int_equal(topsrc_top(&ts, got, 8), 2);
	const struct ct_source want[] = { v6("::1", 2), v4("127.0.0.2", 1) };
	check_same(got, want, 2);
	/* n = 0 writes nothing */
	for (unsigned i = 0; i < 8; i++)
		got[i] = sentinel;
	assert_int_equal(topsrc_top(&ts, got, 0), 0);
	assert_memory_equal(&got[0], &sentinel, sizeof sentinel);
	topsrc_free(&ts);
	assert_int_equal(topsrc_distinct(&ts), 0);
}

/* After a reset the counts start from zero in the same memory; a big table
 * that the last dump hardly used is given back. */
static void test_reset_reuses_and_trims(void **state)
{
	(void)state;
	struct topsrc ts;
	topsrc_init(&ts);
	struct ct_source got[4];

	const struct ct_source a = v4("127.0.0.1", 0), c = v6("::1", 0);
	add(&ts, &a);
	add(&ts, &a);
	add(&ts, &c);
	const void *small_v4 = ts.v4.tab, *small_v6 = ts.v6;
	unsigned bits = ts.v4.bits;
	topsrc_reset(&ts);
	assert_int_equal(topsrc_distinct(&ts), 0);
	assert_int_equal(topsrc_top(&ts, got, 4), 0);
	assert_ptr_equal(ts.v4.tab, small_v4);
	assert_ptr_equal(ts.v6, small_v6);
	assert_int_equal(ts.v4.bits, bits);
	add(&ts, &a);
	assert_int_equal(topsrc_top(&ts, got, 4), 1);
	assert_int_equal(got[0].count, 1);

	/* a dump with many sources grows the tables ... */
	topsrc_reset(&ts);
	for (unsigned i = 0; i < 40000; i++) {
		struct ct_source s = source(i);
		add(&ts, &s);
		s = source(NV4 + 1 + i);
		add(&ts, &s);
	}
	unsigned big4 = ts.v4.bits, big6 = ts.v6_bits;
	const void *big_v4 = ts.v4.tab;
	assert_true(big4 > bits);
	/* ... which a reset after such a dump keeps for the next one */
	topsrc_reset(&ts);
	assert_ptr_equal(ts.v4.tab, big_v4);
	assert_int_equal(ts.v4.bits, big4);
	assert_int_equal(ts.v6_bits, big6);
	assert_int_equal(topsrc_top(&ts, got, 4), 0);

	/* a dump with few sources: the next reset gives the memory back */
	for (unsigned i = 0; i < 100; i++) {
		struct ct_source s = source(i);
		add(&ts, &s);
		s = source(NV4 + 1 + i);
		add(&ts, &s);
	}
	assert_int_equal(topsrc_distinct(&ts), 200);
	topsrc_reset(&ts);
	assert_true(ts.v4.bits < big4);
	assert_true(ts.v6_bits < big6);
	assert_int_equal(topsrc_distinct(&ts), 0);
	/* and counting goes on */
	add(&ts, &c);
	add(&ts, &c);
	assert_int_equal(topsrc_top(&ts, got, 4), 1);
	assert_int_equal(got[0].count, 2);
	assert_int_equal(got[0].family, AF_INET6);
	topsrc_free(&ts);
}

/* Destination ports: exact counts per (protocol, port) against a plain
 * array, ranked by count, then protocol, then port; keys past 16 bits of
 * port never mix protocols. */
static void test_ports_against_reference(void **state)
{
	(void)state;
	static uint32_t ref[2][65536];
	static const uint8_t protos[2] = { 6, 17 };
	struct keycount kc;
	keycount_init(&kc);
	uint32_t st = 7;
	for (unsigned i = 0; i < ADDS; i++) {
		unsigned p = test_xorshift(&st) & 1;
		/* a few hot ports, many cold ones, port 0 and 65535 included */
		uint16_t port = (uint16_t)(i % 7 == 0 ? 80 + (i % 3) : test_xorshift(&st));
		ref[p][port]++;
		assert_int_equal(topport_add(&kc, protos[p], port), 0);
	}
	assert_int_equal(topport_add(&kc, 6, 0), 0);
	ref[0][0]++;
	assert_int_equal(topport_add(&kc, 6, 65535), 0);
	ref[0][65535]++;

	uint64_t distinct = 0;
	for (unsigned p = 0; p < 2; p++)
		for (unsigned port = 0; port < 65536; port++)
			distinct += ref[p][port] != 0;
	assert_int_equal(kc.used, distinct);

	struct ct_port_count got[CT_TOP_MAX];
	unsigned n = topport_top(&kc, got, CT_TOP_MAX);
	assert_int_equal(n, CT_TOP_MAX);
	for (unsigned i = 0; i < n; i++) {
		unsigned p = got[i].proto == 6 ? 0 : 1;
		assert_true(got[i].proto == 6 || got[i].proto == 17);
		assert_int_equal(got[i].count, ref[p][got[i].port]);
		if (i > 0) {
			const struct ct_port_count *a = &got[i - 1], *b = &got[i];
			assert_true(a->count > b->count ||
				    (a->count == b->count && (a->proto < b->proto ||
				     (a->proto == b->proto && a->port < b->port))));
		}
	}
	/* nothing left out beats the last one kept */
	const struct ct_port_count *last = &got[n - 1];
	for (unsigned p = 0; p < 2; p++)
		for (unsigned port = 0; port < 65536; port++) {
			bool kept = false;
			for (unsigned i = 0; i < n && !kept; i++)
				kept = got[i].proto == protos[p] && got[i].port == port;
			if (!kept)
				assert_true(ref[p][port] <= last->count);
		}
	assert_int_equal(got[0].port >= 80 && got[0].port <= 82, 1);
	assert_int_equal(topport_top(&kc, got, 0), 0);
	assert_int_equal(topport_top(&kc, got, 1), 1);
	keycount_free(&kc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_counts_against_reference),
		cmocka_unit_test(test_ordering),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_reset_reuses_and_trims),
		cmocka_unit_test(test_ports_against_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
