/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exact counts per 32-bit key: every count against a plain reference,
 * growth past the first table, key 0 (a count of 0, not a key of 0, marks
 * an empty slot), and memory kept or given back on reset. */
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "collect/keycount.h"

/* The count of key, walking the table as a reader does; 0 when absent. */
static uint32_t count_of(const struct keycount *kc, uint32_t key)
{
	uint32_t found = 0;
	unsigned hits = 0;
	for (size_t i = 0; i < keycount_capacity(kc); i++)
		if (kc->tab[i].count && kc->tab[i].key == key) {
			found = kc->tab[i].count;
			hits++;
		}
	assert_true(hits <= 1); /* a key lives in one slot */
	return found;
}

static uint64_t slots_used(const struct keycount *kc)
{
	uint64_t n = 0;
	for (size_t i = 0; i < keycount_capacity(kc); i++)
		n += kc->tab[i].count != 0;
	return n;
}

static void test_empty_and_one(void **state)
{
	(void)state;
	struct keycount kc;
	keycount_init(&kc);
	assert_int_equal(keycount_capacity(&kc), 0);
	assert_int_equal(kc.used, 0);
	keycount_reset(&kc); /* nothing allocated: stays so */
	assert_null(kc.tab);

	assert_int_equal(keycount_add(&kc, 0), 0);
	assert_int_equal(keycount_capacity(&kc), 1024);
	assert_int_equal(kc.used, 1);
	assert_int_equal(count_of(&kc, 0), 1);
	for (int i = 0; i < 9; i++)
		assert_int_equal(keycount_add(&kc, 0), 0);
	assert_int_equal(kc.used, 1);
	assert_int_equal(count_of(&kc, 0), 10);
	assert_int_equal(keycount_add(&kc, UINT32_MAX), 0);
	assert_int_equal(kc.used, 2);
	assert_int_equal(count_of(&kc, UINT32_MAX), 1);
	assert_int_equal(count_of(&kc, 0), 10);
	assert_int_equal(count_of(&kc, 1), 0);
	keycount_free(&kc);
	assert_int_equal(keycount_capacity(&kc), 0);
	assert_int_equal(kc.used, 0);
}

/* 3000 distinct keys (the 1024-slot table grows to 8192, load kept at or
 * under a half), counted 1 to 7 times each in a shuffled order. */
static void test_growth_exact(void **state)
{
	(void)state;
	enum { N = 3000 };
	static uint32_t keys[N], want[N];
	uint32_t st = 99;
	for (unsigned i = 0; i < N; i++) {
		keys[i] = i * 2654435761u; /* odd multiplier: distinct */
		want[i] = 1 + i % 7;
	}
	struct keycount kc;
	keycount_init(&kc);
	static uint32_t left[N];
	memcpy(left, want, sizeof left);
	unsigned remaining = 0;
	for (unsigned i = 0; i < N; i++)
		remaining += left[i];
	while (remaining) {
		unsigned i = test_xorshift(&st) % N;
		if (!left[i])
			continue;
		assert_int_equal(keycount_add(&kc, keys[i]), 0);
		left[i]--;
		remaining--;
		assert_true(kc.used * 2 <= keycount_capacity(&kc));
	}
	assert_int_equal(kc.used, N);
	assert_int_equal(slots_used(&kc), N);
	assert_int_equal(keycount_capacity(&kc), 8192);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(count_of(&kc, keys[i]), want[i]);
	keycount_free(&kc);
}

/* A reset forgets the counts; the table stays unless the last dump used
 * under 1/16 of a table bigger than 2^16 slots. */
static void test_reset_keeps_or_trims(void **state)
{
	(void)state;
	struct keycount kc;
	keycount_init(&kc);
	assert_int_equal(keycount_add(&kc, 42), 0);
	const struct kslot *small = kc.tab;
	keycount_reset(&kc);
	assert_ptr_equal(kc.tab, small);
	assert_int_equal(kc.bits, 10);
	assert_int_equal(kc.used, 0);
	assert_int_equal(slots_used(&kc), 0);
	assert_int_equal(keycount_add(&kc, 42), 0);
	assert_int_equal(count_of(&kc, 42), 1);

	/* 40000 keys: 2^17 slots */
	keycount_reset(&kc);
	for (uint32_t k = 0; k < 40000; k++)
		assert_int_equal(keycount_add(&kc, k), 0);
	assert_int_equal(kc.bits, 17);
	const struct kslot *big = kc.tab;
	keycount_reset(&kc); /* well used: kept */
	assert_ptr_equal(kc.tab, big);
	assert_int_equal(kc.bits, 17);
	assert_int_equal(slots_used(&kc), 0);

	/* 8191 keys is under 1/16 of 2^17: given back */
	for (uint32_t k = 0; k < 8191; k++)
		assert_int_equal(keycount_add(&kc, k), 0);
	keycount_reset(&kc);
	assert_null(kc.tab);
	assert_int_equal(kc.bits, 0);
	assert_int_equal(kc.used, 0);
	/* and counting goes on from a fresh table */
	assert_int_equal(keycount_add(&kc, 7), 0);
	assert_int_equal(keycount_add(&kc, 7), 0);
	assert_int_equal(count_of(&kc, 7), 2);
	assert_int_equal(kc.bits, 10);

	/* exactly 1/16 used is kept */
	keycount_reset(&kc);
	for (uint32_t k = 0; k < 40000; k++)
		assert_int_equal(keycount_add(&kc, k), 0);
	keycount_reset(&kc);
	for (uint32_t k = 0; k < 8192; k++)
		assert_int_equal(keycount_add(&kc, k), 0);
	big = kc.tab;
	keycount_reset(&kc);
	assert_ptr_equal(kc.tab, big);
	keycount_free(&kc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_one),
		cmocka_unit_test(test_growth_exact),
		cmocka_unit_test(test_reset_keeps_or_trims),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
