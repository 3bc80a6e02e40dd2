/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The full-width views that take the place of the four panes: the
 * timeouts (t), the journal (J), the advice (a) and whatever is listed in
 * views.c's registry. Which one is shown, where closing it goes back to,
 * and handing each the snapshots. */
#ifndef CTDASH_VIEWS_H
#define CTDASH_VIEWS_H

#include "adviceview.h"
#include "churn.h"
#include "natview.h"
#include "nsview.h"
#include "journalview.h"
#include "listview.h"
#include "timeoutview.h"
#include "view.h"

#define VIEWS_MAX 16

struct views {
	const struct view_class *shown;  /* NULL: the panes */
	const struct view_class *back;   /* where closing the shown view returns */
	void *state[VIEWS_MAX];          /* each view's, in the registry's order */
	unsigned n;
};

/* -1 when out of memory (nothing is left allocated then). */
int views_init(struct views *v);
void views_free(struct views *v);
/* The view a key's action opens, NULL when none. */
/* The view --view ARG names, or NULL. */
const struct view_class *views_by_arg(const char *arg);
const struct view_class *views_by_action(enum ui_action a);
/* The state of view vc, as its module defines it. */
void *views_state(const struct views *v, const struct view_class *vc);
bool views_showing(const struct views *v, const struct view_class *vc);
/* Open vc; when it is the one shown, close it, back to the view it was
 * opened from (the journal opened from the timeouts goes back there). */
void views_toggle(struct views *v, const struct view_class *vc, const struct view_ctx *c);
/* Back to the panes at once. */
void views_close(struct views *v);
/* A new snapshot (c->snap is not NULL). */
void views_update(struct views *v, const struct view_ctx *c);
/* After a write: the values read again, the journal when it is shown. */
void views_wrote(struct views *v, const struct view_ctx *c);
/* The list the keys move in, NULL for the panes. */
struct panel *views_panel(struct views *v);
/* "the timeouts", … for messages. */
const char *views_name(const struct views *v);
/* What the keys do in the shown view, for the status line. */
const struct key_hint *views_hints(const struct views *v);
/* Give a key to the shown view first: true when it took it. */
bool views_key(struct views *v, int key, enum ui_action a);
void views_draw(struct views *v, struct rect r);
/* The shown view's own status line, when it has one now: true if drawn. */
bool views_status(struct views *v, struct rect r);

#endif
