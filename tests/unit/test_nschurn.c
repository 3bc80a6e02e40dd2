/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Each namespace's top churner: the fixed summary of sources
 * (collect/churncount.c) against exact counts, under a flood of distinct
 * sources that evicts and re-hashes slots all the time; and which
 * namespaces are watched (collect/nschurn.c). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/churncount.h"
#include "collect/nsscan.h"

static void v4(uint8_t out[16], uint32_t host)
{
	memset(out, 0, 16);
	out[0] = (uint8_t)(host >> 24);
	out[1] = (uint8_t)(host >> 16);
	out[2] = (uint8_t)(host >> 8);
	out[3] = (uint8_t)host;
}

static void test_empty(void **state)
{
	(void)state;
	struct churncount cc;
	churncount_init(&cc);
	assert_null(churncount_top(&cc));
	uint8_t a[16];
	v4(a, 1);
	churncount_add(&cc, 0, a, 1); /* no family: not counted */
	assert_null(churncount_top(&cc));
	assert_int_equal(cc.total, 0);
}

/* A heavy hitter among a spoofed flood: 30,000 one-off sources and one
 * making a quarter of the entries. The heavy one is on top, its count
 * within its error bound of the truth, and every key is findable (no
 * slot lost from the lookup by the evictions). */
static void test_heavy_hitter_in_flood(void **state)
{
	(void)state;
	struct churncount cc;
	churncount_init(&cc);
	uint8_t a[16], heavy[16];
	v4(heavy, 0x0a000007);
	uint64_t heavy_true = 0;
	for (uint32_t i = 0; i < 40000; i++) {
		if (i % 4 == 0) {
			churncount_add(&cc, AF_INET, heavy, 1);
			heavy_true++;
		} else {
			v4(a, 0xc0000000 + i);
			churncount_add(&cc, AF_INET, a, 1);
		}
	}
	const struct churn_slot *top = churncount_top(&cc);
	assert_non_null(top);
	assert_memory_equal(top->addr, heavy, 4);
	assert_true(top->count >= heavy_true);
	assert_true(top->count - top->error <= heavy_true);
	assert_int_equal(cc.total, 40000);
	assert_int_equal(cc.used, CHURN_SLOTS);
	/* each slot is reachable: counting it again lands on it */
	for (int i = 0; i < CHURN_SLOTS; i++) {
		struct churn_slot s = cc.slot[i];
		churncount_add(&cc, s.family, s.addr, 1);
		assert_int_equal(cc.slot[i].count, s.count + 1);
		assert_int_equal(cc.used, CHURN_SLOTS);
	}
}

static void test_weights_and_v6_and_reset(void **state)
{
	(void)state;
	struct churncount cc;
	churncount_init(&cc);
	uint8_t six[16] = { 0x20, 0x01, 0x0d, 0xb8 }, four[16];
	v4(four, 0x20010db8); /* the same first bytes, another family */
	churncount_add(&cc, AF_INET6, six, 10);
	churncount_add(&cc, AF_INET, four, 3);
	churncount_add(&cc, AF_INET, four, 3);
	const struct churn_slot *top = churncount_top(&cc);
	assert_int_equal(top->family, AF_INET6);
	assert_int_equal(top->count, 10);
	assert_int_equal(cc.used, 2);
	assert_int_equal(cc.total, 16);
	struct sipkey seed = cc.seed;
	churncount_reset(&cc);
	assert_null(churncount_top(&cc));
	assert_memory_equal(&cc.seed, &seed, sizeof seed);
}

static struct ns_info ns_of(uint64_t inode, uint64_t count, double drop, double growth)
{
	struct ns_info ns;
	memset(&ns, 0, sizeof ns);
	ns.inode = inode;
	ns.count = count;
	ns.st.have = ns.st.have_rate = true;
	ns.st.drop_rate = drop;
	ns.st.growth_rate = growth;
	return ns;
}

static double turn_at(void *arg, uint64_t inode)
{
	(void)arg;
	return inode == 7 ? 50.0 : inode == 8 ? 10.0 : 0; /* 9 never watched */
}

/* Selected first, then dropping (most first), growing, then in turn the
 * least recently watched; empty and unreadable namespaces never. */
static void test_choose(void **state)
{
	(void)state;
	struct ns_info ns[] = {
		ns_of(1, 0, 0, 0),        /* empty: never */
		ns_of(2, 900, 0, 5),      /* growing slowly */
		ns_of(3, 100, 2, 0),      /* dropping a little */
		ns_of(4, 100, 40, 0),     /* dropping much */
		ns_of(5, 10, 0, 300),     /* growing fast */
		ns_of(6, 5000, 0, 0),     /* unreadable */
		ns_of(7, 50, 0, 0),       /* in turn, watched at 50 */
		ns_of(8, 50, 0, 0),       /* in turn, watched at 10 */
		ns_of(9, 1, 0, 0),        /* in turn, never watched */
		ns_of(10, 0, 0, 0),       /* empty but selected */
	};
	ns[5].err = 1;
	struct ns_table t = { .ns = ns, .n = sizeof ns / sizeof ns[0] };
	uint64_t out[NSCHURN_WATCH_MAX];
	unsigned n = nschurn_choose(&t, 10, turn_at, NULL, out, NSCHURN_WATCH_MAX);
	static const uint64_t want[] = { 10, 4, 3, 5, 2, 9, 8, 7 };
	assert_int_equal(n, 8);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(out[i], want[i]);
	n = nschurn_choose(&t, 0, turn_at, NULL, out, 3);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 4);
	assert_int_equal(out[2], 5);
}

/* Rates go by each namespace's own two read times: a scan of 500
 * namespaces takes seconds, so the last one read is seconds younger than
 * the scan's start (tests/integration/ns_churn.sh saw a growth 4.4 times
 * too high with the scan's interval). */
static void test_rates_by_own_read_time(void **state)
{
	(void)state;
	struct ns_info a[2] = { ns_of(1, 0, 0, 0), ns_of(2, 100, 0, 0) };
	struct ns_info b[2] = { ns_of(1, 4000, 0, 0), ns_of(2, 100, 0, 0) };
	a[0].read_ms = 1000;
	b[0].read_ms = 5000;  /* 4 s apart, though the scans were "1 s" */
	a[0].st.drop = 10;
	b[0].st.drop = 30;
	struct ns_table before = { .ns = a, .n = 2 }, now = { .ns = b, .n = 2 };
	nsstats_rates(&now, &before, 1.0);
	assert_int_equal(now.ns[0].inode, 1); /* dropping first */
	assert_true(now.ns[0].st.have_rate);
	assert_true(now.ns[0].st.growth_rate > 999.9 && now.ns[0].st.growth_rate < 1000.1);
	assert_true(now.ns[0].st.drop_rate > 4.99 && now.ns[0].st.drop_rate < 5.01);
	/* no read times: the interval given */
	assert_true(now.ns[1].st.have_rate);
	assert_true(now.ns[1].st.growth_rate == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_heavy_hitter_in_flood),
		cmocka_unit_test(test_weights_and_v6_and_reset),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_rates_by_own_read_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
