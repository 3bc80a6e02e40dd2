/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a full-width view is to the dashboard: it takes the panes' place
 * when its key is pressed and gives it back on the same key or Esc. A
 * view is a module that defines one `const struct view_class` and is
 * listed once in views.c; the dashboard knows nothing else about it.
 * (See doc/HACKING.md, "Adding a view to the dashboard".) */
#ifndef CTDASH_VIEW_H
#define CTDASH_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "layout.h"
#include "model/advice.h"
#include "model/model.h"
#include "panel.h"
#include "statusline.h"
#include "model/timeout_defaults.h"
#include "write/tune.h"

/* What every view is handed: the newest figures and where they came
 * from. Add a field here when a view needs something new. */
struct sampler;

struct view_ctx {
	const struct ct_snapshot *snap;  /* the newest snapshot, NULL before the first */
	double started;                  /* when snap was begun, monotonic seconds */
	double now;                      /* monotonic seconds */
	const struct timeout_defaults *defaults;
	const struct tune_ctx *tune;     /* reads the settings as they are now */
	const char *journal_path;
	struct sampler *smp;             /* the list view asks it for rows */
	const struct advice_rates *rates; /* what rose since the snapshot before */
};

struct view_class {
	const char *name;               /* "the timeouts": in messages */
	const char *arg;                /* --view ARG opens the dashboard on it */
	enum ui_action toggle;          /* its key (keys.c): opens it, and closes it again */
	enum key_context keys;          /* the bindings of keys.c it adds while it shows */
	const struct key_hint *hints;   /* the status line while it shows */
	size_t size;                    /* of its state, which views.c allocates */
	/* every hook but panel and draw may be NULL */
	void (*init)(void *self);
	void (*free)(void *self);
	/* every snapshot, shown or not (the title counts the advice) */
	void (*update)(void *self, const struct view_ctx *c);
	/* each time it is opened */
	void (*opened)(void *self, const struct view_ctx *c);
	/* after a write: what it shows may be stale */
	void (*wrote)(void *self, const struct view_ctx *c, bool shown);
	/* a key for the view itself, before the dashboard's: true when taken */
	bool (*key)(void *self, int key, enum ui_action a);
	struct panel *(*panel)(void *self);   /* the list the keys move in */
	void (*draw)(void *self, struct rect r);
	/* the status line, while the view has a line of its own there (a
	 * filter being typed): true when it drew it, false for the hints */
	bool (*status)(void *self, struct rect r);
};

#endif
