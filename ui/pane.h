/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a pane is to the dashboard: one of the lists in the grid under
 * the meters, focused with Tab. A pane is a module that defines one
 * `const struct pane_class` and is listed once in panes.c; the grid makes
 * room for every pane listed (two rows; panes marked takes_turns share one
 * place on a narrow terminal). (See doc/HACKING.md.) */
#ifndef CTDASH_PANE_H
#define CTDASH_PANE_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "model/model.h"
#include "panel.h"

struct pane_class {
	const char *name;    /* "TCP states": in messages */
	const char *find;    /* what / finds in it, for the status line: "find state" */
	size_t size;         /* of its state, which panes.c allocates */
	void (*init)(void *self);
	void (*free)(void *self);    /* may be NULL */
	/* every snapshot; -1 when out of memory (it then shows fewer rows) */
	int (*update)(void *self, const struct ct_snapshot *s);
	struct panel *(*panel)(void *self);  /* the list the keys move in */
	int (*rows_in)(void *self, struct rect r);  /* list rows r holds */
	void (*draw)(void *self, struct rect r, bool focused);
	/* Enter on a row: the filter (the --list language) that lists its
	 * entries; false when the row names none. May be NULL. */
	bool (*drill)(void *self, char *filter, size_t n);
	/* one of the neighbours that take turns in one place on a narrow
	 * terminal (top sources, destinations, ports): the last focused shows */
	bool takes_turns;
};

#endif
