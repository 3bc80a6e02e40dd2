/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tuning keys without a terminal: the value line (what it refuses and
 * why), the confirmation's text, y and n, compare-and-set asking again,
 * undo, presets, export and the review of an earlier session's changes,
 * all through ui/dlg_tune.c against temporary files standing in for
 * /proc/sys and /sys/module, so nf_conntrack_max and the bucket count
 * can be changed too. Plus the text helpers the dialogs are made of, the
 * views (which one shows, rows read again after a write, the journal
 * newest first, advice offered as an edit) and the title's pieces. */
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

#include "model/analysis.h"
#include "ui/dlg_box.h"
#include "write/journal.h"
#include "write/profiles.h"
#include "ui/text.h"
#include "ui/title.h"
#include "ui/dlg_tune.h"
#include "ui/views.h"
#include "write/typed.h"

#define TW "nf_conntrack_tcp_timeout_time_wait"
#define PREFIX "nf_conntrack_"

/* Every timeout the router preset sets, and their kernel defaults. */
static const struct { const char *name; long def; } timeouts[] = {
	{ PREFIX "icmp_timeout", 30 },
	{ PREFIX "tcp_timeout_close_wait", 60 },
	{ PREFIX "tcp_timeout_established", 432000 },
	{ PREFIX "tcp_timeout_fin_wait", 120 },
	{ PREFIX "tcp_timeout_last_ack", 30 },
	{ PREFIX "tcp_timeout_syn_recv", 60 },
	{ PREFIX "tcp_timeout_syn_sent", 120 },
	{ PREFIX "tcp_timeout_time_wait", 120 },
};
#define NTIMEOUTS (sizeof timeouts / sizeof timeouts[0])

static char dir[64];
static struct tuning tu;      /* large: not on the stack */
static struct ct_snapshot snap;

static void path_of(const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static void put(const char *name, unsigned long long v)
{
	char path[PATH_MAX];
	path_of(name, path, sizeof path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%llu\n", v);
	fclose(f);
}

static unsigned long long get(const char *name)
{
	char path[PATH_MAX];
	path_of(name, path, sizeof path);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	unsigned long long v = 0;
	assert_int_equal(fscanf(f, "%llu", &v), 1);
	fclose(f);
	return v;
}

/* Records of a kind in the journal. */
static unsigned records(enum journal_kind kind)
{
	char path[PATH_MAX];
	struct journal_log log;
	path_of("state/journal", path, sizeof path);
	assert_int_equal(journal_read(path, &log), 0);
	unsigned n = 0;
	for (size_t i = 0; i < log.n; i++)
		n += log.rec[i].kind == kind;
	journal_log_free(&log);
	return n;
}

/* A snapshot as the sampler would make it of those files. */
static void make_snapshot(void)
{
	memset(&snap, 0, sizeof snap);
	snap.complete = true;
	snap.count = snap.tally.entries = 1200;
	snap.tally.l4[6] = 1200;
	snap.tally.tcp[CT_TCP_TIME_WAIT] = 1200;
	snap.max = get("nf_conntrack_max");
	snap.buckets = snap.hashsize = get("hashsize");
	snap.entry_size = 256;
	snap.entry_size_measured = true;
	snap.ram_bytes = 8ULL << 30;
	snap.word_bits = 64;
	snprintf(snap.kernel, sizeof snap.kernel, "6.18.0");
	for (unsigned i = 0; i < NTIMEOUTS; i++) {
		snprintf(snap.timeouts[i].name, CT_SYSCTL_NAME_MAX, "%s", timeouts[i].name);
		snap.timeouts[i].value = (long)get(timeouts[i].name);
	}
	snap.ntimeouts = NTIMEOUTS;
	analyse(&snap);
}

static void init_tuning(bool read_only)
{
	char journal[PATH_MAX];
	path_of("state/journal", journal, sizeof journal);
	tuning_init(&tu, "web", journal, read_only);
	snprintf(tu.t.sysctl_dir, sizeof tu.t.sysctl_dir, "%s", dir);
	path_of("nf_conntrack_max", tu.t.max_path, sizeof tu.t.max_path);
	path_of("hashsize", tu.t.hashsize_path, sizeof tu.t.hashsize_path);
	tu.t.initial_ns = 1;
	/* the defaults as the kernel has them, whatever this host runs */
	timeout_defaults_builtin(&tu.defaults);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ctdash-test-tune-ui-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	for (unsigned i = 0; i < NTIMEOUTS; i++)
		put(timeouts[i].name, (unsigned long long)timeouts[i].def);
	put("nf_conntrack_max", 262144);
	put("hashsize", 65536);
	make_snapshot();
	init_tuning(false);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tuning_free(&tu);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void type(const char *text)
{
	for (; *text; text++)
		tuning_key(&tu, &snap, (unsigned char)*text);
}

static void clear_and_type(const char *text)
{
	tuning_key(&tu, &snap, 21); /* ^U */
	type(text);
	tuning_key(&tu, &snap, '\r');
}

/* The dialog's lines as one text, for looking things up. */
static const char *dialog_text(int width)
{
	static char all[DIALOG_LINES * (DIALOG_WIDTH + 1)];
	tuning_build_dialog(&tu, &snap, width);
	snprintf(all, sizeof all, "%s\n", tu.dlg.title);
	for (int i = 0; i < tu.dlg.n; i++) {
		strcat(all, tu.dlg.lines[i]);
		strcat(all, "\n");
	}
	return all;
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in:\n%s", part, text);
}

/* ---- text helpers ------------------------------------------------------- */

static void test_wrap(void **state)
{
	(void)state;
	int next;
	assert_int_equal(text_wrap("short", 10, &next), 5);
	assert_int_equal(next, 5);
	/* at the last space that fits; the next line starts past the spaces */
	assert_int_equal(text_wrap("one two  three", 9, &next), 7);
	assert_string_equal("one two  three" + next, "three");
	/* a word longer than the line is cut */
	assert_int_equal(text_wrap("abcdefghij", 4, &next), 4);
	assert_int_equal(next, 4);
	/* a newline ends the line, also one past a space that would fit */
	assert_int_equal(text_wrap("ab\ncd", 10, &next), 2);
	assert_int_equal(next, 3);
	assert_int_equal(text_wrap("ab cd\nefghijkl", 8, &next), 5);
	assert_int_equal(next, 6);
	assert_int_equal(text_wrap("abcd\n", 4, &next), 4);
	assert_int_equal(next, 5);
	assert_int_equal(text_wrap("", 10, &next), 0);
	assert_int_equal(next, 0);
}

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
		clear_and_type(bad[i].typed);
		assert_int_equal(tu.mode, TM_INPUT);
		if (!strstr(tu.in.error, bad[i].why))
			fail_msg("'%s': error '%s', expected '%s'", bad[i].typed, tu.in.error, bad[i].why);
	}
	assert_int_equal(get(TW), 120);
	/* Escape: nothing written, no journal either */
	tuning_key(&tu, &snap, 27);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "nothing was written"));
	assert_int_equal(get(TW), 120);
	char path[PATH_MAX];
	path_of("state/journal", path, sizeof path);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_edit_confirm_undo(void **state)
{
	(void)state;
	tuning_edit(&tu, TW, NULL);
	clear_and_type("10");
	assert_int_equal(tu.mode, TM_CONFIRM);
	const char *text = dialog_text(76);
	assert_contains(text, "net.netfilter." TW " in namespace 'web'");
	assert_contains(text, "120 (2m)  ->  10 (10s)");
	assert_contains(text, "Entries in TIME_WAIT now: 1,200");
	assert_contains(text, "keep their current timer until their next");
	assert_contains(text, "ip netns exec web sysctl -w \\\n");
	assert_contains(text, "net.netfilter." TW "=10");
	/* n cancels */
	tuning_key(&tu, &snap, 'n');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(get(TW), 120);

	tuning_edit(&tu, TW, NULL);
	clear_and_type("10");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_true(tu.applied && tu.wrote);
	assert_false(tu.msg_error);
	assert_non_null(strstr(tu.msg, "120 -> 10, read back 10"));
	assert_int_equal(get(TW), 10);
	assert_int_equal(records(JOURNAL_APPLY), 1);

	/* 2m, then u twice: back to 10, then to 120 */
	tuning_edit(&tu, TW, NULL);
	clear_and_type("2m");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(get(TW), 120);
	tuning_undo(&tu, false);
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_contains(dialog_text(76), "Undo the last change? (1 change)");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(get(TW), 10);
	tuning_undo(&tu, false);
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(get(TW), 120);
	assert_int_equal(records(JOURNAL_UNDO), 2);
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
	assert_int_equal(get(TW), 60);
	put(TW, 1);
	tuning_step(&tu, TW, -1);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_non_null(strstr(tu.msg, "bottom step"));
}

static void test_changed_behind_back(void **state)
{
	(void)state;
	tuning_edit(&tu, TW, NULL);
	clear_and_type("30s");
	put(TW, 77); /* someone else, while the dialog is open */
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(get(TW), 77);
	assert_true(tu.msg_error);
	const char *text = dialog_text(76);
	assert_contains(text, "is now 77, not 120 as shown");
	assert_contains(text, "77 (1m17s)  ->  30 (30s)");
	assert_int_equal(records(JOURNAL_APPLY), 0);
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(get(TW), 30);
}

static void test_max_and_buckets(void **state)
{
	(void)state;
	tuning_edit(&tu, TUNE_MAX_NAME, NULL);
	assert_non_null(strstr(tu.in.prompt, "now 262,144"));
	clear_and_type("1,000x");
	assert_non_null(strstr(tu.in.error, "not a whole number"));
	clear_and_type("524,288");
	assert_int_equal(tu.mode, TM_CONFIRM);
	const char *text = dialog_text(76);
	assert_contains(text, "262,144  ->  524,288");
	assert_contains(text, "Entries now: 1,200");
	assert_contains(text, "max/buckets becomes 8.00");
	assert_contains(text, "256 bytes per entry from slabinfo");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(get("nf_conntrack_max"), 524288);

	tuning_edit(&tu, TUNE_HASHSIZE_NAME, NULL);
	/* too many: refused for that, not for a rounding that wrapped */
	clear_and_type("18446744073709551615");
	assert_non_null(strstr(tu.in.error, "at most"));
	clear_and_type("0");
	assert_non_null(strstr(tu.in.error, "at least 1 bucket"));
	clear_and_type("100000");
	assert_int_equal(tu.mode, TM_CONFIRM);
	long page = sysconf(_SC_PAGESIZE);
	unsigned long long want = typed_round_buckets(100000, page);
	assert_int_equal(tu.plan.c[0].want, want);
	text = dialog_text(76);
	if (want != 100000)
		assert_contains(text, "Rounded up from 100,000");
	assert_contains(text, "Change the bucket count?");
	assert_contains(text, "load factor");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(get("hashsize"), want);

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
	init_tuning(true);
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
	assert_int_equal(get(TW), 120);
}

static void test_profile_one_undo(void **state)
{
	(void)state;
	tuning_profiles(&tu);
	assert_int_equal(tu.mode, TM_PROFILES);
	assert_contains(dialog_text(76), "1  Short timeouts");
	tuning_key(&tu, &snap, '1');
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(tu.plan.n, 8);
	const char *text = dialog_text(76);
	assert_contains(text, "Apply the preset 'router-example'? (8 changes)");
	assert_contains(text, "not a recommendation");
	assert_contains(text, "tcp_timeout_established 432000 (5d) -> 600 (10m)");
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(get(PREFIX "tcp_timeout_established"), 600);
	assert_int_equal(get(PREFIX "icmp_timeout"), 10);
	assert_int_equal(get(TW), 10);
	/* one u reverts all of it */
	tuning_undo(&tu, false);
	assert_int_equal(tu.plan.n, 8);
	tuning_key(&tu, &snap, 'y');
	for (unsigned i = 0; i < NTIMEOUTS; i++)
		assert_int_equal(get(timeouts[i].name), timeouts[i].def);
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
	put(TW, 10);
	put("hashsize", 131072);
	make_snapshot(); /* the buckets differ from the default now */
	tuning_export(&tu, &snap);
	assert_int_equal(tu.mode, TM_EXPORT_PATH);
	assert_string_equal(tu.in.text, "/etc/sysctl.d/90-conntrack.conf");
	clear_and_type("relative.conf");
	assert_non_null(strstr(tu.in.error, "absolute path"));
	clear_and_type("/nonexistent-ctdash-dir/x.conf");
	assert_non_null(strstr(tu.in.error, "no directory"));
	path_of("90-conntrack.conf", conf, sizeof conf);
	path_of("nf_conntrack.conf", mod, sizeof mod);
	clear_and_type(conf);
	assert_int_equal(tu.mode, TM_EXPORT_PATH); /* the modprobe.d file next */
	assert_string_equal(tu.in.text, "/etc/modprobe.d/nf_conntrack.conf");
	clear_and_type(mod);
	assert_int_equal(tu.mode, TM_EXPORT);
	const char *text = dialog_text(76);
	assert_contains(text, "net.netfilter." TW " = 10");
	assert_contains(text, "options nf_conntrack hashsize=131072");
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
	assert_int_equal(get(TW), 10);
	/* the session ends without undoing: as after a crash */
	tuning_free(&tu);
	init_tuning(false);
	assert_int_equal(tuning_review(&tu), 8);
	assert_int_equal(tu.mode, TM_CONFIRM);
	const char *text = dialog_text(76);
	assert_contains(text, "An earlier session left 8 changes in force");
	assert_contains(text, "tcp_timeout_time_wait   now 10 (10s)");
	assert_string_equal(tu.dlg.prompt, "r: revert them all    n or Esc: keep them");
	tuning_key(&tu, &snap, 'y'); /* not an answer here */
	assert_int_equal(tu.mode, TM_CONFIRM);
	/* r alone writes nothing, it asks to be sure (a key typed before
	 * the dialog appeared must not revert) */
	tuning_key(&tu, &snap, 'r');
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(get(TW), 10);
	text = dialog_text(76);
	assert_contains(text, "Revert the 8 changes now?");
	assert_string_equal(tu.dlg.prompt, "y: revert them now    n or Esc: keep them");
	tuning_key(&tu, &snap, 'r'); /* not an answer to that */
	assert_int_equal(tu.mode, TM_CONFIRM);
	assert_int_equal(get(TW), 10);
	/* n keeps them, in the journal: the next start does not ask again */
	tuning_key(&tu, &snap, 'n');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(get(TW), 10);
	tuning_free(&tu);
	init_tuning(false);
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
	init_tuning(false);
	assert_int_equal(tuning_review(&tu), 1);
	tuning_key(&tu, &snap, 'r');
	tuning_key(&tu, &snap, 'y');
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(get(TW), 10);
	tuning_free(&tu);
	init_tuning(false);
	assert_int_equal(tuning_review(&tu), 0);
	assert_int_equal(tu.mode, TM_IDLE);
	/* Esc keeps too */
	tune_plan_init(&p, "later again");
	tune_plan_add(&p, TW, 10, 25, NULL);
	assert_int_equal(tune_apply(&tu.t, &p, &res), TUNE_OK);
	tune_plan_free(&p);
	tuning_free(&tu);
	init_tuning(false);
	assert_int_equal(tuning_review(&tu), 1);
	tuning_key(&tu, &snap, KEY_ESC);
	assert_int_equal(tu.mode, TM_IDLE);
	assert_int_equal(get(TW), 25);
	tuning_free(&tu);
	init_tuning(false);
	assert_int_equal(tuning_review(&tu), 0);
}

/* ---- the views and the title ------------------------------------------------ */

/* The view context as the dashboard builds it, for a snapshot begun at
 * started and a write at now. */
static struct view_ctx ctx_at(double started, double now)
{
	return (struct view_ctx){ .snap = &snap, .started = started, .now = now,
				  .defaults = &tu.defaults, .tune = &tu.t,
				  .journal_path = tu.t.journal_path };
}

static void test_views(void **state)
{
	(void)state;
	static struct views v;
	assert_int_equal(views_init(&v), 0);
	struct timeout_pane *tp = views_state(&v, &timeouts_view);
	struct journal_pane *jp = views_state(&v, &journal_view);
	struct view_ctx c = ctx_at(1.0, 1.0);
	assert_null(views_panel(&v));
	/* the keys find their views */
	assert_ptr_equal(views_by_action(ACT_TIMEOUTS), &timeouts_view);
	assert_ptr_equal(views_by_action(ACT_JOURNAL), &journal_view);
	assert_ptr_equal(views_by_action(ACT_ADVICE), &advice_view);
	assert_null(views_by_action(ACT_QUIT));
	/* t, then J from there: J goes back to the timeouts, Esc to the panes */
	views_toggle(&v, &timeouts_view, &c);
	assert_ptr_equal(views_panel(&v), &tp->panel);
	views_toggle(&v, &journal_view, &c);
	assert_true(views_showing(&v, &journal_view));
	assert_string_equal(views_name(&v), "the journal");
	views_toggle(&v, &journal_view, &c);
	assert_true(views_showing(&v, &timeouts_view));
	views_toggle(&v, &timeouts_view, &c);
	assert_null(v.shown);
	assert_string_equal(views_name(&v), "the panes");
	views_toggle(&v, &advice_view, &c);
	/* none of these has a line of its own for the status line: hints */
	assert_false(views_status(&v, (struct rect){ 23, 0, 1, 80 }));
	assert_non_null(views_hints(&v));
	views_close(&v);
	assert_false(views_status(&v, (struct rect){ 23, 0, 1, 80 }));
	assert_null(views_hints(&v));
	assert_null(v.shown);

	/* the timeouts' rows, searched by their short names; after a write the
	 * values are read again, also from a snapshot begun before it */
	views_update(&v, &c);
	assert_int_equal(tp->n, (int)NTIMEOUTS);
	assert_int_equal(tp->differ, 0);
	int row = panel_find(&tp->panel, "time_wait", 0);
	assert_true(row >= 0);
	assert_string_equal(tp->rows[row].name, TW);
	put(TW, 10);
	c = ctx_at(1.0, 2.0);
	views_wrote(&v, &c);
	assert_int_equal(tp->rows[row].value, 10);
	assert_true(tp->rows[row].differs);
	c = ctx_at(1.5, 2.0);
	views_update(&v, &c); /* snap still says 120 */
	assert_int_equal(tp->rows[row].value, 10);
	assert_int_equal(tp->differ, 1);
	c = ctx_at(2.5, 3.0);
	views_update(&v, &c); /* newer: taken as it is */
	assert_int_equal(tp->rows[row].value, 120);

	/* the journal, newest first */
	tuning_edit(&tu, TW, NULL);
	clear_and_type("30");
	tuning_key(&tu, &snap, 'y');
	tuning_undo(&tu, false);
	tuning_key(&tu, &snap, 'y');
	views_toggle(&v, &journal_view, &c);
	assert_int_equal(jp->panel.nrows, 2);
	assert_int_equal(journal_pane_record(jp, 0)->kind, JOURNAL_UNDO);
	assert_int_equal(journal_pane_record(jp, 1)->kind, JOURNAL_APPLY);
	assert_null(journal_pane_record(jp, 2));

	/* advice that names a setting offers it with the value as typed */
	struct advice a = { .level = ADVICE_WARN, .sysctl = TW, .suggested = 30 };
	char value[32];
	assert_string_equal(advice_setting(&a, value, sizeof value), TW);
	assert_string_equal(value, "30s");
	snprintf(a.sysctl, sizeof a.sysctl, "hashsize");
	a.suggested = 131072;
	assert_string_equal(advice_setting(&a, value, sizeof value), "hashsize");
	assert_string_equal(value, "131072");
	a.sysctl[0] = '\0';
	assert_null(advice_setting(&a, value, sizeof value));
	views_free(&v);
}

static void test_title(void **state)
{
	(void)state;
	struct title_info ti = {
		.host = "web1", .netns = "", .kernel = "6.18", .interval_ms = 2000,
		.effective_ms = 2000, .advice = 2, .advice_alert = true, .demo = true,
		.demo_rate = 500,
	};
	struct title_piece p[14];
	int n = title_pieces(&ti, p, 14);
	bool advice = false, demo = false;
	for (int i = 0; i < n; i++) {
		advice |= strcmp(p[i].text, "advice 2 (a)") == 0 && p[i].alert;
		demo |= strcmp(p[i].text, "demo 500 flows/s") == 0;
	}
	assert_true(advice && demo);
	ti.advice = 0;
	ti.demo = false;
	n = title_pieces(&ti, p, 14);
	for (int i = 0; i < n; i++)
		assert_true(!strstr(p[i].text, "advice") && !strstr(p[i].text, "demo"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_dialog_text),
		cmocka_unit_test_setup_teardown(test_invalid_values_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_confirm_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_behind_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_and_buckets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_one_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_views, setup, teardown),
		cmocka_unit_test(test_title),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
