/* The write path on temporary files standing in for /proc/sys and
 * /sys/module: compare-and-set, the journal written before the value,
 * read-back, refusals, all-or-nothing plans, and undo (session and
 * journal). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "write/confirm.h"
#include "write/journal.h"
#include "write/tune.h"

#define TW "nf_conntrack_tcp_timeout_time_wait"
#define IC "nf_conntrack_icmp_timeout"
#define SS "nf_conntrack_tcp_timeout_syn_sent"

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static uint64_t get(const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	unsigned long long v = 0;
	assert_int_equal(fscanf(f, "%llu", &v), 1);
	fclose(f);
	return v;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ctdash-test-tune-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	put(TW, "120\n");
	put(IC, "30\n");
	put(SS, "120\n");
	put("nf_conntrack_max", "262144\n");
	put("hashsize", "65536\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void ctx(struct tune_ctx *t, const char *ns)
{
	char journal[PATH_MAX];
	snprintf(journal, sizeof journal, "%s/state/journal", dir);
	tune_init(t, ns, journal, false);
	snprintf(t->sysctl_dir, sizeof t->sysctl_dir, "%s", dir);
	snprintf(t->max_path, sizeof t->max_path, "%s/nf_conntrack_max", dir);
	snprintf(t->hashsize_path, sizeof t->hashsize_path, "%s/hashsize", dir);
	t->initial_ns = 1;
	t->nsid = 4026531840u;
}

static void load(struct journal_log *log)
{
	char journal[PATH_MAX];
	snprintf(journal, sizeof journal, "%s/state/journal", dir);
	assert_int_equal(journal_read(journal, log), 0);
	assert_int_equal(log->nproblems, 0);
}

static enum tune_status set1(struct tune_ctx *t, const char *name, uint64_t seen, uint64_t want,
			     struct tune_result *res)
{
	struct tune_plan p;
	tune_plan_init(&p, name);
	assert_int_equal(tune_plan_add(&p, name, seen, want, NULL), 0);
	enum tune_status st = tune_apply(t, &p, res);
	tune_plan_free(&p);
	return st;
}

static void test_apply_journal_readback(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "web");
	struct tune_result res;
	assert_int_equal(set1(&t, TW, 120, 10, &res), TUNE_OK);
	assert_int_equal(get(TW), 10);
	assert_non_null(strstr(res.msg, "read back 10"));
	assert_int_equal(res.done, 1);
	assert_int_equal(tune_session_pending(&t), 1);

	struct journal_log log;
	load(&log);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.rec[0].kind, JOURNAL_APPLY);
	assert_string_equal(log.rec[0].name, TW);
	assert_string_equal(log.rec[0].ns, "web");
	assert_int_equal(log.rec[0].nsid, 4026531840u);
	assert_int_equal(log.rec[0].old_value, 120);
	assert_int_equal(log.rec[0].new_value, 10);
	journal_log_free(&log);
	tune_free(&t);
}

/* The value changed between showing and applying: nothing is written,
 * not even the journal, and the caller learns the value now. */
static void test_compare_and_set(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "");
	put(TW, "90\n"); /* behind ctdash's back */
	struct tune_plan p;
	tune_plan_init(&p, "x");
	tune_plan_add(&p, TW, 120, 10, NULL);
	struct tune_result res;
	assert_int_equal(tune_apply(&t, &p, &res), TUNE_CHANGED);
	assert_int_equal(res.current, 90);
	assert_int_equal(res.index, 0);
	assert_non_null(strstr(res.msg, "now 90"));
	assert_int_equal(get(TW), 90);
	char journal[PATH_MAX];
	snprintf(journal, sizeof journal, "%s/state/journal", dir);
	assert_int_equal(access(journal, F_OK), -1);
	/* asked again with the new value shown: it goes through */
	tune_plan_rebase(&p, 0, res.current);
	assert_int_equal(tune_apply(&t, &p, &res), TUNE_OK);
	assert_int_equal(get(TW), 10);
	tune_plan_free(&p);
	tune_free(&t);
}

static void test_validation(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "");
	struct tune_result res;
	assert_int_equal(set1(&t, TW, 120, 0, &res), TUNE_INVALID);
	assert_int_equal(set1(&t, TW, 120, (uint64_t)INT_MAX + 1, &res), TUNE_INVALID);
	assert_int_equal(set1(&t, "nf_conntrack_max", 262144, 0, &res), TUNE_INVALID);
	assert_int_equal(set1(&t, "hashsize", 65536, TUNE_HASHSIZE_LIMIT + 1ull, &res), TUNE_INVALID);
	assert_int_equal(set1(&t, "nf_conntrack_count", 1, 2, &res), TUNE_INVALID);
	assert_int_equal(set1(&t, "../etc/passwd", 1, 2, &res), TUNE_INVALID);
	assert_int_equal(get(TW), 120);
	assert_int_equal(get("nf_conntrack_max"), 262144);
	assert_int_equal(tune_target_of(TW), TUNE_TIMEOUT);
	assert_int_equal(tune_target_of("nf_conntrack_frag6_timeout"), TUNE_TIMEOUT);
	assert_int_equal(tune_target_of("nf_conntrack_max"), TUNE_MAX);
	assert_int_equal(tune_target_of("hashsize"), TUNE_HASHSIZE);
	assert_int_equal(tune_target_of("nf_conntrack_buckets"), TUNE_UNKNOWN);
	assert_int_equal(tune_target_of("nf_conntrack_tcp_timeout_x/../y"), TUNE_UNKNOWN);
	/* the largest values each target takes */
	assert_int_equal(set1(&t, TW, 120, INT_MAX, &res), TUNE_OK);
	assert_int_equal(set1(&t, "hashsize", 65536, TUNE_HASHSIZE_LIMIT, &res), TUNE_OK);
	tune_free(&t);
}

static void test_refusals(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "");
	char why[320];
	struct tune_result res;
	t.read_only = true;
	assert_non_null(tune_writes_refused(&t));
	assert_non_null(strstr(tune_refusal(&t, TW, why, sizeof why), "read-only"));
	assert_int_equal(set1(&t, TW, 120, 10, &res), TUNE_REFUSED);
	assert_non_null(strstr(res.msg, "--read-only"));
	assert_int_equal(get(TW), 120);
	char journal[PATH_MAX];
	snprintf(journal, sizeof journal, "%s/state/journal", dir);
	assert_int_equal(access(journal, F_OK), -1);

	/* a namespace that is not the initial one: the global settings are
	 * refused by name, the per-namespace timeouts are not */
	t.read_only = false;
	t.initial_ns = 0;
	snprintf(t.ns, sizeof t.ns, "web");
	t.ns_named = false; /* as tune_init leaves a label that names nothing here */
	assert_int_equal(set1(&t, "nf_conntrack_max", 262144, 524288, &res), TUNE_REFUSED);
	assert_non_null(strstr(res.msg, "initial network namespace"));
	assert_non_null(strstr(res.msg, "'web'"));
	assert_int_equal(set1(&t, "hashsize", 65536, 131072, &res), TUNE_REFUSED);
	assert_non_null(strstr(res.msg, "initial network namespace"));
	assert_int_equal(get("nf_conntrack_max"), 262144);
	assert_int_equal(get("hashsize"), 65536);
	assert_null(tune_refusal(&t, TW, why, sizeof why));

	/* a setting this kernel does not have */
	assert_non_null(strstr(tune_refusal(&t, "nf_conntrack_dccp_timeout_open", why, sizeof why),
			       "has no"));
	tune_free(&t);
}

static void test_journal_failure_writes_nothing(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "");
	put("blocker", "x\n");
	snprintf(t.journal_path, sizeof t.journal_path, "%s/blocker/journal", dir);
	struct tune_result res;
	assert_int_equal(set1(&t, TW, 120, 10, &res), TUNE_JOURNAL);
	assert_non_null(strstr(res.msg, "nothing was changed"));
	assert_int_equal(get(TW), 120);
	/* a journal that is a symlink is refused the same way */
	char target[PATH_MAX];
	snprintf(target, sizeof target, "%s/elsewhere", dir);
	snprintf(t.journal_path, sizeof t.journal_path, "%s/journal-link", dir);
	assert_int_equal(symlink(target, t.journal_path), 0);
	assert_int_equal(set1(&t, TW, 120, 10, &res), TUNE_JOURNAL);
	assert_non_null(strstr(res.msg, "symbolic link"));
	assert_int_equal(get(TW), 120);
	assert_int_equal(access(target, F_OK), -1);
	tune_free(&t);
}

/* A plan whose third write fails leaves the system as it was, and the
 * journal says so: two applies, the failure, two undos. */
static void test_plan_all_or_nothing(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "");
	/* readable but not writable: ctdash never writes through a symlink */
	put("real_ss", "120\n");
	char path[PATH_MAX], target[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, SS);
	snprintf(target, sizeof target, "%s/real_ss", dir);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);

	struct tune_plan p;
	tune_plan_init(&p, "profile test");
	tune_plan_add(&p, TW, 120, 10, NULL);
	tune_plan_add(&p, IC, 30, 10, NULL);
	tune_plan_add(&p, SS, 120, 5, NULL);
	struct tune_result res;
	assert_int_equal(tune_apply(&t, &p, &res), TUNE_WRITE);
	assert_int_equal(res.index, 2);
	assert_int_equal(res.done, 0);
	assert_non_null(strstr(res.msg, "put back as it was"));
	assert_int_equal(get(TW), 120);
	assert_int_equal(get(IC), 30);
	assert_int_equal(get("real_ss"), 120);
	assert_int_equal(tune_session_pending(&t), 0);

	struct journal_log log;
	load(&log);
	assert_int_equal(log.n, 6);
	assert_int_equal(log.rec[0].kind, JOURNAL_APPLY);
	assert_int_equal(log.rec[2].kind, JOURNAL_APPLY);
	assert_int_equal(log.rec[3].kind, JOURNAL_ACTUAL);  /* the failed write: still 120 */
	assert_int_equal(log.rec[3].new_value, 120);
	assert_int_equal(log.rec[4].kind, JOURNAL_UNDO);
	assert_string_equal(log.rec[4].name, IC);            /* newest first */
	assert_string_equal(log.rec[4].reverts, log.rec[0].txid);
	assert_string_equal(log.rec[5].name, TW);
	journal_log_free(&log);

	/* and nothing of it is in force */
	struct recovery_item it[4];
	assert_int_equal(tune_unreverted(&t, &log, it, 4), 0);
	journal_log_free(&log);
	tune_plan_free(&p);
	tune_free(&t);
}

static void apply_ok(struct tune_ctx *t, struct tune_plan *p)
{
	struct tune_result res;
	enum tune_status st = tune_apply(t, p, &res);
	if (st != TUNE_OK)
		fail_msg("apply: %s", res.msg);
	tune_plan_free(p);
}

/* u undoes one transaction at a time, a whole profile at once; U all. */
static void test_session_undo(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "");
	struct tune_plan p;
	tune_plan_init(&p, "one");
	tune_plan_add(&p, TW, 120, 60, NULL);
	apply_ok(&t, &p);
	tune_plan_init(&p, "profile");
	tune_plan_add(&p, TW, 60, 30, NULL);
	tune_plan_add(&p, IC, 30, 10, NULL);
	apply_ok(&t, &p);
	assert_int_equal(tune_session_pending(&t), 3);

	assert_int_equal(tune_plan_undo_last(&t, &p), 0);
	assert_true(p.undo);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.c[0].name, IC); /* newest first */
	assert_int_equal(p.c[0].seen, 10);
	assert_int_equal(p.c[0].want, 30);
	assert_string_equal(p.c[1].name, TW);
	assert_int_equal(p.c[1].want, 60);
	apply_ok(&t, &p);
	assert_int_equal(get(TW), 60);
	assert_int_equal(get(IC), 30);
	assert_int_equal(tune_session_pending(&t), 1);

	assert_int_equal(tune_plan_undo_last(&t, &p), 0);
	assert_int_equal(p.n, 1);
	apply_ok(&t, &p);
	assert_int_equal(get(TW), 120);
	assert_int_equal(tune_plan_undo_last(&t, &p), -ENOENT);
	tune_plan_free(&p);
	assert_int_equal(tune_plan_undo_all(&t, &p), -ENOENT);
	tune_plan_free(&p);

	/* U: everything, newest first, as one plan that chains */
	tune_plan_init(&p, "a");
	tune_plan_add(&p, TW, 120, 60, NULL);
	apply_ok(&t, &p);
	tune_plan_init(&p, "b");
	tune_plan_add(&p, TW, 60, 30, NULL);
	tune_plan_add(&p, IC, 30, 10, NULL);
	apply_ok(&t, &p);
	assert_int_equal(tune_plan_undo_all(&t, &p), 0);
	assert_int_equal(p.n, 3);
	apply_ok(&t, &p);
	assert_int_equal(get(TW), 120);
	assert_int_equal(get(IC), 30);
	assert_int_equal(tune_session_pending(&t), 0);

	/* every undo is journalled, kind undo, reverting its transaction */
	struct journal_log log;
	load(&log);
	unsigned applies = 0, undos = 0;
	for (size_t i = 0; i < log.n; i++) {
		applies += log.rec[i].kind == JOURNAL_APPLY;
		undos += log.rec[i].kind == JOURNAL_UNDO;
		if (log.rec[i].kind == JOURNAL_UNDO)
			assert_true(log.rec[i].reverts[0] != '\0');
	}
	assert_int_equal(applies, 6);
	assert_int_equal(undos, 6);
	journal_log_free(&log);
	tune_free(&t);
}

/* Undo after a value changed behind ctdash's back: detected, then done
 * from the value now when the user confirms again. */
static void test_undo_detects_change(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "");
	struct tune_plan p;
	tune_plan_init(&p, "one");
	tune_plan_add(&p, TW, 120, 60, NULL);
	apply_ok(&t, &p);
	put(TW, "45\n");
	assert_int_equal(tune_plan_undo_last(&t, &p), 0);
	struct tune_result res;
	assert_int_equal(tune_apply(&t, &p, &res), TUNE_CHANGED);
	assert_int_equal(res.current, 45);
	assert_int_equal(get(TW), 45);
	assert_int_equal(tune_session_pending(&t), 1);
	tune_plan_rebase(&p, 0, res.current);
	apply_ok(&t, &p);
	assert_int_equal(get(TW), 120);
	assert_int_equal(tune_session_pending(&t), 0);
	tune_free(&t);
}

/* A session that died: a new one finds its last transaction in the
 * journal and reverts it, then the one before, then nothing. */
static void test_journal_undo_after_crash(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "web");
	struct tune_plan p;
	tune_plan_init(&p, "one");
	tune_plan_add(&p, TW, 120, 60, NULL);
	apply_ok(&t, &p);
	tune_plan_init(&p, "profile");
	tune_plan_add(&p, TW, 60, 10, NULL);
	tune_plan_add(&p, IC, 30, 10, NULL);
	apply_ok(&t, &p);
	tune_free(&t); /* no undo: the session is gone */

	struct tune_ctx again;
	ctx(&again, "web");
	struct journal_log log;
	struct recovery_item it[8];
	assert_int_equal(tune_unreverted(&again, &log, it, 8), 2);
	/* the review's list, as a plan: newest first */
	assert_int_equal(tune_plan_from_unreverted(it, 2, &p), 0);
	assert_true(p.undo);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.c[0].name, IC);
	assert_int_equal(p.c[0].seen, 10);
	assert_int_equal(p.c[0].want, 30);
	assert_string_equal(p.c[1].name, TW);
	assert_int_equal(p.c[1].seen, 10);
	assert_int_equal(p.c[1].want, 60);
	tune_plan_free(&p);
	journal_log_free(&log);

	char err[320];
	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 2);
	assert_true(p.undo);
	assert_string_equal(p.c[0].name, IC);
	assert_string_equal(p.c[1].name, TW);
	assert_int_equal(p.c[1].want, 60);
	apply_ok(&again, &p);
	assert_int_equal(get(TW), 60);
	assert_int_equal(get(IC), 30);

	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 1);
	apply_ok(&again, &p);
	assert_int_equal(get(TW), 120);
	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 0);
	tune_plan_free(&p);

	/* another namespace's journal entries are not this one's */
	struct tune_ctx other;
	ctx(&other, "db");
	tune_plan_init(&p, "x");
	tune_plan_add(&p, IC, 30, 7, NULL);
	apply_ok(&other, &p);
	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 0);
	tune_plan_free(&p);
	tune_free(&other);
	tune_free(&again);
}

static void test_confirm_describe(void **state)
{
	(void)state;
	struct tune_ctx t;
	ctx(&t, "web");
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	s.count = 50000;
	s.max = 262144;
	s.buckets = 65536;
	s.entry_size = 256;
	s.entry_size_measured = true;
	s.an.load_factor = 50000.0 / 65536;
	s.tally.tcp[CT_TCP_TIME_WAIT] = 41234;

	struct tune_change c = { .name = TW, .seen = 120, .want = 10 };
	struct confirm_info ci;
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.old_text, "120 (2m)");
	assert_string_equal(ci.new_text, "10 (10s)");
	assert_int_equal(ci.entries, 41234);
	assert_string_equal(ci.entries_what, "TIME_WAIT");
	assert_non_null(strstr(ci.detail, "next packet"));
	assert_string_equal(ci.command,
			    "ip netns exec web sysctl -w net.netfilter." TW "=10");

	snprintf(t.ns, sizeof t.ns, "pid:4242");
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.command, "nsenter -t 4242 -n sysctl -w net.netfilter." TW "=10");
	snprintf(t.ns, sizeof t.ns, "it's");
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.command, "ip netns exec 'it'\\''s' sysctl -w net.netfilter." TW "=10");
	t.ns[0] = '\0';
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.command, "sysctl -w net.netfilter." TW "=10");

	/* max: memory at the new max from the real entry size, max/buckets */
	struct tune_change m = { .name = "nf_conntrack_max", .seen = 262144, .want = 1048576 };
	confirm_describe(&t, &s, &m, &ci);
	assert_int_equal(ci.memory_after, 1048576ull * 256 + 65536ull * 8);
	assert_true(ci.max_per_bucket == 16.0);
	assert_non_null(strstr(ci.detail, "256 MiB"));
	assert_non_null(strstr(ci.detail, "16.00"));
	assert_string_equal(ci.old_text, "262,144");
	assert_string_equal(ci.new_text, "1,048,576");

	/* hashsize: λ and memory after */
	struct tune_change h = { .name = "hashsize", .seen = 65536, .want = 262144 };
	confirm_describe(&t, &s, &h, &ci);
	assert_true(ci.lambda_after > 0.1907 && ci.lambda_after < 0.1908);
	assert_true(ci.nonempty_after > 0.1736 && ci.nonempty_after < 0.1737);
	assert_int_equal(ci.memory_after, 262144ull * 256 + 262144ull * 8);
	assert_true(ci.max_per_bucket == 1.0);
	char want[600];
	snprintf(want, sizeof want, "echo 262144 > %s", t.hashsize_path);
	assert_string_equal(ci.command, want);
	tune_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apply_journal_readback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare_and_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_failure_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_detects_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_journal_undo_after_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_describe, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
