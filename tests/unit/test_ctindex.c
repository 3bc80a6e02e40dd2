/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event engine's entry index and key tables: against a naive
 * reference through long random runs (small tables, so runs wrap around
 * the end and deletions shift them back), and the churn windows. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/ctindex.h"
#include "collect/keytab.h"

#define IDS 3000
#define OPS 200000

/* a linear congruential step: the high bits are random enough here */
static uint32_t next_rand(uint32_t *st)
{
	*st = *st * 1664525u + 1013904223u;
	return *st >> 8;
}

static void test_index_matches_reference(void **state)
{
	(void)state;
	struct ctindex ix;
	ctindex_init(&ix);
	static bool present[IDS];
	static uint32_t value[IDS];
	memset(present, 0, sizeof present);
	uint32_t rng = 12345;
	uint64_t live = 0;
	for (unsigned op = 0; op < OPS; op++) {
		/* ids clustered in a small range: many collide at home */
		unsigned i = next_rand(&rng) % IDS;
		uint32_t id = i * 1024u;
		if (next_rand(&rng) % 3) {
			bool made;
			struct ct_rec *r = ctindex_insert(&ix, id, &made);
			assert_non_null(r);
			assert_int_equal(made, !present[i]);
			assert_int_equal(r->id, id);
			if (made) {
				assert_int_equal(r->state, CTR_NO_STATE);
				assert_int_equal(r->src, CTR_NO_SLOT);
				live++;
			} else {
				assert_int_equal(r->src, value[i]);
			}
			r->src = value[i] = next_rand(&rng) & 0xffff;
			present[i] = true;
		} else {
			struct ct_rec *r = ctindex_find(&ix, id);
			assert_int_equal(r != NULL, present[i]);
			if (r) {
				assert_int_equal(r->src, value[i]);
				ctindex_remove(&ix, r);
				present[i] = false;
				live--;
			}
		}
		assert_int_equal(ix.used, live);
		if (op % 20000 == 0) /* every record still found where it should be */
			for (unsigned k = 0; k < IDS; k++) {
				struct ct_rec *r = ctindex_find(&ix, k * 1024u);
				assert_int_equal(r != NULL, present[k]);
				if (r)
					assert_int_equal(r->src, value[k]);
			}
	}
	ctindex_reset(&ix);
	assert_int_equal(ix.used, 0);
	for (unsigned k = 0; k < IDS; k++)
		assert_null(ctindex_find(&ix, k * 1024u));
	ctindex_free(&ix);
}

static void test_index_record_is_small(void **state)
{
	(void)state;
	struct ctindex ix;
	ctindex_init(&ix);
	bool made;
	for (uint32_t id = 1; id <= 100000; id++)
		assert_non_null(ctindex_insert(&ix, id * 2654435761u, &made));
	/* at most 3/4 full, 16 bytes a record: under 43 bytes an entry */
	assert_true(ctindex_bytes(&ix) <= 100000ull * 16 * 8 / 3);
	ctindex_free(&ix);
}

static struct ct_key v4(uint32_t host)
{
	struct ct_key k = { .family = AF_INET };
	k.addr[0] = (uint8_t)(host >> 24);
	k.addr[1] = (uint8_t)(host >> 16);
	k.addr[2] = (uint8_t)(host >> 8);
	k.addr[3] = (uint8_t)host;
	return k;
}

/* Reserved room takes that many inserts without moving the table, keeps
 * what was in it, and never shrinks it. */
static void test_index_reserve(void **state)
{
	(void)state;
	struct ctindex ix;
	ctindex_init(&ix);
	bool made;
	assert_non_null(ctindex_insert(&ix, 7, &made));
	assert_int_equal(ctindex_reserve(&ix, 100000), 0);
	assert_true(((uint64_t)1 << ix.bits) * 3 / 4 >= 100000);
	assert_non_null(ctindex_find(&ix, 7));
	const struct ct_rec *table = ix.slot;
	unsigned bits = ix.bits;
	for (uint32_t id = 1000; id < 1000 + 99999; id++)
		assert_non_null(ctindex_insert(&ix, id * 2654435761u, &made));
	assert_ptr_equal(ix.slot, table);
	assert_int_equal(ix.used, 100000);
	assert_int_equal(ctindex_reserve(&ix, 10), 0);
	assert_int_equal(ix.bits, bits);
	for (uint32_t id = 1000; id < 1000 + 99999; id++)
		assert_non_null(ctindex_find(&ix, id * 2654435761u));
	ctindex_free(&ix);
}

static void test_keytab_slots_stay_and_are_reused(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 0.0);
	uint32_t slot[500];
	for (uint32_t i = 0; i < 500; i++) {
		struct ct_key k = v4(0x7f000000u + i);
		slot[i] = keytab_slot(&kt, &k);
		assert_int_not_equal(slot[i], CTR_NO_SLOT);
		kt.slot[slot[i]].held = i % 2; /* odd ones are held */
	}
	/* growth rehashes the hash, never the slots */
	for (uint32_t i = 0; i < 500; i++) {
		struct ct_key k = v4(0x7f000000u + i);
		assert_int_equal(keytab_find(&kt, &k), slot[i]);
	}
	/* two windows later the even ones, idle, are let go */
	keytab_tick(&kt, 125.0);
	assert_int_equal(kt.live, 250);
	for (uint32_t i = 0; i < 500; i++) {
		struct ct_key k = v4(0x7f000000u + i);
		assert_int_equal(keytab_find(&kt, &k), i % 2 ? slot[i] : CTR_NO_SLOT);
	}
	struct ct_key fresh = v4(0x0a000001u);
	uint32_t s = keytab_slot(&kt, &fresh);
	assert_true(s < 500 && s % 2 == 0); /* a freed slot */
	keytab_free(&kt);
}

static void test_keytab_rates_and_top(void **state)
{
	(void)state;
	struct keytab kt;
	keytab_init(&kt, 100.0);
	struct ct_key busy = v4(0x7f000002u), quiet = v4(0x7f000003u);
	uint32_t b = keytab_slot(&kt, &busy), q = keytab_slot(&kt, &quiet);
	kt.slot[q].held = 50000; /* holds many, makes few */
	/* 20 s: busy makes 100 a second, quiet 1 */
	for (int sec = 0; sec < 20; sec++) {
		keytab_tick(&kt, 100.0 + sec);
		for (int i = 0; i < 100; i++)
			keytab_count_new(&kt, b);
		keytab_count_new(&kt, q);
	}
	double now = 120.0;
	keytab_tick(&kt, now);
	assert_true(keytab_rate(&kt, &kt.slot[b], KT_10S, now) > 80 &&
		    keytab_rate(&kt, &kt.slot[b], KT_10S, now) < 120);
	/* the 60 s window has seen 20 s of it */
	assert_true(keytab_rate(&kt, &kt.slot[b], KT_60S, now) > 80 &&
		    keytab_rate(&kt, &kt.slot[b], KT_60S, now) < 120);
	assert_true(keytab_rate(&kt, &kt.slot[b], KT_MARK, now) > 90 &&
		    keytab_rate(&kt, &kt.slot[b], KT_MARK, now) < 110);
	struct keyrank top[2];
	assert_int_equal(keytab_top_new(&kt, KT_10S, now, top, 2), 2);
	assert_memory_equal(&top[0].key, &busy, sizeof busy);
	assert_int_equal(keytab_top_held(&kt, top, 1), 1);
	assert_memory_equal(&top[0].key, &quiet, sizeof quiet);
	/* no new entries for two windows: the rate falls to zero */
	keytab_tick(&kt, 141.0);
	assert_true(keytab_rate(&kt, &kt.slot[b], KT_10S, 141.0) == 0);
	keytab_mark(&kt, 141.0);
	assert_true(keytab_rate(&kt, &kt.slot[b], KT_MARK, 142.0) == 0);
	keytab_free(&kt);
}

/* After a burst that is gone, the index shrinks back, the rest kept. */
static void test_index_shrink(void **state)
{
	(void)state;
	struct ctindex ix;
	ctindex_init(&ix);
	bool made;
	for (uint32_t id = 1; id <= 100000; id++)
		assert_non_null(ctindex_insert(&ix, id, &made));
	unsigned big = ix.bits;
	assert_false(ctindex_shrink(&ix));
	for (uint32_t id = 11; id <= 100000; id++)
		ctindex_remove(&ix, ctindex_find(&ix, id));
	assert_true(ctindex_shrink(&ix));
	assert_true(ix.bits < big - 4);
	assert_int_equal(ix.used, 10);
	for (uint32_t id = 1; id <= 20; id++)
		assert_true((ctindex_find(&ix, id) != NULL) == (id <= 10));
	assert_false(ctindex_shrink(&ix));
	ctindex_free(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_matches_reference),
		cmocka_unit_test(test_index_record_is_small),
		cmocka_unit_test(test_index_reserve),
		cmocka_unit_test(test_index_shrink),
		cmocka_unit_test(test_keytab_slots_stay_and_are_reused),
		cmocka_unit_test(test_keytab_rates_and_top),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
