/* Recovery (src/write/recovery.c): from a journal, the changes still in
 * force in one namespace (the latest apply no undo reverted, whose value
 * the system still holds), walking back past undone ones, the last
 * transaction, and what "actual" records say the kernel kept. */
#include <errno.h>
#include <stdio.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recovery_in_force),
		cmocka_unit_test(test_recovery_walks_back),
		cmocka_unit_test(test_recovery_transaction),
		cmocka_unit_test(test_recovery_actual_outcomes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
