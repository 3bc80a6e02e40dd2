/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Top destination ports: one key per (protocol, port), so TCP 80 and UDP
 * 80 stay apart; port 0 and 65535 are ports like any other; equal counts
 * rank by protocol number, then port; n bounds what is written. */
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/model.h"
#include "collect/topport.h"

static void add_times(struct keycount *kc, uint8_t proto, uint16_t port, unsigned times)
{
	for (unsigned i = 0; i < times; i++)
		assert_int_equal(topport_add(kc, proto, port), 0);
}

static void check_rank(const struct ct_port_count *got, unsigned i, uint8_t proto,
		       uint16_t port, uint64_t count)
{
	if (got[i].proto == proto && got[i].port == port && got[i].count == count)
		return;
	fail_msg("rank %u: proto %u port %u count %llu, expected proto %u port %u count %llu", i,
		 got[i].proto, got[i].port, (unsigned long long)got[i].count, proto, port,
		 (unsigned long long)count);
}

static void test_empty(void **state)
{
	(void)state;
	struct keycount kc;
	keycount_init(&kc);
	struct ct_port_count got[4];
	assert_int_equal(topport_top(&kc, got, 4), 0);
	assert_int_equal(topport_top(&kc, got, 0), 0);
	keycount_free(&kc);
}

static void test_protocols_apart_and_edge_ports(void **state)
{
	(void)state;
	struct keycount kc;
	keycount_init(&kc);
	add_times(&kc, 6, 80, 3);
	add_times(&kc, 17, 80, 2);
	add_times(&kc, 6, 0, 4);
	add_times(&kc, 6, 65535, 5);
	add_times(&kc, 17, 65535, 1);
	add_times(&kc, 132, 1, 6); /* SCTP */
	assert_int_equal(kc.used, 6);
	struct ct_port_count got[8];
	assert_int_equal(topport_top(&kc, got, 8), 6);
	check_rank(got, 0, 132, 1, 6);
	check_rank(got, 1, 6, 65535, 5);
	check_rank(got, 2, 6, 0, 4);
	check_rank(got, 3, 6, 80, 3);
	check_rank(got, 4, 17, 80, 2);
	check_rank(got, 5, 17, 65535, 1);
	keycount_free(&kc);
}

/* All with one count: protocol number first, then port; added in reverse
 * of the order expected. */
static void test_ties(void **state)
{
	(void)state;
	struct keycount kc;
	keycount_init(&kc);
	const struct ct_port_count want[] = {
		{ 6, 0, 2 }, { 6, 22, 2 }, { 6, 443, 2 }, { 6, 65535, 2 },
		{ 17, 0, 2 }, { 17, 53, 2 }, { 132, 9, 2 },
	};
	const unsigned n = sizeof want / sizeof want[0];
	for (unsigned i = n; i-- > 0;)
		add_times(&kc, want[i].proto, want[i].port, 2);
	struct ct_port_count got[16];
	assert_int_equal(topport_top(&kc, got, 16), n);
	for (unsigned i = 0; i < n; i++)
		check_rank(got, i, want[i].proto, want[i].port, want[i].count);
	/* a shorter list is the head of the longer one */
	memset(got, 0, sizeof got);
	assert_int_equal(topport_top(&kc, got, 3), 3);
	for (unsigned i = 0; i < 3; i++)
		check_rank(got, i, want[i].proto, want[i].port, want[i].count);
	keycount_free(&kc);
}

/* n = 0 writes nothing; n = 1 is the single largest. */
static void test_limits(void **state)
{
	(void)state;
	struct keycount kc;
	keycount_init(&kc);
	for (unsigned port = 1; port <= 300; port++)
		add_times(&kc, 17, (uint16_t)port, port % 10 + 1);
	add_times(&kc, 17, 5000, 20);
	struct ct_port_count got[CT_TOP_MAX + 1], sentinel;
	memset(&sentinel, 0xa5, sizeof sentinel);
	got[0] = sentinel;
	assert_int_equal(topport_top(&kc, got, 0), 0);
	assert_memory_equal(&got[0], &sentinel, sizeof sentinel);
	assert_int_equal(topport_top(&kc, got, 1), 1);
	check_rank(got, 0, 17, 5000, 20);
	/* top CT_TOP_MAX: 5000, then the 30 ports with count 10 (9, 19, ...,
	 * 299), then count 9 (8, 18, ...), and so on, each by port */
	assert_int_equal(topport_top(&kc, got, CT_TOP_MAX), CT_TOP_MAX);
	check_rank(got, 0, 17, 5000, 20);
	for (unsigned i = 1; i < CT_TOP_MAX; i++) {
		unsigned tier = (i - 1) / 30, k = (i - 1) % 30;
		check_rank(got, i, 17, (uint16_t)(9 - tier + 10 * k), 10 - tier);
	}
	keycount_free(&kc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_protocols_apart_and_edge_ports),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
