/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A picture packed for the recording and read back is the same picture;
 * another version's picture reads (unknown fields skipped, missing ones
 * zero); bytes from a damaged file are refused with a reason and where,
 * or read into counts that index nothing out of bounds, never a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "record/pack.h"

static void make_picture(struct rec_picture *p, bool with_ns)
{
	memset(p, 0, sizeof *p);
	struct ct_snapshot *s = &p->snap;
	s->count = 2900;
	s->max = 3000;
	s->an.fill = 2900.0 / 3000;
	s->tally.l4[17] = 800;
	s->tally.tcp[CT_TCP_TIME_WAIT] = 2100;
	s->ntop = 2;
	s->top[0] = (struct ct_source){ .family = AF_INET, .addr = { 127, 0, 0, 6 }, .count = 2100 };
	s->top[1] = (struct ct_source){ .family = AF_INET, .addr = { 127, 0, 0, 9 }, .count = 800 };
	s->n_new_src = 1;
	s->top_new_src[0] = (struct ct_churn){ .family = AF_INET, .addr = { 127, 0, 0, 9 }, .per_s = 1500 };
	snprintf(s->netns, sizeof s->netns, "ctrec-1");
	s->taken_at = 1796613600.5;
	s->ncpu = 2;
	s->cpu = calloc(2, sizeof *s->cpu);
	s->cpu[1].cpu = 1;
	s->cpu[1].v[5] = 77;
	p->rates.known = true;
	p->rates.seconds = 0.5;
	p->rates.rose[AC_EARLY_DROP] = 120;
	if (with_ns) {
		p->has_ns = true;
		p->ns.n = 2;
		p->ns.max = 3000;
		p->ns.ns = calloc(2, sizeof *p->ns.ns);
		snprintf(p->ns.ns[1].name, sizeof p->ns.ns[1].name, "ctrec-1");
		p->ns.ns[1].count = 2900;
		p->ns.ns[1].workload.kind = WL_POD;
		snprintf(p->ns.ns[1].workload.namespace, sizeof p->ns.ns[1].workload.namespace, "default");
		snprintf(p->ns.ns[1].workload.name, sizeof p->ns.ns[1].workload.name, "web-7d9f");
		p->ns.ns[1].naddrs = 1;
		p->ns.ns[1].addrs[0] = (struct ns_addr){ .family = AF_INET, .addr = { 10, 200, 7, 2 } };
		p->ns.ns[1].pids[0] = 4242;
		p->ns.ns[1].read_ms = 1234.5;
		p->ns.ns[1].st.growth_rate = -3.5;
		p->ns.ns[1].churn = (struct ns_churn){ .state = CHURN_MEASURED, .family = AF_INET,
						       .addr = { 127, 0, 0, 9 }, .top_per_s = 396,
						       .sampled_k = 2 };
	}
}

static void test_round_trip(void **state)
{
	(void)state;
	for (int with_ns = 0; with_ns < 4; with_ns++) {
		struct rec_picture p, back;
		char why[256];
		size_t len;
		make_picture(&p, with_ns & 1);
		uint8_t *buf = pack_picture_as(&p, &len, with_ns & 2);
		assert_non_null(buf);
		/* empty histograms and lists take no room */
		assert_true(len < 400);
		assert_int_equal(unpack_picture(buf, len, &back, why, sizeof why), 0);
		assert_memory_equal(&back.rates, &p.rates, sizeof p.rates);
		assert_int_equal(back.snap.count, 2900);
		assert_int_equal(back.snap.ntop, 2);
		assert_memory_equal(back.snap.top, p.snap.top, sizeof p.snap.top);
		assert_string_equal(back.snap.netns, "ctrec-1");
		assert_true(back.snap.taken_at == p.snap.taken_at);
		assert_int_equal(back.snap.ncpu, 2);
		assert_int_equal(back.snap.cpu[1].v[5], 77);
		assert_int_equal(back.has_ns, with_ns & 1);
		if (with_ns & 1) {
			assert_int_equal(back.ns.n, 2);
			assert_string_equal(back.ns.ns[1].name, "ctrec-1");
			assert_memory_equal(&back.ns.ns[1], &p.ns.ns[1], sizeof p.ns.ns[1]);
			assert_int_equal(back.ns.max, 3000);
		}
		/* every byte the same, pointers aside */
		struct ct_snapshot a = p.snap, b = back.snap;
		a.cpu = b.cpu = NULL;
		assert_memory_equal(&a, &b, sizeof a);
		free(buf);
		picture_free(&p);
		picture_free(&back);
	}
}

static void expect_refused(const uint8_t *buf, size_t len, const char *hint, int want)
{
	struct rec_picture back;
	char why[256] = "";
	assert_int_equal(unpack_picture(buf, len, &back, why, sizeof why), want);
	if (!strstr(why, hint))
		fail_msg("refused with \"%s\", expected \"%s\"", why, hint);
}

static void test_damage_refused(void **state)
{
	(void)state;
	struct rec_picture p;
	size_t len;
	make_picture(&p, true);
	uint8_t *buf = pack_picture_as(&p, &len, false);
	expect_refused(buf, 3, "not in ctdash's format", -1);
	expect_refused(buf, 4, "ends after its header", -1);
	uint8_t *copy = malloc(len + 16);
	memcpy(copy, buf, len);
	copy[0] = 'X';
	expect_refused(copy, len, "not in ctdash's format", -1);
	memcpy(copy, buf, len);
	copy[3] = 1; /* 0.2.0's structs */
	expect_refused(copy, len, "format 1 (ctdash 0.2.0", -2);
	copy[3] = 9;
	expect_refused(copy, len, "format 9, which this ctdash does not read", -2);
	copy[3] = 2;
	copy[4] = 7;
	expect_refused(copy, len, "encoded in a way this ctdash does not know (7)", -2);
	/* cut anywhere inside a field: damaged, and where */
	for (size_t cut = 6; cut < len; cut++) {
		struct rec_picture back;
		char why[256] = "";
		int ret = unpack_picture(buf, cut, &back, why, sizeof why);
		if (ret == 0) {
			picture_free(&back); /* cut between fields: what came before */
			continue;
		}
		assert_int_equal(ret, -1);
		if (!strstr(why, "damaged at byte "))
			fail_msg("cut at %zu: \"%s\"", cut, why);
	}
	/* a key of wire type 7 */
	memcpy(copy, buf, len);
	copy[len] = 0x0f;
	expect_refused(copy, len + 1, "damaged at byte", -1);
	free(copy);
	free(buf);
	/* deflated: cut or flipped, zlib says so; its length a lie, too */
	buf = pack_picture_as(&p, &len, true);
	assert_int_equal(buf[4], 1);
	expect_refused(buf, len - 3, "deflated bytes are damaged (zlib: ", -1);
	copy = malloc(len);
	memcpy(copy, buf, len);
	copy[5] ^= 0x01; /* the inflated length */
	expect_refused(copy, len, "deflated bytes are damaged", -1);
	memcpy(copy, buf, len);
	memset(copy + 5, 0xff, 5); /* a length past any picture */
	expect_refused(copy, len, "its length is not one", -1);
	free(copy);
	free(buf);
	picture_free(&p);
}

/* A later version's fields are skipped, an older one's missing fields
 * stay zero: the picture reads either way. */
static void test_other_versions(void **state)
{
	(void)state;
	struct rec_picture p, back;
	char why[256];
	size_t len;
	make_picture(&p, false);
	uint8_t *buf = pack_picture_as(&p, &len, false);
	uint8_t *more = malloc(len + 32);
	memcpy(more, buf, len);
	size_t n = len;
	/* tag 999 as a varint, 8 bytes, and bytes; then the snapshot's
	 * (tag 1) own unknown tag 77 with a value in bytes */
	const uint8_t extra[] = { 0xb8, 0x3e, 0x05, 0xb9, 0x3e, 1, 2, 3, 4, 5, 6, 7, 8,
				  0xba, 0x3e, 0x02, 'h', 'i', 0x0a, 0x04, 0xea, 0x04, 0x01, 0x00 };
	memcpy(more + n, extra, sizeof extra);
	n += sizeof extra;
	assert_int_equal(unpack_picture(more, n, &back, why, sizeof why), 0);
	assert_int_equal(back.snap.count, 2900);
	assert_memory_equal(back.snap.top, p.snap.top, sizeof p.snap.top);
	picture_free(&back);
	/* an older writer that knew only the count (snapshot tag 1, field 1) */
	const uint8_t old[] = { 'C', 'T', 'R', 2, 0, 0x0a, 0x03, 0x08, 0xd4, 0x16 };
	assert_int_equal(unpack_picture(old, sizeof old, &back, why, sizeof why), 0);
	assert_int_equal(back.snap.count, 2900);
	assert_int_equal(back.snap.max, 0);
	assert_int_equal(back.snap.ncpu, 0);
	assert_null(back.snap.cpu);
	assert_false(back.has_ns);
	picture_free(&back);
	/* a field whose kind changed (the count in 8 bytes): skipped */
	const uint8_t changed[] = { 'C', 'T', 'R', 2, 0, 0x0a, 0x09, 0x09, 1, 0, 0, 0, 0, 0, 0, 0 };
	assert_int_equal(unpack_picture(changed, sizeof changed, &back, why, sizeof why), 0);
	assert_int_equal(back.snap.count, 0);
	picture_free(&back);
	free(more);
	free(buf);
	picture_free(&p);
}

/* Bytes that flip at random: refused or read, never out of bounds (the
 * unit tests run under ASan in CI). */
static void test_mangled(void **state)
{
	(void)state;
	struct rec_picture p;
	size_t len;
	make_picture(&p, true);
	uint8_t *plain = pack_picture_as(&p, &len, false), *buf = plain;
	size_t zlen;
	uint8_t *z = pack_picture_as(&p, &zlen, true);
	uint8_t *copy = malloc(len);
	srand(20);
	for (int round = 0; round < 20000; round++) {
		if (round == 15000)
			buf = z, len = zlen;
		memcpy(copy, buf, len);
		for (int k = 0; k < 1 + round % 4; k++)
			copy[5 + (size_t)rand() % (len - 5)] = (uint8_t)rand();
		struct rec_picture back;
		char why[256] = "";
		if (unpack_picture(copy, len, &back, why, sizeof why) == 0) {
			assert_true(back.snap.ntop <= CT_TOP_MAX);
			assert_true(back.ns.n <= PACK_NS_MAX);
			for (unsigned i = 0; i < back.ns.n; i++)
				assert_true(back.ns.ns[i].naddrs <= NS_ADDRS_MAX);
			picture_free(&back);
		} else {
			assert_true(why[0] != '\0');
		}
	}
	free(copy);
	free(plain);
	free(z);
	picture_free(&p);
}

/* Counts past their arrays, strings without an end: made safe. */
static void test_counts_capped(void **state)
{
	(void)state;
	struct rec_picture p, back;
	char why[256];
	size_t len;
	make_picture(&p, false);
	p.snap.ntop = 100000;
	p.snap.n_new_src = 999;
	p.snap.ntimeouts = 1u << 30;
	p.snap.nat.nsnat = 5000;
	memset(p.snap.netns, 'a', sizeof p.snap.netns);
	memset(p.snap.kernel, 'k', sizeof p.snap.kernel);
	uint8_t *buf = pack_picture(&p, &len);
	assert_int_equal(unpack_picture(buf, len, &back, why, sizeof why), 0);
	assert_int_equal(back.snap.ntop, CT_TOP_MAX);
	assert_int_equal(back.snap.n_new_src, CT_CHURN_MAX);
	assert_int_equal(back.snap.ntimeouts, CT_TIMEOUT_MAX);
	assert_int_equal(back.snap.nat.nsnat, CT_NAT_SNAT_MAX);
	assert_int_equal(strlen(back.snap.netns), sizeof back.snap.netns - 1);
	assert_int_equal(strlen(back.snap.kernel), sizeof back.snap.kernel - 1);
	free(buf);
	picture_free(&p);
	picture_free(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damage_refused),
		cmocka_unit_test(test_other_versions),
		cmocka_unit_test(test_mangled),
		cmocka_unit_test(test_counts_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
