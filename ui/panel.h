/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A scrollable list with a selection: the one widget every pane, the help
 * and later lists (timeouts, journal) are made of. The list does not hold
 * rows; it asks its owner for a row's name (to search) and to draw a row. */
#ifndef CTDASH_PANEL_H
#define CTDASH_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "layout.h"

/* The text searched for row i; may format into buf. */
typedef const char *(*panel_name_fn)(void *ctx, int row, char *buf, size_t n);
/* Draw row i at (y, x) in w columns; a selected row is drawn in the
 * selection's attribute (its background is already painted). */
typedef void (*panel_row_fn)(void *ctx, int row, int y, int x, int w, bool selected);

struct panel {
	int nrows;
	int sel;     /* selected row; 0 when the list is empty */
	int top;     /* first row shown */
	int height;  /* rows shown, from the last layout */
	panel_name_fn name;
	void *ctx;
	/* the panel itself, set by panel_init: a pane that draws a copy (with
	 * its own ctx) is still found under the mouse as itself */
	struct panel *origin;
};

struct panel_look {
	const char *title;
	const char *header;  /* column headings under the title, or NULL */
	const char *empty;   /* shown when there are no rows */
	bool focused;
	bool select_visible; /* highlight the selection (also when unfocused) */
	panel_row_fn draw_row;
};

void panel_init(struct panel *p, panel_name_fn name, void *ctx);
/* The list changed length: keep the selection on a row that exists. */
void panel_set_rows(struct panel *p, int nrows);
void panel_set_height(struct panel *p, int height);
/* Select row (clamped) and scroll so that it shows. */
void panel_select(struct panel *p, int row);
/* Up, down, page up/down, home, end; false for any other action. */
bool panel_navigate(struct panel *p, enum ui_action a);
/* The first row at or after from (wrapping around) whose name contains
 * needle, ignoring case; -1 when none does or needle is empty. */
int panel_find(const struct panel *p, const char *needle, int from);
/* Select the row named exactly name, so a selection follows its row when
 * a refresh reorders the list. false (selection unchanged) if gone. */
bool panel_follow(struct panel *p, const char *name);
/* Rows the look's header and title leave in a rectangle of height h. */
int panel_rows_in(const struct panel_look *look, int h);

void panel_draw(const struct panel *p, struct rect r, const struct panel_look *look);

/* Where the panels were drawn, for the mouse: forget the last frame's
 * (before a frame is drawn), and the panel at a cell with the row there
 * (-1 on its title or header line; past the rows: nrows). NULL when no
 * panel was drawn there. */
void panel_hits_clear(void);
struct panel *panel_at(int y, int x, int *row);

#endif
