/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hash flooding (issue 16 item 7): keys an attacker builds so that they
 * all share one slot under an unkeyed hash must cost about what random
 * keys cost. Each set below collides completely under the hash its table
 * used before it was keyed (the multiply of keycount and topsrc, the
 * multiply-xorshift of keytab), which made building the table quadratic.
 * The event index's ids come from the kernel, so there the test is that
 * two tables do not lay the same ids out alike (a key per table).
 * HASHFLOOD_KEYS=N sets the keys a set (default 20,000; 150,000 is the
 * attack's size): tests/bench-hashflood runs it so. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/clock.h"
#include "collect/ctindex.h"
#include "collect/keycount.h"
#include "collect/keytab.h"
#include "collect/topsrc.h"

#define DEFAULT_KEYS 20000
/* crafted keys may cost this many times the random ones, no more */
#define MAX_RATIO 4.0
/* each set is built again until this much CPU has passed, for a stable
 * figure from a fast build */
#define MIN_MS 60.0

static uint8_t (*keys)[20];
static unsigned nkeys = DEFAULT_KEYS;

static uint64_t rng_state = 0x9d3c0b5ull;
static uint64_t next_rand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* The multiplicative inverse of an odd number, mod 2^64 (Newton). */
static uint64_t inverse64(uint64_t a)
{
	uint64_t x = a;
	for (int i = 0; i < 6; i++)
		x *= 2 - a * x;
	return x;
}

typedef void (*build_fn)(unsigned n);

/* CPU milliseconds one build takes. */
static double build_ms(build_fn build)
{
	double start = thread_cpu_ms(), spent;
	unsigned rounds = 0;
	do {
		build(nkeys);
		rounds++;
		spent = thread_cpu_ms() - start;
	} while (spent < MIN_MS);
	return spent / rounds;
}

static void assert_flood_bounded(const char *what, build_fn build, void (*random_keys)(void),
				 void (*crafted_keys)(void))
{
	random_keys();
	double random_ms = build_ms(build);
	crafted_keys();
	double crafted_ms = build_ms(build);
	print_message("%s: %u keys: random %.2f ms, crafted %.2f ms CPU (%.2fx)\n", what, nkeys,
		      random_ms, crafted_ms, crafted_ms / random_ms);
	assert_true(crafted_ms < random_ms * MAX_RATIO);
}

/* --- IPv4 sources (keycount) --- */

/* Distinct random-looking addresses: a bijective mix of i (xorshift64's
 * 32-bit halves could repeat). */
static uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	return x ^ (x >> 16);
}

static void v4_random(void)
{
	for (unsigned i = 0; i < nkeys; i++) {
		uint32_t a = mix32(i + (uint32_t)rng_state);
		memcpy(keys[i], &a, 4);
	}
}

/* x * 0x9E3779B1 == i: the product's top bits, the old home, are 0 for
 * every i below 2^15 */
static void v4_crafted(void)
{
	uint32_t inv = (uint32_t)inverse64(0x9E3779B1u);
	for (unsigned i = 0; i < nkeys; i++) {
		uint32_t a = (i + 1) * inv;
		memcpy(keys[i], &a, 4);
	}
}

static void build_topsrc(int family, unsigned n)
{
	struct topsrc ts;
	topsrc_init(&ts);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(topsrc_add(&ts, family, keys[i]), 0);
	assert_int_equal(topsrc_distinct(&ts), n);
	topsrc_free(&ts);
}

static void build_v4(unsigned n)
{
	build_topsrc(AF_INET, n);
}

static void test_v4_sources(void **state)
{
	(void)state;
	assert_flood_bounded("IPv4 sources", build_v4, v4_random, v4_crafted);
}

/* --- IPv6 sources from one /64 (topsrc) --- */

static const uint8_t prefix64[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2 };

static void v6_random(void)
{
	for (unsigned i = 0; i < nkeys; i++) {
		uint64_t low = next_rand();
		memcpy(keys[i], prefix64, 8);
		memcpy(keys[i] + 8, &low, 8);
	}
}

/* The old hash mixed the four words as w0 ^ w1*c1 ^ w2*c2 ^ w3*c3: with
 * the /64 fixed, w3 = (C ^ w0 ^ w1*c1 ^ w2*c2) / c3 makes it C for all. */
static void v6_crafted(void)
{
	uint32_t w[4];
	memcpy(w, prefix64, 8);
	uint32_t inv3 = (uint32_t)inverse64(0x27D4EB2Fu);
	for (unsigned i = 0; i < nkeys; i++) {
		w[2] = mix32(i + (uint32_t)rng_state);
		w[3] = (0x5eed ^ w[0] ^ w[1] * 0x85EBCA6Bu ^ w[2] * 0xC2B2AE35u) * inv3;
		memcpy(keys[i], w, 16);
	}
}

static void build_v6(unsigned n)
{
	build_topsrc(AF_INET6, n);
}

static void test_v6_sources(void **state)
{
	(void)state;
	assert_flood_bounded("IPv6 sources in one /64", build_v6, v6_random, v6_crafted);
}

/* --- the event engine's addresses (keytab) --- */

static void keytab_random(void)
{
	for (unsigned i = 0; i < nkeys; i++) {
		struct ct_key k = { .family = AF_INET6 };
		memcpy(k.addr, prefix64, 8);
		uint64_t low = next_rand();
		memcpy(k.addr + 8, &low, 8);
		memcpy(keys[i], &k, sizeof k);
	}
}

/* The old hash: h0 = w0*A; h1 = (h0 ^ h0>>29 ^ w1)*B;
 * h2 = (h1 ^ h1>>31 ^ w2)*C; home = low bits of h2 ^ h2>>32. Choosing
 * h2 = i<<32 | i puts every key at home 0; h1 and then w1 (address
 * bytes 4..11) follow by inverting each step. */
static void keytab_crafted(void)
{
	const uint64_t A = 0x9E3779B97F4A7C15ull, B = 0xBF58476D1CE4E5B9ull,
		       C = 0x94D049BB133111EBull;
	for (unsigned i = 0; i < nkeys; i++) {
		struct ct_key k = { .family = AF_INET6 };
		memcpy(k.addr, prefix64, 8);
		uint64_t w[3] = { 0, 0, 0 };
		memcpy(w, &k, sizeof k);
		uint64_t h0 = w[0] * A;
		uint64_t h2 = (uint64_t)(i + 1) << 32 | (i + 1);
		uint64_t y = h2 * inverse64(C) ^ w[2];
		uint64_t h1 = y ^ y >> 31 ^ y >> 62;
		w[1] = h1 * inverse64(B) ^ h0 ^ h0 >> 29;
		memcpy(k.addr + 4, &w[1], 8);
		memcpy(keys[i], &k, sizeof k);
	}
}

static void build_keytab(unsigned n)
{
	struct keytab kt;
	keytab_init(&kt, 0);
	for (unsigned i = 0; i < n; i++) {
		struct ct_key k;
		memcpy(&k, keys[i], sizeof k);
		assert_int_not_equal(keytab_slot(&kt, &k), CTR_NO_SLOT);
	}
	assert_int_equal(kt.live, n);
	keytab_free(&kt);
}

static void test_keytab_addresses(void **state)
{
	(void)state;
	assert_flood_bounded("event engine addresses", build_keytab, keytab_random,
			     keytab_crafted);
}

/* --- the event index: a key of its own per table --- */

static void test_index_keyed_per_table(void **state)
{
	(void)state;
	struct ctindex a, b;
	ctindex_init(&a);
	ctindex_init(&b);
	bool made;
	for (uint32_t id = 1; id <= 500; id++) {
		assert_non_null(ctindex_insert(&a, id, &made));
		assert_non_null(ctindex_insert(&b, id, &made));
	}
	assert_int_equal(a.bits, b.bits);
	unsigned same = 0;
	for (uint64_t i = 0; i < (uint64_t)1 << a.bits; i++)
		same += a.slot[i].state != CTR_EMPTY && b.slot[i].state != CTR_EMPTY &&
			a.slot[i].id == b.slot[i].id;
	/* by chance about 500 * 500 / 1024 ids would share a slot at most
	 * a few hundred; the same hash lays all 500 out alike */
	assert_true(same < 400);
	ctindex_free(&a);
	ctindex_free(&b);
}

int main(void)
{
	const char *want = getenv("HASHFLOOD_KEYS");
	if (want && atoi(want) > 0 && atoi(want) <= 1000000)
		nkeys = (unsigned)atoi(want);
	keys = calloc(nkeys, sizeof *keys);
	if (!keys)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_sources),
		cmocka_unit_test(test_v6_sources),
		cmocka_unit_test(test_keytab_addresses),
		cmocka_unit_test(test_index_keyed_per_table),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	free(keys);
	return failed;
}
