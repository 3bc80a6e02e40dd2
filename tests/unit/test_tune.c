/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The apply engine (src/write/tune.c) on temporary files standing in
 * for /proc/sys and /sys/module: compare-and-set, the journal written
 * before the value, read-back, and all-or-nothing plans. */
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

#include "write/journal.h"
#include "write/tune.h"
#include "tunebox.h"

static void test_apply_journal_readback(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "web");
	struct tune_result res;
	assert_int_equal(tb_set1(&t, TW, 120, 10, &res), TUNE_OK);
	assert_int_equal(tb_get(TW), 10);
	assert_non_null(strstr(res.msg, "read back 10"));
	assert_int_equal(res.done, 1);
	assert_int_equal(tune_session_pending(&t), 1);

	struct journal_log log;
	tb_load(&log);
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
	tb_ctx(&t, "");
	tb_put(TW, "90\n"); /* behind ctdash's back */
	struct tune_plan p;
	tune_plan_init(&p, "x");
	tune_plan_add(&p, TW, 120, 10, NULL);
	struct tune_result res;
	assert_int_equal(tune_apply(&t, &p, &res), TUNE_CHANGED);
	assert_int_equal(res.current, 90);
	assert_int_equal(res.index, 0);
	assert_non_null(strstr(res.msg, "now 90"));
	assert_int_equal(tb_get(TW), 90);
	char journal[PATH_MAX];
	snprintf(journal, sizeof journal, "%s/state/journal", tb_dir);
	assert_int_equal(access(journal, F_OK), -1);
	/* asked again with the new value shown: it goes through */
	tune_plan_rebase(&p, 0, res.current);
	assert_int_equal(tune_apply(&t, &p, &res), TUNE_OK);
	assert_int_equal(tb_get(TW), 10);
	tune_plan_free(&p);
	tune_free(&t);
}

static void test_journal_failure_writes_nothing(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "");
	tb_put("blocker", "x\n");
	snprintf(t.journal_path, sizeof t.journal_path, "%s/blocker/journal", tb_dir);
	struct tune_result res;
	assert_int_equal(tb_set1(&t, TW, 120, 10, &res), TUNE_JOURNAL);
	assert_non_null(strstr(res.msg, "nothing was changed"));
	assert_int_equal(tb_get(TW), 120);
	/* a journal that is a symlink is refused the same way */
	char target[PATH_MAX];
	snprintf(target, sizeof target, "%s/elsewhere", tb_dir);
	snprintf(t.journal_path, sizeof t.journal_path, "%s/journal-link", tb_dir);
	assert_int_equal(symlink(target, t.journal_path), 0);
	assert_int_equal(tb_set1(&t, TW, 120, 10, &res), TUNE_JOURNAL);
	assert_non_null(strstr(res.msg, "symbolic link"));
	assert_int_equal(tb_get(TW), 120);
	assert_int_equal(access(target, F_OK), -1);
	tune_free(&t);
}

/* A plan whose third write fails leaves the system as it was, and the
 * journal says so: two applies, the failure, two undos. */
static void test_plan_all_or_nothing(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "");
	/* readable but not writable: ctdash never writes through a symlink */
	tb_put("real_ss", "120\n");
	char path[PATH_MAX], target[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", tb_dir, SS);
	snprintf(target, sizeof target, "%s/real_ss", tb_dir);
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
	assert_int_equal(tb_get(TW), 120);
	assert_int_equal(tb_get(IC), 30);
	assert_int_equal(tb_get("real_ss"), 120);
	assert_int_equal(tune_session_pending(&t), 0);

	struct journal_log log;
	tb_load(&log);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apply_journal_readback, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_compare_and_set, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_journal_failure_writes_nothing, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_plan_all_or_nothing, tb_setup, tb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
