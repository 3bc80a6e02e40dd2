/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where everything goes for a terminal of a given size. Pure arithmetic,
 * no curses, so every size can be tested. */
#ifndef CTDASH_LAYOUT_H
#define CTDASH_LAYOUT_H

#include <stdbool.h>

/* Below this the dashboard shows a notice instead of drawing garbage. */
#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 18

/* The grid under the meters holds at most this many panes. */
#define LAYOUT_PANES_MAX 8

/* From this width every pane has a place of its own; narrower, the panes
 * that take turns (struct layout_turns) share one. */
#define LAYOUT_ALL_PANES_FROM 140

/* Panes first .. first + n - 1 of the grid (top sources, destinations,
 * ports) take turns in one place on a terminal narrower than
 * LAYOUT_ALL_PANES_FROM; from that width they get the lower row to
 * themselves and the other panes the upper one. n 0: none take turns. */
struct layout_turns {
	int first, n;
};

enum meter_id {
	METER_FILL,
	METER_BUCKETS,
	METER_MEMORY,
	METER_DROPS,
	METER_CHURN,   /* new, destroyed, growth per second (churn.c) */
	METER_COUNT
};

struct rect {
	int y, x, h, w;
};

struct layout {
	int rows, cols;
	bool too_small;
	struct rect title;
	struct rect meters[METER_COUNT];
	struct rect spark;
	struct rect panes[LAYOUT_PANES_MAX];
	int npanes;
	struct layout_turns turns; /* n > 1: those panes have one rectangle, one shows */
	struct rect main;   /* where the panes are: the full-width views go there */
	struct rect status;
	struct rect banner; /* h 0 unless layout_banner made room for it */
};

/* Everything for a terminal of rows x cols, with npanes panes in the
 * grid (at most LAYOUT_PANES_MAX). */
void layout_compute(int rows, int cols, int npanes, struct layout *l);
/* The same with panes that take turns: narrower than
 * LAYOUT_ALL_PANES_FROM they share one rectangle (l->turns says which);
 * wider, they fill the lower row side by side. */
void layout_compute_turns(int rows, int cols, int npanes, struct layout_turns t,
			  struct layout *l);
/* A line under the title for the table-full banner: everything below
 * moves down one row, the upper panes (and the views) lose it. */
void layout_banner(struct layout *l);
/* The same with rows lines (the banner and the relief under it); fewer
 * than it has already change nothing. */
void layout_banner_rows(struct layout *l, int rows);

#endif
