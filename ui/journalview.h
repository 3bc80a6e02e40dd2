/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The journal view (J): every change ctdash recorded, newest first, as a
 * list that / searches by setting; below it, the selected record in full. */
#ifndef CTDASH_JOURNALPANE_H
#define CTDASH_JOURNALPANE_H

#include <stdbool.h>

#include "write/journal.h"
#include "layout.h"
#include "panel.h"
#include "view.h"

struct journal_pane {
	struct panel panel;
	struct journal_log log;
	bool have_log;
	int err;          /* journal_read's error, 0 when read */
	char path[512];
};

void journal_pane_init(struct journal_pane *jp);
void journal_pane_free(struct journal_pane *jp);
/* Read the journal at path again (the selection stays on its row). */
void journal_pane_load(struct journal_pane *jp, const char *path);
/* The record shown at row (newest first), NULL past the end. */
const struct journal_rec *journal_pane_record(const struct journal_pane *jp, int row);
void journal_pane_draw(struct journal_pane *jp, struct rect r, bool focused);

/* The pane as a full-width view (registered in views.c). */
extern const struct view_class journal_view;

#endif
