/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The advice view (a): what the figures suggest, most urgent first, each
 * in full below the list; Enter on one that names a setting opens its
 * edit with the suggested value typed in. */
#ifndef CTDASH_ADVICEPANE_H
#define CTDASH_ADVICEPANE_H

#include <stdbool.h>

#include "model/advice.h"
#include "write/overrides.h"
#include "layout.h"
#include "model/model.h"
#include "panel.h"
#include "view.h"

struct advice_pane {
	struct panel panel;
	struct advice items[ADVICE_MAX];
	unsigned n;
	enum advice_level worst;  /* of the items, ADVICE_INFO when none */
	struct overrides ov;      /* what would undo values in force (write/overrides.h) */
	double ov_read_at;        /* monotonic seconds, 0 never */
	bool have;                /* a snapshot came */
	const struct tune_ctx *tune; /* says whether Enter's action can be done here */
};

void advice_pane_init(struct advice_pane *ap);
/* rates: what rose since the snapshot before, NULL when not known */
void advice_pane_update(struct advice_pane *ap, const struct ct_snapshot *s,
			const struct advice_rates *rates);
const struct advice *advice_pane_selected(const struct advice_pane *ap);
/* The setting an advice item acts on: a sysctl name, or
 * TUNE_HASHSIZE_NAME for the bucket count; NULL when it names none. And
 * its suggested value as the edit line would take it. */
const char *advice_setting(const struct advice *a, char *value, size_t n);
void advice_pane_draw(struct advice_pane *ap, struct rect r, bool focused);

/* The pane as a full-width view (registered in views.c). */
extern const struct view_class advice_view;

#endif
