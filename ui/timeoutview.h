/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeouts view (t): every nf_conntrack_*timeout* sysctl of the
 * namespace with its value, the kernel's default, the value in words and
 * the entries it governs now; rows that differ from the default are
 * marked. Below the list, the selected row in full and, when nothing can
 * be written, why. */
#ifndef CTDASH_TIMEOUTPANE_H
#define CTDASH_TIMEOUTPANE_H

#include <stdbool.h>

#include "layout.h"
#include "model/model.h"
#include "panel.h"
#include "view.h"
#include "model/timeouts.h"
#include "write/tune.h"

struct timeout_pane {
	struct panel panel;
	struct timeout_row rows[CT_TIMEOUT_MAX];
	int n;
	unsigned differ;        /* rows whose value is not the default */
	double fresh_after;     /* monotonic s: snapshots begun before hold older values */
	char refused[320];      /* why nothing can be written, "" when it can */
	bool builtin_defaults;  /* the defaults are the built-in table */
	bool have;              /* a snapshot came */
};

void timeout_pane_init(struct timeout_pane *tp);
/* The rows of s, a snapshot begun at started (monotonic seconds); when
 * that is before the last write, the values are read again from t. */
void timeout_pane_update(struct timeout_pane *tp, const struct ct_snapshot *s, double started,
			 const struct timeout_defaults *d, const struct tune_ctx *t);
/* After a write at monotonic time now: read every value again from t. */
void timeout_pane_reread(struct timeout_pane *tp, const struct tune_ctx *t, double now);
void timeout_pane_set_refusal(struct timeout_pane *tp, const char *why);
/* The selected row, NULL when there is none. */
const struct timeout_row *timeout_pane_selected(const struct timeout_pane *tp);
void timeout_pane_draw(struct timeout_pane *tp, struct rect r, bool focused);

/* The pane as a full-width view (registered in views.c). */
extern const struct view_class timeouts_view;

#endif
