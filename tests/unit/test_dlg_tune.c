/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tuning keys without a terminal: the value line (what it refuses and
 * why), the confirmation's text, y and n, compare-and-set asking again,
 * undo, presets, export and the review of an earlier session's changes,
 * all through ui/dlg_tune.c against temporary files standing in for
 * /proc/sys and /sys/module (tuneui.c), so nf_conntrack_max and the
 * bucket count can be changed too. The views it writes through:
 * test_tune_views.c. */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tuneui.h"
#include "model/analysis.h"
#include "ui/dlg_box.h"
#include "write/journal.h"
#include "write/profiles.h"
#include "ui/text.h"
#include "ui/title.h"
#include "ui/dlg_tune.h"
#include "ui/views.h"
#include "write/typed.h"


/* ---- text helpers ------------------------------------------------------- */

static void test_dialog_text(void **state)
{
	(void)state;
	struct dialog d;
	const char *cmd = "ip netns exec web sysctl -w net.netfilter.nf_conntrack_tcp_timeout_time_wait=10";
	dialog_open(&d, "t", false);
	dialog_add_command(&d, "  ", cmd, 40);
	assert_true(d.n >= 2);
	/* every line fits, all but the last end in a backslash, and as the
	 * shell joins them (backslash-newline removed) they are the command */
	char joined[256] = "";
	for (int i = 0; i < d.n; i++) {
		size_t len = strlen(d.lines[i]);
		assert_true(len <= 40);
		assert_true(strncmp(d.lines[i], "  ", 2) == 0);
		bool last = i == d.n - 1;
		assert_int_equal(d.lines[i][len - 1] == '\\', !last);
		strncat(joined, d.lines[i] + 2, len - 2 - (last ? 0 : 1));
	}
	assert_string_equal(joined, cmd);

	dialog_open(&d, "t", false);
	dialog_add_wrapped(&d, "> ", "Entries already counting down keep their current timer until "
			   "their next packet.", 30);
	for (int i = 0; i < d.n; i++)
		assert_true(strlen(d.lines[i]) <= 30 && strncmp(d.lines[i], "> ", 2) == 0);
	assert_int_equal(d.n, 4);

	/* scrolling stays within the text */
	dialog_open(&d, "t", false);
	for (int i = 0; i < 30; i++)
		dialog_add(&d, "line %d", i);
	assert_int_equal(dialog_visible(&d, 24), 20);
	assert_int_equal(dialog_scroll(&d, 100, 24), 10);
	assert_int_equal(dialog_scroll(&d, -3, 24), 7);
	assert_int_equal(dialog_scroll(&d, -100, 24), 0);
	assert_string_equal(d.prompt, DIALOG_PROMPT);
}

/* ---- the value line -------------------------------------------------------- */

static void test_invalid_values_write_nothing(void **state)
{
	(void)state;
	static const struct { const char *typed, *why; } bad[] = {
		{ "abc", "not a number" },
		{ "-5", "negative" },
		{ "99999999999", "too large" },
		{ "12x", "trailing characters" },
		{ "1.5h", "not a whole number" },
		{ "0", "at least 1 second" },
		{ "120", "the value now" },
		{ "2m", "the value now" },
	};
	tuning_edit(&tu, TW, NULL);
	assert_int_equal(tu.mode, TM_INPUT);
	assert_non_null(strstr(tu.in.prompt, "now 2m (120 s)"));
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tt_clear_and_type(bad[i].typed);
		assert_int_equal(tu.mode, TM_INPUT);
		if (!strstr(tu.in.error, bad[i].why))
			fail_msg("'%s': error '%s', expected '%s'", bad[i].typed, tu.in.error, bad[i].why);
	}
	assert_int_equal(tt_get(TW), 120);
	/* Escape: nothing written, no journal either */
	tuning_key(&tu, &snap, 27);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "nothing was written"));
	assert_int_equal(tt_get(TW), 120);
	char path[PATH_MAX];
	tt_path_of("state/journal", path, sizeof path);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_edit_confirm_undo(void **state)
{
	(void)state;
	tuning_edit(&tu, TW, NULL);
	tt_clear_and_type("10");
	assert_int_equal(tu.mode, TM_CONFIRM);
	const char *text = tt_dialog_text(76);
	tt_assert_contains(text, "net.netfilter." TW " in namespace 'web'");
	tt_assert_contains(text, "120 (2m)  ->  10 (10s)");
	tt_assert_contains(text, "Entries in TIME_WAIT now: 1,200");
	tt_assert_contains(text, "keep their current timer until their next");
	tt_assert_contains(text, "ip netns exec web sysctl -w \\\n");
	tt_assert_contains(text, "net.netfilter." TW "=10");
	/* n cancels */
	tuning_key(&tu, &snap, 'n');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(tt_get(TW), 120);

	tuning_edit(&tu, TW, NULL);
	tt_clear_and_type("10");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_true(tu.applied && tu.wrote);
	assert_false(tu.msg_error);
	assert_non_null(strstr(tu.msg, "120 -> 10, read back 10"));
	assert_int_equal(tt_get(TW), 10);
	assert_int_equal(tt_records(JOURNAL_APPLY), 1);

	/* 2m, then u twice: back to 10, then to 120 */
	tuning_edit(&tu, TW, NULL);
	tt_clear_and_type("2m");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get(TW), 120);
	tuning_undo(&tu, false);
	assert_int_equal(tu.mode, TM_CONFIRM);
	tt_assert_contains(tt_dialog_text(76), "Undo the last change? (1 change)");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get(TW), 10);
	tuning_undo(&tu, false);
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get(TW), 120);
	assert_int_equal(tt_records(JOURNAL_UNDO), 2);
	tuning_undo(&tu, false);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "nothing left to undo"));
}

static void test_step(void **state)
{
	(void)state;
	tuning_step(&tu, TW, 1);
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(tu.plan.c[0].want, 300);
	tuning_key(&tu, &snap, 27);
	tuning_step(&tu, TW, -1);
	assert_int_equal(tu.plan.c[0].want, 60);
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get(TW), 60);
	tt_put(TW, 1);
	tuning_step(&tu, TW, -1);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "bottom step"));
}

static void test_changed_behind_back(void **state)
{
	(void)state;
	tuning_edit(&tu, TW, NULL);
	tt_clear_and_type("30s");
	tt_put(TW, 77); /* someone else, while the dialog is open */
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(tt_get(TW), 77);
	assert_true(tu.msg_error);
	const char *text = tt_dialog_text(76);
	tt_assert_contains(text, "is now 77, not 120 as shown");
	tt_assert_contains(text, "77 (1m17s)  ->  30 (30s)");
	assert_int_equal(tt_records(JOURNAL_APPLY), 0);
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(tt_get(TW), 30);
}

static void test_max_and_buckets(void **state)
{
	(void)state;
	tuning_edit(&tu, TUNE_MAX_NAME, NULL);
	assert_non_null(strstr(tu.in.prompt, "now 262,144"));
	tt_clear_and_type("1,000x");
	assert_non_null(strstr(tu.in.error, "not a whole number"));
	tt_clear_and_type("524,288");
	assert_int_equal(tu.mode, TM_CONFIRM);
	const char *text = tt_dialog_text(76);
	tt_assert_contains(text, "262,144  ->  524,288");
	tt_assert_contains(text, "Entries now: 1,200");
	tt_assert_contains(text, "max/buckets becomes 8.00");
	tt_assert_contains(text, "256 bytes per entry from slabinfo");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get("nf_conntrack_max"), 524288);

	tuning_edit(&tu, TUNE_HASHSIZE_NAME, NULL);
	/* too many: refused for that, not for a rounding that wrapped */
	tt_clear_and_type("18446744073709551615");
	assert_non_null(strstr(tu.in.error, "at most"));
	tt_clear_and_type("0");
	assert_non_null(strstr(tu.in.error, "at least 1 bucket"));
	tt_clear_and_type("100000");
	assert_int_equal(tu.mode, TM_CONFIRM);
	long page = sysconf(_SC_PAGESIZE);
	unsigned long long want = typed_round_buckets(100000, page);
	assert_int_equal(tu.plan.c[0].want, want);
	text = tt_dialog_text(76);
	if (want != 100000)
		tt_assert_contains(text, "Rounded up from 100,000");
	tt_assert_contains(text, "Change the bucket count?");
	tt_assert_contains(text, "load factor");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get("hashsize"), want);

	/* not in the initial namespace: refused with the reason, no line opens */
	tu.t.initial_ns = 0;
	tuning_edit(&tu, TUNE_MAX_NAME, NULL);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_true(tu.msg_error);
	assert_non_null(strstr(tu.msg, "only the initial network namespace"));
	tuning_edit(&tu, TUNE_HASHSIZE_NAME, NULL);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "initial network namespace"));
}

static void test_read_only(void **state)
{
	(void)state;
	tuning_free(&tu);
	tt_init_tuning(true);
	char why[320];
	assert_non_null(tuning_refused(&tu, why, sizeof why));
	tuning_edit(&tu, TW, NULL);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "read-only"));
	tu.msg[0] = '\0';
	tuning_step(&tu, TW, 1);
	assert_non_null(strstr(tu.msg, "read-only"));
	tu.msg[0] = '\0';
	tuning_undo(&tu, true);
	assert_non_null(strstr(tu.msg, "read-only"));
	tu.msg[0] = '\0';
	tuning_profiles(&tu);
	assert_non_null(strstr(tu.msg, "read-only"));
	tu.msg[0] = '\0';
	tuning_export(&tu, &snap);
	assert_non_null(strstr(tu.msg, "read-only"));
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(tt_get(TW), 120);
}

static void test_profile_one_undo(void **state)
{
	(void)state;
	tuning_profiles(&tu);
	assert_int_equal(tu.mode, TM_PROFILES);
	tt_assert_contains(tt_dialog_text(76), "1  Short timeouts");
	tuning_key(&tu, &snap, '1');
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(tu.plan.n, 8);
	const char *text = tt_dialog_text(76);
	tt_assert_contains(text, "Apply the preset 'router-example'? (8 changes)");
	tt_assert_contains(text, "not a recommendation");
	tt_assert_contains(text, "tcp_timeout_established 432000 (5d) -> 600 (10m)");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get(PREFIX "tcp_timeout_established"), 600);
	assert_int_equal(tt_get(PREFIX "icmp_timeout"), 10);
	assert_int_equal(tt_get(TW), 10);
	/* one u reverts all of it */
	tuning_undo(&tu, false);
	assert_int_equal(tu.plan.n, 8);
	tuning_key(&tu, &snap, 'y');
	for (unsigned i = 0; i < TT_NTIMEOUTS; i++)
		assert_int_equal(tt_get(tt_timeouts[i].name), tt_timeouts[i].def);
	/* the kernel-defaults preset with nothing to change says so */
	tuning_profiles(&tu);
	tuning_key(&tu, &snap, KEY_DOWN);
	tuning_key(&tu, &snap, '\r');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "already match"));
}

static void test_export(void **state)
{
	(void)state;
	char conf[PATH_MAX], mod[PATH_MAX];
	tt_put(TW, 10);
	tt_put("hashsize", 131072);
	tt_make_snapshot(); /* the buckets differ from the default now */
	tuning_export(&tu, &snap);
	assert_int_equal(tu.mode, TM_EXPORT_PATH);
	assert_string_equal(tu.in.text, "/etc/sysctl.d/90-conntrack.conf");
	tt_clear_and_type("relative.conf");
	assert_non_null(strstr(tu.in.error, "absolute path"));
	tt_clear_and_type("/nonexistent-ctdash-tt_dir/x.conf");
	assert_non_null(strstr(tu.in.error, "no directory"));
	tt_path_of("90-conntrack.conf", conf, sizeof conf);
	tt_path_of("nf_conntrack.conf", mod, sizeof mod);
	tt_clear_and_type(conf);
	assert_int_equal(tu.mode, TM_EXPORT_PATH); /* the modprobe.d file next */
	assert_string_equal(tu.in.text, "/etc/modprobe.d/nf_conntrack.conf");
	tt_clear_and_type(mod);
	assert_int_equal(tu.mode, TM_EXPORT);
	const char *text = tt_dialog_text(76);
	tt_assert_contains(text, "net.netfilter." TW " = 10");
	tt_assert_contains(text, "options nf_conntrack hashsize=131072");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_false(tu.msg_error);
	FILE *f = fopen(conf, "r");
	assert_non_null(f);
	char line[256];
	bool found = false;
	while (fgets(line, sizeof line, f))
		found |= strcmp(line, "net.netfilter." TW " = 10\n") == 0;
	fclose(f);
	assert_true(found);
	assert_int_equal(access(mod, R_OK), 0);
}

static void test_review(void **state)
{
	(void)state;
	tuning_profiles(&tu);
	tuning_key(&tu, &snap, '1');
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tt_get(TW), 10);
	/* the session ends without undoing: as after a crash */
	tuning_free(&tu);
	tt_init_tuning(false);
	assert_int_equal(tuning_review(&tu), 8);
	assert_int_equal(tu.mode, TM_CONFIRM);
	const char *text = tt_dialog_text(76);
	tt_assert_contains(text, "An earlier session left 8 changes in force");
	tt_assert_contains(text, "tcp_timeout_time_wait   now 10 (10s)");
	assert_string_equal(tu.dlg.prompt, "r: revert them all    n or Esc: keep them");
	tuning_key(&tu, &snap, 'y'); /* not an answer here */
	assert_int_equal(tu.mode, TM_CONFIRM);
	/* r alone writes nothing, it asks to be sure (a key typed before
	 * the dialog appeared must not revert) */
	tuning_key(&tu, &snap, 'r');
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(tt_get(TW), 10);
	text = tt_dialog_text(76);
	tt_assert_contains(text, "Revert the 8 changes now?");
	assert_string_equal(tu.dlg.prompt, "y: revert them now    n or Esc: keep them");
	tuning_key(&tu, &snap, 'r'); /* not an answer to that */
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(tt_get(TW), 10);
	/* n keeps them, in the journal: the next start does not ask again */
	tuning_key(&tu, &snap, 'n');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(tt_get(TW), 10);
	tuning_free(&tu);
	tt_init_tuning(false);
	assert_int_equal(tuning_review(&tu), 0);
	assert_int_equal(tu.mode, TM_IDLE);
	/* a later change, then a crash: only that one is asked about; r,
	 * then y reverts it, and what lies under it was kept */
	struct tune_plan p;
	tune_plan_init(&p, "later");
	tune_plan_add(&p, TW, 10, 20, NULL);
	struct tune_result res;
	assert_int_equal(tune_apply(&tu.t, &p, &res), TUNE_OK);
	tune_plan_free(&p);
	tuning_free(&tu);
	tt_init_tuning(false);
	assert_int_equal(tuning_review(&tu), 1);
	tuning_key(&tu, &snap, 'r');
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(tt_get(TW), 10);
	tuning_free(&tu);
	tt_init_tuning(false);
	assert_int_equal(tuning_review(&tu), 0);
	assert_int_equal(tu.mode, TM_IDLE);
	/* Esc keeps too */
	tune_plan_init(&p, "later again");
	tune_plan_add(&p, TW, 10, 25, NULL);
	assert_int_equal(tune_apply(&tu.t, &p, &res), TUNE_OK);
	tune_plan_free(&p);
	tuning_free(&tu);
	tt_init_tuning(false);
	assert_int_equal(tuning_review(&tu), 1);
	tuning_key(&tu, &snap, KEY_ESC);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(tt_get(TW), 25);
	tuning_free(&tu);
	tt_init_tuning(false);
	assert_int_equal(tuning_review(&tu), 0);
}

/* ---- the views and the title ------------------------------------------------ */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dialog_text),
		cmocka_unit_test_setup_teardown(test_invalid_values_write_nothing, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_edit_confirm_undo, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_step, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_changed_behind_back, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_max_and_buckets, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_read_only, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_profile_one_undo, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_export, tt_setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_review, tt_setup, tt_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
