/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recovery (src/write/recovery.c): from a journal, the changes still in
 * force in one namespace (the latest apply no undo reverted, whose value
 * the system still holds), walking back past undone ones, the last
 * transaction, and what "actual" records say the kernel kept. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "write/journal.h"
#include "write/recovery.h"

/* The system as recovery sees it: a few settings and their values. */
struct fake_system {
	const char *name[8];
	uint64_t value[8];
	unsigned n;
};

static int fake_read(const char *name, uint64_t *value, void *arg)
{
	struct fake_system *s = arg;
	for (unsigned i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0) {
			*value = s->value[i];
			return 0;
		}
	return -ENOENT;
}

static void parse_log(const char *text, struct journal_log *log)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	assert_int_equal(journal_read_stream(f, log), 0);
	fclose(f);
	assert_int_equal(log->nproblems, 0);
}

#define TW "nf_conntrack_tcp_timeout_time_wait"
#define IC "nf_conntrack_icmp_timeout"
#define T0 "2025-11-22T00:00:00Z "

static void test_recovery_in_force(void **state)
{
	(void)state;
	struct journal_log log;
	parse_log(T0 "apply a - 7 web " TW " 120 60\n"
		  T0 "apply b - 7 web " TW " 60 30\n"
		  T0 "apply c - 7 web " IC " 30 10\n"
		  T0 "apply d - 8 other " IC " 30 5\n"
		  T0 "apply e - 7 web nf_conntrack_udp_timeout 30 20\n",
		  &log);
	/* udp was changed back by someone else: not in force any more */
	struct fake_system sys = { { TW, IC, "nf_conntrack_udp_timeout" }, { 30, 10, 30 }, 3 };
	struct recovery_item it[8];
	int n = recovery_in_force(&log, 7, "web", fake_read, &sys, it, 8);
	assert_int_equal(n, 2);
	/* b, not a: a was overwritten by b; oldest first */
	assert_string_equal(it[0].rec->txid, "b");
	assert_int_equal(it[0].value, 30);
	assert_string_equal(it[1].rec->txid, "c");
	/* the other namespace's change is not this one's */
	n = recovery_in_force(&log, 8, "other", fake_read, &sys, it, 8);
	assert_int_equal(n, 0); /* its value here is 10, not 5 */
	sys.value[1] = 5;
	assert_int_equal(recovery_in_force(&log, 8, "other", fake_read, &sys, it, 8), 1);
	/* same inode, another name: a reused inode is not the same namespace */
	assert_int_equal(recovery_in_force(&log, 8, "web", fake_read, &sys, it, 8), 0);
	/* most recent transaction: c */
	sys.value[1] = 10;
	n = recovery_last_tx(&log, 7, "web", fake_read, &sys, it, 8);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].rec->txid, "c");
	journal_log_free(&log);
}

/* Undoing b brings a back into force; undoing a leaves nothing. */
static void test_recovery_walks_back(void **state)
{
	(void)state;
	struct journal_log log;
	struct fake_system sys = { { TW }, { 60 }, 1 };
	struct recovery_item it[8];
	parse_log(T0 "apply a - 7 web " TW " 120 60\n"
		  T0 "apply b - 7 web " TW " 60 30\n"
		  T0 "undo u1 b 7 web " TW " 30 60\n",
		  &log);
	assert_int_equal(recovery_last_tx(&log, 7, "web", fake_read, &sys, it, 8), 1);
	assert_string_equal(it[0].rec->txid, "a");
	assert_int_equal(it[0].rec->old_value, 120);
	journal_log_free(&log);

	sys.value[0] = 120;
	parse_log(T0 "apply a - 7 web " TW " 120 60\n"
		  T0 "apply b - 7 web " TW " 60 30\n"
		  T0 "undo u1 b 7 web " TW " 30 60\n"
		  T0 "undo u2 a 7 web " TW " 60 120\n",
		  &log);
	assert_int_equal(recovery_last_tx(&log, 7, "web", fake_read, &sys, it, 8), 0);
	journal_log_free(&log);
}

/* A profile is one transaction: its changes come back together, newest
 * first, leaving out the one changed since. */
static void test_recovery_transaction(void **state)
{
	(void)state;
	struct journal_log log;
	struct fake_system sys = { { TW, IC, "nf_conntrack_tcp_timeout_syn_sent" }, { 10, 10, 77 }, 3 };
	struct recovery_item it[8];
	parse_log(T0 "apply p - 7 - " TW " 120 10\n"
		  T0 "apply p - 7 - " IC " 30 10\n"
		  T0 "apply p - 7 - nf_conntrack_tcp_timeout_syn_sent 120 5\n",
		  &log);
	int n = recovery_last_tx(&log, 7, "", fake_read, &sys, it, 8);
	assert_int_equal(n, 2);
	assert_string_equal(it[0].rec->name, IC);
	assert_string_equal(it[1].rec->name, TW);
	journal_log_free(&log);
}

/* "actual" records: a write the kernel refused changed nothing; one the
 * kernel clamped set what it kept; an undo that failed undid nothing. */
static void test_recovery_actual_outcomes(void **state)
{
	(void)state;
	struct journal_log log;
	struct fake_system sys = { { TW, IC }, { 120, 40 }, 2 };
	struct recovery_item it[8];
	parse_log(T0 "apply a - 7 - " TW " 120 3000000000\n"
		  T0 "actual a - 7 - " TW " 3000000000 120\n"
		  T0 "apply b - 7 - " IC " 30 50\n"
		  T0 "actual b - 7 - " IC " 50 40\n",
		  &log);
	int n = recovery_in_force(&log, 7, "", fake_read, &sys, it, 8);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].rec->txid, "b");
	assert_int_equal(it[0].value, 40);
	journal_log_free(&log);

	sys.value[1] = 50;
	parse_log(T0 "apply b - 7 - " IC " 30 50\n"
		  T0 "undo u b 7 - " IC " 50 30\n"
		  T0 "actual u - 7 - " IC " 30 50\n",
		  &log);
	n = recovery_in_force(&log, 7, "", fake_read, &sys, it, 8);
	assert_int_equal(n, 1);
	assert_string_equal(it[0].rec->txid, "b");
	journal_log_free(&log);
}

/* An intent with no outcome after it: the record was journalled, then
 * the write failed and the journal's disk was full (or ctdash died) before
 * the "actual" record. An apply counts only if the system holds what it
 * set: here it does not, so nothing is reverted. An undo counts as done:
 * recovery never writes on a guess, and the value stays on screen. */
static void test_recovery_intent_without_outcome(void **state)
{
	(void)state;
	struct journal_log log;
	struct fake_system sys = { { TW }, { 120 }, 1 };
	struct recovery_item it[8];
	parse_log(T0 "apply a - 7 - " TW " 120 3000000000\n", &log);
	assert_int_equal(recovery_in_force(&log, 7, "", fake_read, &sys, it, 8), 0);
	journal_log_free(&log);

	sys.value[0] = 60; /* the apply took, the undo's write did not */
	parse_log(T0 "apply a - 7 - " TW " 120 60\n"
		  T0 "undo u a 7 - " TW " 60 120\n",
		  &log);
	assert_int_equal(recovery_in_force(&log, 7, "", fake_read, &sys, it, 8), 0);
	journal_log_free(&log);
}

/* --- the rule, written the plain quadratic way ---------------------------
 * recovery.c answers in one pass with hash sets; this is the rule as the
 * journal's comment states it, record by record, to compare with on
 * random journals. */

static uint64_t ref_outcome(const struct journal_log *log, size_t i)
{
	const struct journal_rec *r = &log->rec[i];
	for (size_t k = i + 1; k < log->n; k++) {
		const struct journal_rec *a = &log->rec[k];
		if (a->kind == JOURNAL_ACTUAL && strcmp(a->txid, r->txid) == 0 &&
		    strcmp(a->name, r->name) == 0 && a->nsid == r->nsid)
			return a->new_value;
	}
	return r->new_value;
}

static bool ref_undone(const struct journal_log *log, size_t i)
{
	const struct journal_rec *r = &log->rec[i];
	for (size_t k = i + 1; k < log->n; k++) {
		const struct journal_rec *u = &log->rec[k];
		if (u->kind == JOURNAL_UNDO && strcmp(u->reverts, r->txid) == 0 &&
		    strcmp(u->name, r->name) == 0 && u->nsid == r->nsid &&
		    strcmp(u->ns, r->ns) == 0 && ref_outcome(log, k) == u->new_value)
			return true;
	}
	return false;
}

static bool ref_live(const struct journal_log *log, size_t i, uint64_t nsid, const char *ns)
{
	const struct journal_rec *r = &log->rec[i];
	return r->kind == JOURNAL_APPLY && r->nsid == nsid && strcmp(r->ns, ns) == 0 &&
	       ref_outcome(log, i) != r->old_value && !ref_undone(log, i);
}

static int ref_in_force(const struct journal_log *log, uint64_t nsid, const char *ns,
			struct fake_system *sys, struct recovery_item *out, size_t max)
{
	size_t found = 0;
	for (size_t i = 0; i < log->n; i++) {
		if (!ref_live(log, i, nsid, ns))
			continue;
		bool above = false;
		for (size_t k = i + 1; k < log->n && !above; k++)
			above = ref_live(log, k, nsid, ns) && strcmp(log->rec[k].name, log->rec[i].name) == 0;
		uint64_t now;
		if (above || fake_read(log->rec[i].name, &now, sys) < 0 || now != ref_outcome(log, i))
			continue;
		if (found < max)
			out[found] = (struct recovery_item){ &log->rec[i], now };
		found++;
	}
	return (int)found;
}

/* Random journals over few transactions, settings, namespaces and small
 * values, so undos, actuals and chains meet often: the one-pass answer
 * is the plain one, item for item. */
static void test_recovery_matches_rule(void **state)
{
	(void)state;
	static const char *const names[] = { TW, IC };
	static const char *const nss[] = { "", "web" };
	srandom(12);
	for (int round = 0; round < 3000; round++) {
		struct journal_log log = { 0 };
		size_t n = (size_t)(random() % 24);
		log.rec = calloc(n ? n : 1, sizeof *log.rec);
		assert_non_null(log.rec);
		for (size_t i = 0; i < n; i++) {
			struct journal_rec *r = &log.rec[i];
			r->kind = (enum journal_kind)(random() % 3);
			snprintf(r->txid, sizeof r->txid, "t%ld", random() % 5);
			if (r->kind == JOURNAL_UNDO)
				snprintf(r->reverts, sizeof r->reverts, "t%ld", random() % 5);
			r->nsid = 7 + (uint64_t)(random() % 2);
			snprintf(r->ns, sizeof r->ns, "%s", nss[random() % 2]);
			snprintf(r->name, sizeof r->name, "%s", names[random() % 2]);
			r->old_value = (uint64_t)(random() % 3);
			r->new_value = (uint64_t)(random() % 3);
		}
		log.n = n;
		struct fake_system sys = { { TW, IC }, { (uint64_t)(random() % 3), (uint64_t)(random() % 3) }, 2 };
		const char *ns = nss[random() % 2];
		struct recovery_item got[32], want[32];
		int g = recovery_in_force(&log, 7, ns, fake_read, &sys, got, 32);
		int w = ref_in_force(&log, 7, ns, &sys, want, 32);
		if (g != w)
			fail_msg("round %d: %d in force, the rule says %d", round, g, w);
		for (int i = 0; i < g; i++) {
			assert_ptr_equal(got[i].rec, want[i].rec);
			assert_int_equal(got[i].value, want[i].value);
		}
		free(log.rec);
	}
}

/* A long journal is read in one pass: 40,000 changes, each undone by
 * the next record but the last, leave one in force. */
static void test_recovery_long_journal(void **state)
{
	(void)state;
	enum { N = 40000 };
	struct journal_log log = { 0 };
	log.rec = calloc(N, sizeof *log.rec);
	assert_non_null(log.rec);
	for (size_t i = 0; i < N; i++) {
		struct journal_rec *r = &log.rec[i];
		bool undo = i % 2 == 1 && i + 1 < N;
		r->kind = undo ? JOURNAL_UNDO : JOURNAL_APPLY;
		snprintf(r->txid, sizeof r->txid, "t%zu", i);
		if (undo)
			snprintf(r->reverts, sizeof r->reverts, "t%zu", i - 1);
		r->nsid = 7;
		snprintf(r->name, sizeof r->name, "%s", TW);
		r->old_value = undo ? 10 : 120;
		r->new_value = undo ? 120 : 10;
	}
	log.n = N;
	struct fake_system sys = { { TW }, { 10 }, 1 };
	struct recovery_item it[4];
	assert_int_equal(recovery_in_force(&log, 7, "", fake_read, &sys, it, 4), 1);
	assert_ptr_equal(it[0].rec, &log.rec[N - 1]);
	free(log.rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recovery_in_force),
		cmocka_unit_test(test_recovery_walks_back),
		cmocka_unit_test(test_recovery_transaction),
		cmocka_unit_test(test_recovery_actual_outcomes),
		cmocka_unit_test(test_recovery_intent_without_outcome),
		cmocka_unit_test(test_recovery_matches_rule),
		cmocka_unit_test(test_recovery_long_journal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
