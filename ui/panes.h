/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The panes under the meters: the registry of pane classes (panes.c,
 * one line a pane) and the grid they share. */
#ifndef CTDASH_PANES_H
#define CTDASH_PANES_H

#include "countpanes.h"
#include "cpupane.h"
#include "layout.h"
#include "model/model.h"
#include "pane.h"
#include "panel.h"

struct panes {
	void *state[LAYOUT_PANES_MAX];  /* each pane's, in the registry's order */
	int n;
	int turn;   /* of the panes taking turns, the one shown on a narrow terminal */
};

/* -1 when out of memory (nothing is left allocated then). */
int panes_init(struct panes *ps);
void panes_free(struct panes *ps);
/* How many panes are registered: the grid's size. */
int panes_count(void);
/* Rebuild every pane from s; selections stay on their rows. -1 when out
 * of memory (the panes then show fewer rows). */
int panes_update(struct panes *ps, const struct ct_snapshot *s);
/* The class at index i of the grid, NULL past the end. */
const struct pane_class *panes_class(int i);
/* The state of pane pc, as its module defines it. */
void *panes_state(const struct panes *ps, const struct pane_class *pc);
struct panel *panes_panel(struct panes *ps, int i);
/* Place everything for a terminal of rows x cols (layout_compute_turns
 * with the registry's panes that take turns). */
void panes_layout(const struct panes *ps, int rows, int cols, struct layout *l);
/* Tell each pane how many rows its rectangle holds. */
void panes_fit(struct panes *ps, const struct layout *l);
/* Focused, a pane that takes turns becomes the one shown in their place. */
void panes_draw(struct panes *ps, const struct layout *l, int focus);
/* The filter for the selected row of pane i (Enter opens the list with
 * it); false when that row or pane names no entries. */
bool panes_drill(struct panes *ps, int i, char *filter, size_t n);
/* "TCP states", … for messages. */
const char *pane_name(int i);

#endif
