/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the tuning's screens (dlg_tune*.c, dlg_delete.c) and nothing else:
 * the dashboard sees only dlg_tune.h. */
#ifndef CTDASH_TUNING_INT_H
#define CTDASH_TUNING_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "dlg_tune.h"

/* The sentence the dashboard shows after this key (its status line). */
void tuning_message(struct tuning *tu, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Said first in the dialog: why it asks again, what was adjusted. */
void tuning_note(struct tuning *tu, bool warn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A setting as the dialogs name it: timeouts short, max in full. */
const char *tuning_short_name(const char *name);
/* "in namespace 'web'", or ctdash's own. */
const char *tuning_where(const struct tuning *tu, char *buf, size_t n);
void tuning_add_note(struct tuning *tu, int width);

/* Nothing open and writes allowed (read-only says why in the status
 * line): a tuning key may open its screen. */
bool tuning_may_start(struct tuning *tu);
/* Open the confirmation of tu->plan, of kind; close it (the plan freed). */
void tuning_open_plan(struct tuning *tu, enum tuning_plan_kind kind);
void tuning_close_plan(struct tuning *tu);
/* Up, Down, PgUp, PgDn, Home, End in a dialog; false for other actions. */
bool tuning_scroll_key(struct tuning *tu, enum ui_action a);

/* Each screen: its keys and, for a dialog, its text (dlg_tune.c's table). */
void tuning_value_key(struct tuning *tu, const struct ct_snapshot *s, int key);
void tuning_confirm_key(struct tuning *tu, const struct ct_snapshot *s, int key);
void tuning_build_confirm(struct tuning *tu, const struct ct_snapshot *s, int width);
void tuning_presets_key(struct tuning *tu, const struct ct_snapshot *s, int key);
void tuning_build_presets(struct tuning *tu, const struct ct_snapshot *s, int width);
void tuning_export_path_key(struct tuning *tu, const struct ct_snapshot *s, int key);
void tuning_export_key(struct tuning *tu, const struct ct_snapshot *s, int key);
void tuning_build_export(struct tuning *tu, const struct ct_snapshot *s, int width);

void tuning_delete_key(struct tuning *tu, const struct ct_snapshot *s, int key);
void tuning_build_delete(struct tuning *tu, const struct ct_snapshot *s, int width);
void tuning_delete_stop_key(struct tuning *tu, const struct ct_snapshot *s, int key);
void tuning_build_delete_stop(struct tuning *tu, const struct ct_snapshot *s, int width);

/* The confirmation's answers: write the plan, or keep things as they are. */
void tuning_apply(struct tuning *tu);
void tuning_cancel(struct tuning *tu);
/* A key in the review's confirmation (dlg_tune_review.c). */
void tuning_review_key(struct tuning *tu, int key);

#endif
