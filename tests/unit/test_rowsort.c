/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sort keys and the bounded heap: the first K rows the heap keeps are the
 * first K of a full sort, for every key, both directions, any K. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/rowsort.h"

#define NROWS 3000

/* A linear congruential step: reproducible, and plenty for test rows. */
static uint32_t next_rand(uint32_t *st)
{
	*st = *st * 1103515245u + 12345u;
	return *st >> 8;
}

/* Rows with few distinct values per field, so ties are common and the id
 * has to break them. */
static void make_rows(struct ct_entry *rows, size_t n)
{
	uint32_t st = 12345;
	for (size_t i = 0; i < n; i++) {
		struct ct_entry *e = &rows[i];
		memset(e, 0, sizeof *e);
		e->id = (uint32_t)(i * 2654435761u);
		e->family = next_rand(&st) % 4 ? AF_INET : AF_INET6;
		e->l4proto = (uint8_t)(next_rand(&st) % 3 ? 6 : 17);
		e->has_tcp_state = e->l4proto == 6;
		e->tcp_state = (uint8_t)(next_rand(&st) % 9);
		e->timeout = next_rand(&st) % 50;
		e->orig.has = CT_TUPLE_SRC | CT_TUPLE_DST | CT_TUPLE_PORTS;
		e->orig.src[0] = 127;
		e->orig.src[3] = (uint8_t)(next_rand(&st) % 7);
		e->orig.dst[3] = (uint8_t)(next_rand(&st) % 5);
		e->orig.sport = (uint16_t)(next_rand(&st) % 20);
		e->orig.dport = (uint16_t)(next_rand(&st) % 3);
		e->reply = e->orig;
		e->has_reply = true;
		e->mark = next_rand(&st) % 3;
		e->zone = (uint16_t)(next_rand(&st) % 2);
		e->has_counters = true;
		e->bytes[0] = next_rand(&st) % 1000;
		e->packets[1] = next_rand(&st) % 10;
	}
}

static const struct sort_spec *cmp_spec;

static int cmp(const void *a, const void *b)
{
	return sort_compare(cmp_spec, a, b);
}

static void check_heap(const struct ct_entry *rows, size_t n, const char *spec_text, size_t limit)
{
	struct sort_spec spec;
	char err[256];
	if (sort_parse(spec_text, &spec, err, sizeof err) < 0)
		fail_msg("'%s': %s", spec_text, err);
	struct ct_entry *all = malloc(n * sizeof *all);
	assert_non_null(all);
	memcpy(all, rows, n * sizeof *all);
	cmp_spec = &spec;
	qsort(all, n, sizeof *all, cmp);
	/* the order is total: no two rows compare equal */
	for (size_t i = 1; i < n; i++)
		assert_true(sort_compare(&spec, &all[i - 1], &all[i]) < 0);

	struct rowheap h;
	rowheap_init(&h, limit, &spec);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rowheap_offer(&h, &rows[i]), 0);
	rowheap_finish(&h);
	size_t want = limit && limit < n ? limit : n;
	assert_int_equal(h.n, want);
	assert_int_equal(h.offered, n);
	for (size_t i = 0; i < want; i++)
		if (h.row[i].id != all[i].id)
			fail_msg("'%s' limit %zu: row %zu is id %u, a full sort says %u", spec_text, limit,
				 i, h.row[i].id, all[i].id);
	/* memory stays at the limit */
	if (limit)
		assert_true(h.cap <= limit);
	rowheap_free(&h);
	free(all);
}

static void test_heap_is_a_prefix_of_the_sort(void **state)
{
	(void)state;
	struct ct_entry *rows = malloc(NROWS * sizeof *rows);
	assert_non_null(rows);
	make_rows(rows, NROWS);
	static const char *const specs[] = {
		"timeout", "-timeout", "src,dport", "-src,sport", "l3,l4,state", "-state,timeout",
		"dst", "reply_src,-reply_dport", "mark,zone", "-bytes", "reply_packets", "id",
		"-id", "proto,-timeout", "reply_dst,reply_sport", "packets,reply_bytes",
	};
	static const size_t limits[] = { 1, 2, 50, 999, NROWS, NROWS + 5, 0 };
	for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++)
		for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++)
			check_heap(rows, NROWS, specs[s], limits[l]);
	free(rows);
}

static void test_keys_order_as_named(void **state)
{
	(void)state;
	struct ct_entry a = { 0 }, b = { 0 };
	struct sort_spec spec;
	char err[256];
	a.timeout = 5;
	b.timeout = 7;
	a.id = 9;
	b.id = 1;
	assert_int_equal(sort_parse("timeout", &spec, err, sizeof err), 0);
	assert_true(sort_compare(&spec, &a, &b) < 0);
	assert_int_equal(sort_parse("-timeout", &spec, err, sizeof err), 0);
	assert_true(sort_compare(&spec, &a, &b) > 0);
	/* ties fall back to the id, ascending, whatever the direction */
	b.timeout = 5;
	assert_true(sort_compare(&spec, &a, &b) > 0);
	/* IPv4 before IPv6; an entry without the field first */
	a.family = AF_INET6;
	b.family = AF_INET;
	a.orig.has = b.orig.has = CT_TUPLE_SRC;
	assert_int_equal(sort_parse("src", &spec, err, sizeof err), 0);
	assert_true(sort_compare(&spec, &a, &b) > 0);
	a.orig.has = 0;
	assert_true(sort_compare(&spec, &a, &b) < 0);
}

/* A filter that matches nothing: finishing the empty heap is fine (UBSan
 * caught qsort_r given its NULL rows). */
static void test_empty_heap(void **state)
{
	(void)state;
	struct sort_spec spec = { .n = 1 };
	struct rowheap h;
	rowheap_init(&h, 50, &spec);
	rowheap_finish(&h);
	assert_int_equal(h.n, 0);
	rowheap_free(&h);
}

static void test_bad_keys(void **state)
{
	(void)state;
	struct sort_spec spec;
	char err[512];
	assert_int_equal(sort_parse("bogus", &spec, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown sort key 'bogus'"));
	assert_int_equal(sort_parse("timeout,", &spec, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown sort key ''"));
	assert_int_equal(sort_parse("", &spec, err, sizeof err), -1);
	assert_int_equal(sort_parse("--timeout", &spec, err, sizeof err), -1);
	assert_int_equal(sort_parse("id,id,id,id,id,id,id,id,id", &spec, err, sizeof err), -1);
	assert_non_null(strstr(err, "at most"));
	assert_int_equal(sort_parse("id,id,id,id,id,id,id,id", &spec, err, sizeof err), 0);
	assert_int_equal(spec.n, SORT_KEYS_MAX);
	for (int k = 0; k < SK_COUNT; k++) {
		assert_int_equal(sort_parse(sort_key_name((enum sort_key)k), &spec, err, sizeof err), 0);
		assert_int_equal(spec.key[0], k);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heap_is_a_prefix_of_the_sort),
		cmocka_unit_test(test_keys_order_as_named),
		cmocka_unit_test(test_bad_keys),
		cmocka_unit_test(test_empty_heap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
