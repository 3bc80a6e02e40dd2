/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tuning's state and its screens' table: which screen is open, who
 * gets a key, who builds the dialog. The screens themselves are one
 * module each: dlg_tune_value.c, dlg_tune_confirm.c, dlg_tune_review.c,
 * dlg_tune_presets.c, dlg_tune_export.c. */
#include "dlg_tune.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/bufprintf.h"
#include "collect/timeout_fresh.h"
#include "model/labels.h"
#include "dlg_tune_int.h"

/* Dialogs wider than this are hard to read even on a wide terminal. */
#define DIALOG_MAX_COLS 100

/* One line a screen: its keys, and its dialog (NULL for an input line,
 * drawn in the status line). */
static const struct screen {
	void (*key)(struct tuning *tu, const struct ct_snapshot *s, int key);
	void (*build)(struct tuning *tu, const struct ct_snapshot *s, int width);
} screens[] = {
	[TM_INPUT] = { tuning_value_key, NULL },
	[TM_CONFIRM] = { tuning_confirm_key, tuning_build_confirm },
	[TM_PROFILES] = { tuning_presets_key, tuning_build_presets },
	[TM_EXPORT_PATH] = { tuning_export_path_key, NULL },
	[TM_EXPORT] = { tuning_export_key, tuning_build_export },
	[TM_DELETE] = { tuning_delete_key, tuning_build_delete },
	[TM_DELETE_STOP] = { tuning_delete_stop_key, tuning_build_delete_stop },
};

void tuning_message(struct tuning *tu, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(tu->msg, sizeof tu->msg, fmt, ap);
	va_end(ap);
	tu->msg_error = error;
	tu->msg_new = true;
}

void tuning_note(struct tuning *tu, bool warn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(tu->note, sizeof tu->note, fmt, ap);
	va_end(ap);
	tu->note_warn = warn;
}

const char *tuning_short_name(const char *name)
{
	/* nf_conntrack_max keeps its full name: "max" alone says nothing */
	return tune_target_of(name) == TUNE_TIMEOUT ? sysctl_short_name(name) : name;
}

void tuning_init(struct tuning *tu, const char *ns_label, const char *journal, bool read_only)
{
	memset(tu, 0, sizeof *tu);
	tune_init(&tu->t, ns_label, journal, read_only);
	timeout_defaults_load(&tu->defaults);
	snprintf(tu->exp_path[0], sizeof tu->exp_path[0], "%s", EXPORT_SYSCTL_PATH);
	snprintf(tu->exp_path[1], sizeof tu->exp_path[1], "%s", EXPORT_MODPROBE_PATH);
}

void tuning_close_plan(struct tuning *tu)
{
	tune_plan_free(&tu->plan);
	tu->note[0] = '\0';
	tu->note_warn = false;
	tu->profile = NULL;
	tu->review_sure = false;
	tu->dlg.top = 0;
	tu->mode = TM_IDLE;
}

void tuning_free(struct tuning *tu)
{
	/* a delete under way stops after its current entry; the journal
	 * records how many it left */
	ctdel_job_stop(tu->del_job);
	ctdel_job_end(tu->del_job);
	tu->del_job = NULL;
	tuning_close_plan(tu);
	tune_free(&tu->t);
}

bool tuning_busy(const struct tuning *tu)
{
	return tu->mode != TM_IDLE;
}

const char *tuning_refused(const struct tuning *tu, char *buf, size_t n)
{
	const char *ro = tune_writes_refused(&tu->t);
	if (ro)
		return buf_printf(buf, n, "%s", ro);
	/* every timeout sysctl of a namespace has the same owner and mode */
	return tune_refusal(&tu->t, "nf_conntrack_tcp_timeout_established", buf, n);
}

void tuning_open_plan(struct tuning *tu, enum tuning_plan_kind kind)
{
	tu->kind = kind;
	tu->dlg.top = 0;
	tu->mode = TM_CONFIRM;
}

bool tuning_scroll_key(struct tuning *tu, enum ui_action a)
{
	int rows = LINES > 0 ? LINES : 24;
	int page = dialog_visible(&tu->dlg, rows) > 1 ? dialog_visible(&tu->dlg, rows) - 1 : 1;
	int delta;
	switch (a) {
	case ACT_UP: delta = -1; break;
	case ACT_DOWN: delta = 1; break;
	case ACT_PAGE_UP: delta = -page; break;
	case ACT_PAGE_DOWN: delta = page; break;
	case ACT_HOME: delta = -tu->dlg.n; break;
	case ACT_END: delta = tu->dlg.n; break;
	default: return false;
	}
	/* clamped when the dialog is next built, against its real length */
	tu->dlg.top += delta;
	if (tu->dlg.top < 0)
		tu->dlg.top = 0;
	return true;
}

static const struct ct_snapshot *or_empty(const struct ct_snapshot *s)
{
	static const struct ct_snapshot none;
	return s ? s : &none;
}

const char *tuning_where(const struct tuning *tu, char *buf, size_t n)
{
	if (tu->t.ns[0])
		snprintf(buf, n, "in namespace '%s'", tu->t.ns);
	else
		snprintf(buf, n, "in ctdash's own namespace");
	return buf;
}

void tuning_add_note(struct tuning *tu, int width)
{
	if (!tu->note[0])
		return;
	dialog_add_wrapped(&tu->dlg, "", tu->note, width);
	dialog_add(&tu->dlg, "%s", "");
}

bool tuning_may_start(struct tuning *tu)
{
	if (tu->mode != TM_IDLE)
		return false;
	const char *ro = tune_writes_refused(&tu->t);
	if (ro)
		tuning_message(tu, true, "%s", ro);
	return !ro;
}

void tuning_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	tu->applied = false;
	if (tu->mode != TM_IDLE && screens[tu->mode].key)
		screens[tu->mode].key(tu, s, key);
}

void tuning_build_dialog(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	int top = tu->dlg.top;
	if (tu->mode != TM_IDLE && screens[tu->mode].build)
		screens[tu->mode].build(tu, or_empty(s), width);
	else
		dialog_open(&tu->dlg, "", false);
	tu->dlg.top = top;
}

void tuning_draw(struct tuning *tu, const struct ct_snapshot *s, struct rect status,
		 int rows, int cols)
{
	if (tu->mode == TM_IDLE)
		return;
	if (!screens[tu->mode].build) {
		input_draw(&tu->in, status);
		return;
	}
	int width = (cols < DIALOG_MAX_COLS ? cols : DIALOG_MAX_COLS) - 4;
	tuning_build_dialog(tu, s, width);
	dialog_scroll(&tu->dlg, 0, rows);
	dialog_draw(&tu->dlg, rows, cols);
}
