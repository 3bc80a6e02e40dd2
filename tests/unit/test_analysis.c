/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analysis formulas: bucket occupancy, chains, memory, the kernel's
 * default sizes, and analyse() on a filled snapshot. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/analysis.h"
#include "model/model.h"

#define KiB 1024ull
#define MiB (1024ull * KiB)
#define GiB (1024ull * MiB)

static void near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%s = %.9g, expected %.9g (±%g)", what, got, want, tol);
}

static void test_nonempty_fraction(void **state)
{
	(void)state;
	static const double lambdas[] = { 1e-9, 0.001, 0.25, 0.5, 1.0, 1.1, 2.0, 4.0, 16.0, 100.0 };
	char what[64];
	for (size_t i = 0; i < sizeof lambdas / sizeof lambdas[0]; i++) {
		double l = lambdas[i];
		snprintf(what, sizeof what, "expected_nonempty_fraction(%g)", l);
		/* relative: small λ must not lose its digits to 1 − x */
		near(expected_nonempty_fraction(l), 1.0 - exp(-l), 1e-12 * (1.0 - exp(-l)) + 1e-15, what);
	}
	/* λ = ln 2 fills half the buckets; 2/3 occupied is λ ≈ 1.1 */
	near(expected_nonempty_fraction(log(2.0)), 0.5, 1e-12, "fraction at ln 2");
	near(expected_nonempty_fraction(log(3.0)), 2.0 / 3.0, 1e-12, "fraction at ln 3");
	near(expected_nonempty_fraction(1e-9), 1e-9, 1e-17, "fraction at 1e-9");
	/* an empty table, and nonsense in */
	near(expected_nonempty_fraction(0.0), 0.0, 0.0, "fraction at 0");
	near(expected_nonempty_fraction(-1.0), 0.0, 0.0, "fraction at -1");
}

static void test_chain_length(void **state)
{
	(void)state;
	static const double lambdas[] = { 0.001, 0.5, 1.0, 2.0, 4.0, 10.0 };
	char what[64];
	for (size_t i = 0; i < sizeof lambdas / sizeof lambdas[0]; i++) {
		double l = lambdas[i];
		snprintf(what, sizeof what, "expected_chain_length(%g)", l);
		near(expected_chain_length(l), l / (1.0 - exp(-l)), 1e-9, what);
		/* entries per non-empty bucket × non-empty share = entries per bucket */
		near(expected_chain_length(l) * expected_nonempty_fraction(l), l, 1e-9, what);
	}
	/* a nearly empty table has chains of one; a full one about λ */
	near(expected_chain_length(1e-9), 1.0, 1e-6, "chain at 1e-9");
	near(expected_chain_length(50.0), 50.0, 1e-9, "chain at 50");
	near(expected_chain_length(0.0), 0.0, 0.0, "chain at 0");
}

static void test_table_memory(void **state)
{
	(void)state;
	/* the seed's figures: 352 B per entry, 8 B per bucket */
	near((double)table_memory(262144, 65536, 352) / MiB, 88.5, 0.05, "262144/65536 in MiB");
	near((double)table_memory(1048576, 262144, 352) / MiB, 354.0, 0.05, "1048576/262144 in MiB");
	assert_int_equal(table_memory(262144, 65536, 352), 262144ull * 352 + 65536ull * 8);
	/* this kernel's slab object, and the edges */
	assert_int_equal(table_memory(1000, 1024, 256), 1000ull * 256 + 1024ull * 8);
	assert_int_equal(table_memory(0, 0, 352), 0);
	assert_int_equal(table_memory(0, 65536, 352), 65536ull * 8);
	/* no 32-bit overflow on a large table */
	assert_int_equal(table_memory(1ull << 32, 1ull << 30, 352), (1ull << 32) * 352 + (1ull << 30) * 8);
}

struct sizes_case {
	uint64_t ram;
	unsigned bits;
	const char *release;
	uint64_t max, buckets;
};

/* nf_conntrack_init_start(): buckets = RAM / 16384 / sizeof(void *); from
 * 5.15 capped at 262144 (64-bit, above 4 GiB) or 65536 (above 1 GiB), at
 * least 1024, and max = buckets; before, 65536 above 4 GiB, 16384 above
 * 1 GiB, at least 32, and max = 4 × buckets. */
static const struct sizes_case sizes_cases[] = {
	{ 8 * GiB, 64, "4.19.0-27-amd64", 262144, 65536 },
	{ 24 * GiB, 64, "6.18.44", 262144, 262144 },
	{ 2 * GiB, 64, "6.1.0-18-amd64", 65536, 65536 },
	{ 512 * MiB, 64, "6.1.0", 4096, 4096 },
	/* the change came with 5.15 */
	{ 8 * GiB, 64, "5.14.21", 262144, 65536 },
	{ 8 * GiB, 64, "5.15.0-91-generic", 262144, 262144 },
	/* boundaries: "above" 4 GiB and 1 GiB, and the floors */
	{ 4 * GiB, 64, "6.1", 65536, 65536 },
	{ 4 * GiB + 4 * KiB, 64, "6.1", 262144, 262144 },
	{ 1 * GiB, 64, "6.1", 8192, 8192 },
	{ 16 * MiB, 64, "6.1", 1024, 1024 },
	{ 1 * MiB, 64, "4.19", 128, 32 },
	{ 2 * GiB, 64, "4.19", 65536, 16384 },
	/* 32-bit: 4-byte bucket heads, never the 64-bit cap */
	{ 512 * MiB, 32, "6.1", 8192, 8192 },
	{ 2 * GiB, 32, "6.1", 65536, 65536 },
	{ 8 * GiB, 32, "6.1", 65536, 65536 },
	{ 32 * MiB, 32, "4.19", 2048, 512 },
	{ 512 * MiB, 32, "4.19", 32768, 8192 },
	{ 2 * GiB, 32, "4.19", 65536, 16384 },
	{ 8 * GiB, 32, "4.19", 262144, 65536 },
	/* a release that cannot be read counts as a current kernel */
	{ 24 * GiB, 64, "unknown", 262144, 262144 },
	{ 24 * GiB, 64, NULL, 262144, 262144 },
};

static void test_kernel_default_sizes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof sizes_cases / sizeof sizes_cases[0]; i++) {
		const struct sizes_case *c = &sizes_cases[i];
		uint64_t max = 1, buckets = 1;
		kernel_default_sizes(c->ram, c->bits, c->release, &max, &buckets);
		if (max != c->max || buckets != c->buckets)
			fail_msg("%llu MiB, %u-bit, %s: max %llu buckets %llu, expected %llu / %llu",
				 (unsigned long long)(c->ram / MiB), c->bits, c->release ? c->release : "NULL",
				 (unsigned long long)max, (unsigned long long)buckets,
				 (unsigned long long)c->max, (unsigned long long)c->buckets);
	}
}

static void filled(struct ct_snapshot *s, const char *kernel)
{
	memset(s, 0, sizeof *s);
	s->count = 200000;
	s->max = 262144;
	s->buckets = 65536;
	s->entry_size = 352;
	s->ram_bytes = 8 * GiB;
	s->word_bits = 64;
	snprintf(s->kernel, sizeof s->kernel, "%s", kernel);
}

static void test_analyse(void **state)
{
	(void)state;
	struct ct_snapshot *s = test_malloc(sizeof *s);

	filled(s, "4.19.0-27-amd64");
	analyse(s);
	const struct ct_analysis *a = &s->an;
	near(a->fill, 200000.0 / 262144.0, 1e-12, "fill");
	near(a->load_factor, 200000.0 / 65536.0, 1e-12, "load factor");
	near(a->nonempty_fraction, 1.0 - exp(-200000.0 / 65536.0), 1e-12, "non-empty fraction");
	near(a->mean_chain, (200000.0 / 65536.0) / (1.0 - exp(-200000.0 / 65536.0)), 1e-9, "mean chain");
	assert_int_equal(a->memory_now, 200000ull * 352 + 65536ull * 8);
	near((double)a->memory_at_max / MiB, 88.5, 0.05, "memory at max in MiB");
	assert_int_equal(a->default_max, 262144);
	assert_int_equal(a->default_buckets, 65536);
	assert_true(a->max_is_default);
	assert_true(a->buckets_is_default);

	/* the same table on a 6.x kernel: its default buckets would be 262144 */
	filled(s, "6.18.44");
	analyse(s);
	assert_int_equal(s->an.default_max, 262144);
	assert_int_equal(s->an.default_buckets, 262144);
	assert_true(s->an.max_is_default);
	assert_false(s->an.buckets_is_default);

	/* nothing read: no division by zero, no NaN */
	memset(s, 0, sizeof *s);
	analyse(s);
	near(s->an.fill, 0.0, 0.0, "fill of nothing");
	near(s->an.load_factor, 0.0, 0.0, "load of nothing");
	near(s->an.nonempty_fraction, 0.0, 0.0, "non-empty of nothing");
	near(s->an.mean_chain, 0.0, 0.0, "chain of nothing");
	assert_int_equal(s->an.memory_now, 0);
	assert_int_equal(s->an.memory_at_max, 0);
	test_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nonempty_fraction),
		cmocka_unit_test(test_chain_length),
		cmocka_unit_test(test_table_memory),
		cmocka_unit_test(test_kernel_default_sizes),
		cmocka_unit_test(test_analyse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
