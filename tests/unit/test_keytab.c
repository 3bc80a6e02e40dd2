/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key slots for the event engine: a key keeps its slot, distinct keys
 * (IPv4, IPv6, ports) never share one, the table grows past its first
 * size, idle keys are let go without losing the others, and the rates
 * read the 10 s / 60 s windows and the mark as keytab.h says. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/ctindex.h"
#include "collect/keytab.h"

#define MANY 5000

static struct ct_key v4_key(uint32_t host_order)
{
	struct ct_key k = { .family = AF_INET };
	uint32_t n = htonl(host_order);
	memcpy(k.addr, &n, 4);
	return k;
}

static struct ct_key v6_key(const char *text)
{
	struct ct_key k = { .family = AF_INET6 };
	assert_int_equal(inet_pton(AF_INET6, text, k.addr), 1);
	return k;
}

static struct ct_key port_key(uint8_t proto, uint16_t port)
{
	return (struct ct_key){ .family = KEY_PORT, .proto = proto, .port = port };
}

static void test_empty(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 100.0);
	struct ct_key k = v4_key(0x7f000001);
	struct keyrank out[4];
	assert_int_equal(keytab_find(&kt, &k), CTR_NO_SLOT);
	assert_int_equal(keytab_top_held(&kt, out, 4), 0);
	assert_int_equal(keytab_top_new(&kt, KT_10S, 101.0, out, 4), 0);
	assert_int_equal(keytab_bytes(&kt), 0);
	assert_int_equal(kt.live, 0);
	keytab_tick(&kt, 200.0); /* nothing to let go: must not crash */
	keytab_free(&kt);
}

/* Same bytes under another family, or a port key, is another key. */
static void test_distinct_keys(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 0.0);
	struct ct_key a4 = v4_key(0x7f000001);
	struct ct_key a6 = a4;
	a6.family = AF_INET6;
	struct ct_key loop6 = v6_key("::1");
	struct ct_key tcp0 = port_key(6, 0), tcp_max = port_key(6, 65535);
	struct ct_key udp0 = port_key(17, 0);

	uint32_t s4 = keytab_slot(&kt, &a4);
	uint32_t s6 = keytab_slot(&kt, &a6);
	uint32_t sl = keytab_slot(&kt, &loop6);
	uint32_t st0 = keytab_slot(&kt, &tcp0);
	uint32_t stm = keytab_slot(&kt, &tcp_max);
	uint32_t su0 = keytab_slot(&kt, &udp0);
	uint32_t all[] = { s4, s6, sl, st0, stm, su0 };
	for (unsigned i = 0; i < 6; i++) {
		assert_int_not_equal(all[i], CTR_NO_SLOT);
		for (unsigned j = 0; j < i; j++)
			assert_int_not_equal(all[i], all[j]);
	}
	assert_int_equal(kt.live, 6);
	/* asking again gives the same slot and makes nothing new */
	assert_int_equal(keytab_slot(&kt, &a4), s4);
	assert_int_equal(keytab_slot(&kt, &udp0), su0);
	assert_int_equal(keytab_find(&kt, &tcp_max), stm);
	assert_int_equal(kt.live, 6);
	assert_memory_equal(&kt.slot[sl].key, &loop6, sizeof loop6);
	/* a key never asked for has none */
	struct ct_key other = port_key(17, 65535);
	assert_int_equal(keytab_find(&kt, &other), CTR_NO_SLOT);
	assert_true(keytab_bytes(&kt) > 0);
	keytab_free(&kt);
	assert_int_equal(kt.live, 0);
	assert_null(kt.slot);
}

/* Far past the first 256 slots and 256 hash buckets: every key keeps its
 * own slot and is found again. */
static void test_growth(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 0.0);
	static uint32_t slot_of[MANY];
	for (uint32_t i = 0; i < MANY; i++) {
		struct ct_key k = i % 2 ? v4_key(0x0a000000u + i) : port_key(6, (uint16_t)i);
		slot_of[i] = keytab_slot(&kt, &k);
		assert_int_not_equal(slot_of[i], CTR_NO_SLOT);
	}
	assert_int_equal(kt.live, MANY);
	assert_true(kt.cap >= MANY);
	assert_true(((uint64_t)1 << kt.hbits) * 3 >= (uint64_t)MANY * 4);
	uint64_t bytes = keytab_bytes(&kt);
	assert_true(bytes >= (uint64_t)MANY * sizeof(struct keyslot));
	for (uint32_t i = 0; i < MANY; i++) {
		struct ct_key k = i % 2 ? v4_key(0x0a000000u + i) : port_key(6, (uint16_t)i);
		assert_int_equal(keytab_find(&kt, &k), slot_of[i]);
		for (uint32_t j = i + 1; j < MANY && j < i + 50; j++)
			assert_int_not_equal(slot_of[i], slot_of[j]);
	}
	keytab_free(&kt);
}

/* Top by held entries: largest first, zero left out, at most n. */
static void test_top_held(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 0.0);
	const uint32_t held[] = { 3, 0, 9, 1, 7, 0, 5 };
	const unsigned n = sizeof held / sizeof held[0];
	for (unsigned i = 0; i < n; i++) {
		struct ct_key k = v4_key(0xc0a80000u + i);
		uint32_t s = keytab_slot(&kt, &k);
		assert_int_not_equal(s, CTR_NO_SLOT);
		kt.slot[s].held = held[i];
	}
	struct keyrank out[10];
	assert_int_equal(keytab_top_held(&kt, out, 10), 5);
	const double want[] = { 9, 7, 5, 3, 1 };
	const uint32_t want_addr[] = { 2, 4, 6, 0, 3 };
	for (unsigned i = 0; i < 5; i++) {
		struct ct_key k = v4_key(0xc0a80000u + want_addr[i]);
		assert_true(out[i].value == want[i]);
		assert_memory_equal(&out[i].key, &k, sizeof k);
	}
	assert_int_equal(keytab_top_held(&kt, out, 2), 2);
	assert_true(out[0].value == 9 && out[1].value == 7);
	assert_int_equal(keytab_top_held(&kt, out, 0), 0);

	keytab_clear_held(&kt);
	assert_int_equal(keytab_top_held(&kt, out, 10), 0);
	assert_int_equal(kt.live, n); /* clearing held lets no key go */
	keytab_free(&kt);
}

/* Windows: before the first whole window, the count over the time so far
 * (the count itself in the first second); after, the previous window's
 * share still inside the sliding window plus the current one. */
static void test_rates(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 1000.0);
	struct ct_key k = port_key(6, 443), quiet = port_key(6, 22);
	uint32_t s = keytab_slot(&kt, &k);
	keytab_slot(&kt, &quiet);
	for (int i = 0; i < 5; i++)
		keytab_count_new(&kt, s);
	const struct keyslot *ks = &kt.slot[s];
	assert_int_equal(ks->new_cur[0], 5);
	assert_int_equal(ks->new_cur[1], 5);
	assert_int_equal(ks->new_mark, 5);

	assert_true(keytab_rate(&kt, ks, KT_10S, 1000.5) == 5.0);
	assert_true(keytab_rate(&kt, ks, KT_10S, 1005.0) == 1.0);
	assert_true(keytab_rate(&kt, ks, KT_MARK, 1002.0) == 2.5);
	assert_true(keytab_rate(&kt, ks, KT_MARK, 1000.0) == 0.0); /* no span yet */

	/* 10 s on: the 10 s window turns over, the 60 s one does not */
	keytab_tick(&kt, 1010.0);
	ks = &kt.slot[keytab_find(&kt, &k)];
	assert_int_equal(ks->new_prev[0], 5);
	assert_int_equal(ks->new_cur[0], 0);
	assert_int_equal(ks->new_cur[1], 5);
	/* half way into the next window: half the previous one's 5, over 10 s */
	assert_true(keytab_rate(&kt, ks, KT_10S, 1015.0) == 0.25);
	assert_true(keytab_rate(&kt, ks, KT_60S, 1030.0) == 5.0 / 30.0);

	/* top_new: only the key that made entries, with its rate */
	struct keyrank out[4];
	assert_int_equal(keytab_top_new(&kt, KT_10S, 1015.0, out, 4), 1);
	assert_memory_equal(&out[0].key, &k, sizeof k);
	assert_true(out[0].value == 0.25);
	/* the quiet key held nothing and made nothing: let go on that tick */
	assert_int_equal(keytab_find(&kt, &quiet), CTR_NO_SLOT);
	assert_int_equal(kt.live, 1);

	/* a window skipped entirely leaves nothing of the old counts */
	keytab_tick(&kt, 1035.0);
	ks = &kt.slot[keytab_find(&kt, &k)];
	assert_int_equal(ks->new_prev[0], 0);
	assert_int_equal(ks->new_cur[0], 0);

	/* the mark starts the count again */
	keytab_mark(&kt, 1035.0);
	assert_int_equal(ks->new_mark, 0);
	keytab_count_new(&kt, keytab_find(&kt, &k));
	assert_true(keytab_rate(&kt, ks, KT_MARK, 1039.0) == 0.25);
	keytab_free(&kt);
}

/* Letting go of many idle keys keeps every busy one findable (the hash
 * closes its holes), and freed slots are handed out again. */
static void test_release_and_reuse(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 0.0);
	static uint32_t slot_of[MANY];
	for (uint32_t i = 0; i < MANY; i++) {
		struct ct_key k = v4_key(0x0a000000u + i);
		slot_of[i] = keytab_slot(&kt, &k);
		if (i % 3 == 0)
			kt.slot[slot_of[i]].held = 1;
	}
	uint32_t cap = kt.cap;
	/* no window moved: nothing let go */
	keytab_tick(&kt, 5.0);
	assert_int_equal(kt.live, MANY);
	keytab_tick(&kt, 10.0);
	uint32_t busy = (MANY + 2) / 3;
	assert_int_equal(kt.live, busy);
	assert_int_equal(kt.nfree, MANY - busy);
	for (uint32_t i = 0; i < MANY; i++) {
		struct ct_key k = v4_key(0x0a000000u + i);
		assert_int_equal(keytab_find(&kt, &k), i % 3 == 0 ? slot_of[i] : CTR_NO_SLOT);
	}
	/* new keys take freed slots: no growth */
	for (uint32_t i = 0; i < MANY - busy; i++) {
		struct ct_key k = v6_key("2001:db8::");
		k.addr[15] = (uint8_t)i;
		k.addr[14] = (uint8_t)(i >> 8);
		uint32_t s = keytab_slot(&kt, &k);
		assert_int_not_equal(s, CTR_NO_SLOT);
		assert_true(s < kt.nslot);
	}
	assert_int_equal(kt.cap, cap);
	assert_int_equal(kt.nfree, 0);
	assert_int_equal(kt.live, MANY);
	keytab_free(&kt);
}

/* A burst of keys that are gone (nothing holds them): without a mark,
 * at most 4096 idle ones stay past the next tick, whatever the windows,
 * and packing gives the memory back, the held keys renumbered. With a
 * mark (--interval) every key stays, for its count since the mark. */
static void test_burst_given_back(void **state)
{
	(void)state;
	enum { BURST = 100000, HELD = 100 };
	struct keytab kt, marked;
	keytab_init(&kt, 0.0);
	keytab_init(&marked, 0.0);
	keytab_mark(&marked, 0.0);
	for (uint32_t i = 0; i < BURST; i++) {
		struct ct_key k = v4_key(0x0a000000u + i);
		uint32_t s = keytab_slot(&kt, &k);
		keytab_count_new(&kt, s);
		kt.slot[s].held = i < HELD;
		keytab_count_new(&marked, keytab_slot(&marked, &k));
	}
	keytab_tick(&kt, 1.0);
	keytab_tick(&marked, 1.0);
	assert_int_equal(marked.live, BURST);
	assert_int_equal(kt.live, HELD + 4096);
	assert_true(keytab_sparse(&kt));
	uint32_t old_slot[HELD], old_n = kt.nslot;
	for (uint32_t i = 0; i < HELD; i++) {
		struct ct_key k = v4_key(0x0a000000u + i);
		old_slot[i] = keytab_find(&kt, &k);
	}
	uint32_t *map;
	assert_int_equal(keytab_compact(&kt, &map), 0);
	assert_int_equal(kt.live, HELD + 4096);
	assert_int_equal(kt.nslot, HELD + 4096);
	assert_true(kt.cap <= 16384);
	assert_false(keytab_sparse(&kt));
	for (uint32_t i = 0; i < HELD; i++) {
		struct ct_key k = v4_key(0x0a000000u + i);
		uint32_t now = keytab_find(&kt, &k);
		assert_int_equal(map[old_slot[i]], now);
		assert_int_equal(kt.slot[now].held, 1);
	}
	uint32_t gone = 0;
	for (uint32_t i = 0; i < old_n; i++)
		gone += map[i] == CTR_NO_SLOT;
	assert_int_equal(gone, old_n - kt.nslot);
	free(map);
	/* and it still takes new keys */
	struct ct_key fresh = v6_key("2001:db8::1");
	assert_int_not_equal(keytab_slot(&kt, &fresh), CTR_NO_SLOT);
	assert_int_equal(kt.live, HELD + 4096 + 1);
	keytab_free(&kt);
	keytab_free(&marked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_distinct_keys),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_top_held),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_release_and_reuse),
		cmocka_unit_test(test_burst_given_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
