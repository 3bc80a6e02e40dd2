/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Undo planning (src/write/tune_undo.c): this session's `u` and `U`, an
 * undo that finds the value changed, and a later session that reverts
 * what a dead one left, from the journal. */
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

/* The history every case starts from: transaction "one" sets TW 120 ->
 * 60, then (unless tw_then is 0) a two-change "profile" sets TW 60 ->
 * tw_then and IC 30 -> 10. */
static void apply_history(struct tune_ctx *t, struct tune_plan *p, uint64_t tw_then)
{
	tune_plan_init(p, "one");
	tune_plan_add(p, TW, 120, 60, NULL);
	tb_apply_ok(t, p);
	if (!tw_then)
		return;
	tune_plan_init(p, "profile");
	tune_plan_add(p, TW, 60, tw_then, NULL);
	tune_plan_add(p, IC, 30, 10, NULL);
	tb_apply_ok(t, p);
}

/* u undoes one transaction at a time, a whole profile at once; U all. */
static void test_session_undo(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "");
	struct tune_plan p;
	apply_history(&t, &p, 30);
	assert_int_equal(tune_session_pending(&t), 3);

	assert_int_equal(tune_plan_undo_last(&t, &p), 0);
	assert_true(p.undo);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.c[0].name, IC); /* newest first */
	assert_int_equal(p.c[0].seen, 10);
	assert_int_equal(p.c[0].want, 30);
	assert_string_equal(p.c[1].name, TW);
	assert_int_equal(p.c[1].want, 60);
	tb_apply_ok(&t, &p);
	assert_int_equal(tb_get(TW), 60);
	assert_int_equal(tb_get(IC), 30);
	assert_int_equal(tune_session_pending(&t), 1);

	assert_int_equal(tune_plan_undo_last(&t, &p), 0);
	assert_int_equal(p.n, 1);
	tb_apply_ok(&t, &p);
	assert_int_equal(tb_get(TW), 120);
	assert_int_equal(tune_plan_undo_last(&t, &p), -ENOENT);
	tune_plan_free(&p);
	assert_int_equal(tune_plan_undo_all(&t, &p), -ENOENT);
	tune_plan_free(&p);

	/* U: everything, newest first, as one plan that chains */
	apply_history(&t, &p, 30);
	assert_int_equal(tune_plan_undo_all(&t, &p), 0);
	assert_int_equal(p.n, 3);
	tb_apply_ok(&t, &p);
	assert_int_equal(tb_get(TW), 120);
	assert_int_equal(tb_get(IC), 30);
	assert_int_equal(tune_session_pending(&t), 0);

	/* every undo is journalled, kind undo, reverting its transaction */
	struct journal_log log;
	tb_load(&log);
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
	tb_ctx(&t, "");
	struct tune_plan p;
	apply_history(&t, &p, 0);
	tb_put(TW, "45\n");
	assert_int_equal(tune_plan_undo_last(&t, &p), 0);
	struct tune_result res;
	assert_int_equal(tune_apply(&t, &p, &res), TUNE_CHANGED);
	assert_int_equal(res.current, 45);
	assert_int_equal(tb_get(TW), 45);
	assert_int_equal(tune_session_pending(&t), 1);
	tune_plan_rebase(&p, 0, res.current);
	tb_apply_ok(&t, &p);
	assert_int_equal(tb_get(TW), 120);
	assert_int_equal(tune_session_pending(&t), 0);
	tune_free(&t);
}

/* A session that died: a new one finds its last transaction in the
 * journal and reverts it, then the one before, then nothing. */
static void test_journal_undo_after_crash(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "web");
	struct tune_plan p;
	apply_history(&t, &p, 10);
	tune_free(&t); /* no undo: the session is gone */

	struct tune_ctx again;
	tb_ctx(&again, "web");
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
	tb_apply_ok(&again, &p);
	assert_int_equal(tb_get(TW), 60);
	assert_int_equal(tb_get(IC), 30);

	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 1);
	tb_apply_ok(&again, &p);
	assert_int_equal(tb_get(TW), 120);
	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 0);
	tune_plan_free(&p);

	/* another namespace's journal entries are not this one's */
	struct tune_ctx other;
	tb_ctx(&other, "db");
	tune_plan_init(&p, "x");
	tune_plan_add(&p, IC, 30, 7, NULL);
	tb_apply_ok(&other, &p);
	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 0);
	tune_plan_free(&p);
	tune_free(&other);
	tune_free(&again);
}

/* "n" to the review at a start keeps the changes: journalled, the next
 * start does not ask again, and --undo-last still reverts them. */
static void test_review_keep(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "web");
	struct tune_plan p;
	apply_history(&t, &p, 10);
	tune_free(&t);

	struct tune_ctx again;
	tb_ctx(&again, "web");
	struct journal_log log;
	struct recovery_item it[8];
	assert_int_equal(tune_unreverted(&again, &log, it, 8), 2);
	assert_int_equal(tune_plan_from_unreverted(it, 2, &p), 0);
	journal_log_free(&log);
	char err[320];
	assert_int_equal(tune_keep(&again, &p, err, sizeof err), 0);
	tune_plan_free(&p);
	/* nothing written to the settings, and not asked again */
	assert_int_equal(tb_get(TW), 10);
	assert_int_equal(tune_unreverted(&again, &log, it, 8), 0);
	journal_log_free(&log);
	/* the keep records read back as such */
	assert_int_equal(journal_read(again.journal_path, &log), 0);
	assert_int_equal(log.nproblems, 0);
	assert_int_equal(log.rec[log.n - 1].kind, JOURNAL_KEEP);
	journal_log_free(&log);
	/* undo still reverts them, one transaction at a time */
	assert_int_equal(tune_plan_undo_journal(&again, &p, err, sizeof err), 2);
	tb_apply_ok(&again, &p);
	assert_int_equal(tb_get(TW), 60);
	tune_plan_free(&p);
	tune_free(&again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_undo, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_undo_detects_change, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_journal_undo_after_crash, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_review_keep, tb_setup, tb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
