/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The confirmation before a write: one change in full (what, old -> new,
 * the entries concerned, the command that does the same), or a plan of
 * several (a preset, an undo, the review of an earlier session's
 * changes); y applies it through the core's one write path, n or Esc
 * cancels. u and U plan their undo here too. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/format.h"
#include "dlg_tune_int.h"
#include "write/confirm.h"

void tuning_undo(struct tuning *tu, bool all)
{
	if (!tuning_may_start(tu))
		return;
	int ret = all ? tune_plan_undo_all(&tu->t, &tu->plan) : tune_plan_undo_last(&tu->t, &tu->plan);
	if (ret == -ENOENT) {
		tuning_message(tu, false, tu->t.ndone ? "nothing left to undo: every change of this session is undone" :
			"nothing to undo: this session has changed nothing");
		tune_plan_free(&tu->plan);
		return;
	}
	if (ret < 0) {
		tuning_message(tu, true, "cannot plan the undo: %s", strerror(-ret));
		tune_plan_free(&tu->plan);
		return;
	}
	/* the result reads "<title> undone: N changes reverted" */
	snprintf(tu->plan.title, sizeof tu->plan.title, "%s",
		 all ? "this session's changes" : "the last change");
	tu->undo_all = all;
	tuning_open_plan(tu, TPK_UNDO);
}

void tuning_apply(struct tuning *tu)
{
	struct tune_result res;
	double t0 = mono_ms();
	enum tune_status st = tune_apply(&tu->t, &tu->plan, &res);
	tu->apply_ms = mono_ms() - t0;
	tu->applied = true;
	tu->wrote = true;
	if (st == TUNE_CHANGED && res.index >= 0) {
		/* compare-and-set: show the value there now and ask again */
		tune_plan_rebase(&tu->plan, (unsigned)res.index, res.current);
		tuning_note(tu, true, "%s The dialog now shows that value: answer again.", res.msg);
		tu->dlg.top = 0;
		tuning_message(tu, true, "changed behind ctdash's back: nothing was written; asking again");
		return;
	}
	tuning_message(tu, st != TUNE_OK, "%s", res.msg);
	bool review = tu->kind == TPK_REVIEW && st == TUNE_OK;
	tuning_close_plan(tu);
	/* a change reverted can uncover an older one of the same setting,
	 * in force again: the review goes on until none is left */
	int more = review ? tuning_review(tu) : 0;
	if (more > 0 && tu->mode == TM_CONFIRM)
		tuning_note(tu, false, "Reverted. Under those, %d earlier %s of the journal %s in force "
		     "now:", more, plural((uint64_t)more, "change", "changes"), plural((uint64_t)more, "is", "are"));
}

void tuning_cancel(struct tuning *tu)
{
	char err[400];
	if (tu->kind == TPK_REVIEW && tune_keep(&tu->t, &tu->plan, err, sizeof err) < 0)
		tuning_message(tu, true, "kept the %u %s of the earlier session, but %s: the "
			"next start asks again", tu->plan.n, plural(tu->plan.n, "change", "changes"), err);
	else if (tu->kind == TPK_REVIEW)
		tuning_message(tu, false, "kept the %u %s of the earlier session (journalled: "
			"not asked again); ctdash --undo-last reverts them later, one transaction at a "
			"time", tu->plan.n, plural(tu->plan.n, "change", "changes"));
	else
		tuning_message(tu, false, "cancelled: nothing was written");
	tuning_close_plan(tu);
}

void tuning_confirm_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	(void)s;
	if (tuning_scroll_key(tu, keys_action(key)))
		return;
	if (tu->kind == TPK_REVIEW)
		tuning_review_key(tu, key);
	else if (dialog_key(&tu->dlg, key) == DIALOG_YES)
		tuning_apply(tu);
	else if (dialog_key(&tu->dlg, key) == DIALOG_NO)
		tuning_cancel(tu);
}

static void add_entries(struct dialog *d, const struct confirm_info *ci, int width)
{
	char n[32], line[200];
	if (ci->entries < 0 && ci->entries_what[0])
		snprintf(line, sizeof line, "Entries concerned: %s", ci->entries_what);
	else if (ci->entries >= 0 && strcmp(ci->entries_what, "entries now") == 0)
		snprintf(line, sizeof line, "Entries now: %s", fmt_count(n, sizeof n, (uint64_t)ci->entries));
	else if (ci->entries >= 0)
		snprintf(line, sizeof line, "Entries in %s now: %s", ci->entries_what,
			 fmt_count(n, sizeof n, (uint64_t)ci->entries));
	else
		return;
	dialog_add_wrapped(d, "", line, width);
}

static void build_change(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	const struct tune_change *c = &tu->plan.c[0];
	struct confirm_info ci;
	char title[96], place[200], path[300];
	confirm_describe(&tu->t, s, c, &ci);
	enum tune_target target = tune_target_of(c->name);
	snprintf(title, sizeof title, "Change %s?",
		 target == TUNE_HASHSIZE ? "the bucket count" : tuning_short_name(c->name));
	dialog_open(&tu->dlg, title, tu->note_warn);
	tuning_add_note(tu, width);
	if (target == TUNE_HASHSIZE)
		snprintf(path, sizeof path, "%s (global)", tu->t.hashsize_path);
	else
		snprintf(path, sizeof path, "net.netfilter.%s %s", c->name,
			 target == TUNE_MAX ? "(global)" : tuning_where(tu, place, sizeof place));
	dialog_add_wrapped(&tu->dlg, "", path, width);
	dialog_add(&tu->dlg, "    %s  ->  %s", ci.old_text, ci.new_text);
	add_entries(&tu->dlg, &ci, width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add_wrapped(&tu->dlg, "", ci.detail, width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add(&tu->dlg, "The same by hand:");
	dialog_add_command(&tu->dlg, "  ", ci.command, width);
}

static void plan_title(const struct tuning *tu, char *buf, size_t n)
{
	unsigned k = tu->plan.n;
	const char *s = plural(k, "change", "changes");
	switch (tu->kind) {
	case TPK_PROFILE:
		snprintf(buf, n, "Apply the preset '%s'? (%u %s)", tu->profile ? tu->profile->id : "",
			 k, s);
		break;
	case TPK_REVIEW:
		if (tu->review_sure)
			snprintf(buf, n, "Revert the %u %s now?", k, s);
		else
			snprintf(buf, n, "An earlier session left %u %s in force", k, s);
		break;
	default:
		snprintf(buf, n, "%s? (%u %s)", tu->undo_all ? "Undo everything this session changed" :
			 "Undo the last change", k, s);
	}
}

/* Column widths of the plan's lines. */
struct plan_cols {
	int name, old, new;
};

static struct plan_cols plan_columns(struct tuning *tu, const struct ct_snapshot *s)
{
	struct plan_cols w = { 0, 0, 0 };
	for (unsigned i = 0; i < tu->plan.n; i++) {
		struct confirm_info ci;
		confirm_describe(&tu->t, s, &tu->plan.c[i], &ci);
		int n = (int)strlen(tuning_short_name(tu->plan.c[i].name));
		w.name = n > w.name ? n : w.name;
		w.old = (int)strlen(ci.old_text) > w.old ? (int)strlen(ci.old_text) : w.old;
		w.new = (int)strlen(ci.new_text) > w.new ? (int)strlen(ci.new_text) : w.new;
	}
	return w;
}

/* One line a change: name, old -> new, the entries it concerns. */
static void add_change_line(struct tuning *tu, const struct ct_snapshot *s, unsigned i,
			    const struct plan_cols *w)
{
	const struct tune_change *c = &tu->plan.c[i];
	struct confirm_info ci;
	char n[32], entries[64] = "", when[32];
	confirm_describe(&tu->t, s, c, &ci);
	if (ci.entries >= 0 && tune_target_of(c->name) == TUNE_TIMEOUT)
		snprintf(entries, sizeof entries, "  %s %s", fmt_count(n, sizeof n, (uint64_t)ci.entries),
			 ci.entries_what);
	if (tu->kind == TPK_REVIEW) {
		time_t t = (time_t)tu->review_when[i];
		struct tm tm;
		strftime(when, sizeof when, "%m-%d %H:%M", localtime_r(&t, &tm));
		dialog_add(&tu->dlg, "  %-*s now %-*s before %-*s set %s", w->name, tuning_short_name(c->name),
			   w->old, ci.old_text, w->new, ci.new_text, when);
	} else {
		dialog_add(&tu->dlg, "  %-*s %*s -> %-*s%s", w->name, tuning_short_name(c->name), w->old,
			   ci.old_text, w->new, ci.new_text, entries);
	}
}

static void build_plan(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	char title[128], place[200];
	plan_title(tu, title, sizeof title);
	dialog_open(&tu->dlg, title, tu->note_warn);
	tuning_add_note(tu, width);
	if (tu->kind == TPK_REVIEW) {
		char intro[900];
		snprintf(intro, sizeof intro, "The journal %s records these changes, still in force %s "
			 "(newest first):", tu->t.journal_path, tuning_where(tu, place, sizeof place));
		dialog_add_wrapped(&tu->dlg, "", intro, width);
	} else {
		dialog_add(&tu->dlg, "%s", tuning_where(tu, place, sizeof place));
	}
	struct plan_cols w = plan_columns(tu, s);
	bool timeouts = false;
	for (unsigned i = 0; i < tu->plan.n; i++) {
		timeouts |= tune_target_of(tu->plan.c[i].name) == TUNE_TIMEOUT;
		add_change_line(tu, s, i, &w);
	}
	dialog_add(&tu->dlg, "%s", "");
	if (timeouts)
		dialog_add_wrapped(&tu->dlg, "", "Entries already counting down keep their current timer "
				   "until their next packet; the new values apply from then on.", width);
	static const char *const how[] = {
		[TPK_PROFILE] = "All or nothing: if one write fails, the ones before it are put back. "
				"One u undoes all of it.",
		[TPK_UNDO] = "Newest first; if one fails, the undo stops there and keeps what it undid.",
		[TPK_REVIEW] = "Reverting is journalled like any change; newest first.",
	};
	dialog_add_wrapped(&tu->dlg, "", how[tu->kind], width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add(&tu->dlg, "The same by hand:");
	for (unsigned i = 0; i < tu->plan.n; i++) {
		char cmd[NS_EXEC_PREFIX_MAX + 160];
		confirm_command(&tu->t, tu->plan.c[i].name, tu->plan.c[i].want, cmd, sizeof cmd);
		dialog_add_command(&tu->dlg, "  ", cmd, width);
	}
	if (tu->kind == TPK_REVIEW)
		dialog_set_prompt(&tu->dlg, tu->review_sure ? "y: revert them now    n or Esc: keep them" :
				  "r: revert them all    n or Esc: keep them");
}

void tuning_build_confirm(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	if (tu->kind == TPK_CHANGE)
		build_change(tu, s, width);
	else
		build_plan(tu, s, width);
}
