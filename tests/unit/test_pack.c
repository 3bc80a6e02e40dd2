/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A picture packed for the recording and read back is the same picture;
 * bytes from a damaged or foreign file are refused with a reason, or read
 * into counts that index nothing out of bounds, never a crash. */
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
	}
}

static void test_round_trip(void **state)
{
	(void)state;
	for (int with_ns = 0; with_ns < 2; with_ns++) {
		struct rec_picture p, back;
		char why[256];
		size_t len;
		make_picture(&p, with_ns);
		uint8_t *buf = pack_picture(&p, &len);
		assert_non_null(buf);
		/* empty histograms and lists squeeze away */
		assert_true(len < sizeof p.snap / 20);
		assert_int_equal(unpack_picture(buf, len, &back, why, sizeof why), 0);
		assert_memory_equal(&back.rates, &p.rates, sizeof p.rates);
		assert_int_equal(back.snap.count, 2900);
		assert_int_equal(back.snap.ntop, 2);
		assert_memory_equal(back.snap.top, p.snap.top, sizeof p.snap.top);
		assert_string_equal(back.snap.netns, "ctrec-1");
		assert_true(back.snap.taken_at == p.snap.taken_at);
		assert_int_equal(back.snap.ncpu, 2);
		assert_int_equal(back.snap.cpu[1].v[5], 77);
		assert_int_equal(back.has_ns, with_ns);
		if (with_ns) {
			assert_int_equal(back.ns.n, 2);
			assert_string_equal(back.ns.ns[1].name, "ctrec-1");
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

static void test_squeeze(void **state)
{
	(void)state;
	uint8_t in[300], out[600], back[300];
	for (int pattern = 0; pattern < 4; pattern++) {
		for (size_t i = 0; i < sizeof in; i++)
			in[i] = pattern == 0 ? 0 : pattern == 1 ? (uint8_t)(i + 1)
				: pattern == 2 ? (i % 7 < 2 ? 0 : 9) : (i > 250 ? 0 : 3);
		size_t n = squeeze(in, sizeof in, out);
		assert_true(n <= squeeze_bound(sizeof in));
		assert_int_equal(unsqueeze(out, n, back, sizeof back), 0);
		assert_memory_equal(in, back, sizeof in);
		/* one byte short or long is refused */
		assert_int_equal(unsqueeze(out, n, back, sizeof back - 1), -1);
		assert_int_equal(unsqueeze(out, n, back, sizeof back + 0) == 0, 1);
	}
	uint8_t runaway[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	assert_int_equal(unsqueeze(runaway, sizeof runaway, back, sizeof back), -1);
	uint8_t literal_past_end[] = { 20, 1, 2 };
	assert_int_equal(unsqueeze(literal_past_end, sizeof literal_past_end, back, 10), -1);
}

static void expect_refused(const uint8_t *buf, size_t len, const char *hint)
{
	struct rec_picture back;
	char why[256] = "";
	/* -2 says every picture of the file will be refused likewise */
	int want = strstr(hint, "another build") ? -2 : -1;
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
	uint8_t *buf = pack_picture(&p, &len);
	expect_refused(buf, 3, "not in ctdash's format");
	expect_refused(buf, len - 1, "damaged");
	uint8_t *copy = malloc(len);
	memcpy(copy, buf, len);
	copy[0] = 'X';
	expect_refused(copy, len, "not in ctdash's format");
	memcpy(copy, buf, len);
	copy[4] ^= 8; /* the snapshot's size: another build's layout */
	expect_refused(copy, len, "another build");
	memcpy(copy, buf, len);
	memset(copy + 24, 0xff, 4); /* a billion CPUs */
	expect_refused(copy, len, "header is damaged");
	free(copy);
	free(buf);
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
		cmocka_unit_test(test_squeeze),
		cmocka_unit_test(test_damage_refused),
		cmocka_unit_test(test_counts_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
