/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The mouse, as htop has it: a press on a pane focuses it and selects the
 * row under the pointer, the wheel scrolls the list under it. Where each
 * list was drawn, panel.c remembers (panel_at). */
#include <curses.h>

#include "dash.h"

#define WHEEL_ROWS 3

void act_mouse_ignore(void)
{
	MEVENT ev;
	(void)getmouse(&ev);
}

/* The pane drawn as p, focused: -1 when p is none of the panes. */
static int pane_of(struct dash *d, const struct panel *p)
{
	for (int i = 0; i < d->panes.n; i++)
		if (panes_panel(&d->panes, i) == p)
			return i;
	return -1;
}

void act_mouse(struct dash *d)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	int row = -1;
	struct panel *under = panel_at(ev.y, ev.x, &row);
	/* the panes, when they show: the one under the pointer takes the focus */
	if (under && dash_shown(d) == UI_BROWSE && !d->views.shown) {
		int i = pane_of(d, under);
		if (i >= 0)
			d->focus = i;
	}
	struct panel *p = dash_panel(d);
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		enum ui_action a = ev.bstate & BUTTON4_PRESSED ? ACT_UP : ACT_DOWN;
		for (int i = 0; i < WHEEL_ROWS; i++)
			panel_navigate(p, a);
		return;
	}
	if ((ev.bstate & BUTTON1_PRESSED) && under == p && row >= 0 && row < p->nrows)
		panel_select(p, row);
}
