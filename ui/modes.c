/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dashboard's input modes in one place: which mode has the keys,
 * and one handler a mode. Every handler answers what the loop must do
 * next (redraw, place everything again), as htop's key table does. To
 * give a new mode its keys: a value in enum ui_mode (dash.h), a handler
 * here and its line in the table. */
#include <curses.h>

#include "dash.h"

static enum reaction browse_mode_key(struct dash *d, int key, enum ui_action a)
{
	/* the past shows: what would act on the live table is refused */
	if (act_past_refuses(d, a))
		return R_REDRAW;
	/* the shown view first: its own keys win over the dashboard's */
	if (views_key(&d->views, key, a))
		return R_REDRAW;
	const struct view_class *vc = views_by_action(a);
	if (vc) {
		act_view(d, vc);
		return R_REDRAW;
	}
	if (act_tuning(d, a))
		return R_REDRAW;
	switch (a) {
	case ACT_NONE: return R_NONE;
	case ACT_HELP: act_toggle_help(d); break;
	case ACT_QUIT: d->quit = true; break;
	case ACT_FOCUS_NEXT: case ACT_FOCUS_PREV: act_focus(d, a); break;
	case ACT_PAUSE: act_toggle_pause(d); break;
	case ACT_SEARCH: act_search_start(d); break;
	case ACT_SEARCH_NEXT: act_search_next(d); break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_CLOSE: act_close(d); break;
	case ACT_DISMISS: act_dismiss_banner(d); break;
	case ACT_NAMES: act_toggle_names(d); break;
	case ACT_KILL: act_kill(d); break;
	case ACT_PANE_FILTER: act_pane_filter(d); break;
	case ACT_PANE_SORT: act_pane_sort(d); break;
	case ACT_REFRESH: act_refresh(d); break;
	case ACT_MOUSE: act_mouse(d); break;
	case ACT_PAST_BACK: case ACT_PAST_FORWARD: case ACT_PAST_PREV_INCIDENT:
	case ACT_PAST_NEXT_INCIDENT: case ACT_PAST_LIVE: act_past(d, a); break;
	case ACT_PAST_TIME: act_past_time_start(d); break;
	default: panel_navigate(dash_panel(d), a); break;
	}
	return R_REDRAW;
}

static enum reaction help_mode_key(struct dash *d, int key, enum ui_action a)
{
	/* q is ACT_CLOSE here (keys.c, KEYS_IN_HELP); F10 quits from anywhere */
	(void)key;
	if (a == ACT_QUIT)
		d->quit = true;
	else if (a == ACT_HELP || a == ACT_CLOSE)
		act_toggle_help(d);
	else if (a == ACT_SEARCH)
		act_search_start(d);
	else if (a == ACT_SEARCH_NEXT)
		act_search_next(d);
	else if (a == ACT_PAUSE)
		act_toggle_pause(d);
	else if (a == ACT_NONE)
		return R_NONE;
	else if (a == ACT_MOUSE)
		act_mouse(d);
	else
		panel_navigate(&d->help.panel, a == ACT_KILL ? ACT_UP : a);
	return R_REDRAW;
}

static enum reaction search_mode_key(struct dash *d, int key, enum ui_action a)
{
	if (a == ACT_MOUSE)
		act_mouse_ignore();
	else if (d->past.typing)
		act_past_time_key(d, key);
	else
		act_search_key(d, key);
	return R_REDRAW;
}

static enum reaction dialog_mode_key(struct dash *d, int key, enum ui_action a)
{
	/* a dialog that cannot be seen can only be cancelled; the mouse does
	 * not answer a question */
	if (a == ACT_MOUSE)
		act_mouse_ignore();
	else if (!d->lay.too_small || a == ACT_CLOSE)
		act_dialog_key(d, key);
	return R_REDRAW;
}

static enum reaction (*const handlers[UI_MODE_COUNT])(struct dash *, int, enum ui_action) = {
	[UI_BROWSE] = browse_mode_key,
	[UI_HELP] = help_mode_key,
	[UI_SEARCH] = search_mode_key,
	[UI_DIALOG] = dialog_mode_key,
};

enum reaction dash_key(struct dash *d, int key)
{
	/* a view's own bindings (keys.c) while it shows and has the keys;
	 * the help's while it shows */
	const struct view_class *shown = d->mode == UI_BROWSE ? d->views.shown : NULL;
	enum key_context c = shown ? shown->keys : KEYS_EVERYWHERE;
	enum ui_action a = keys_action_in(key, d->mode == UI_HELP ? KEYS_IN_HELP : c);
	if (a == ACT_RESIZE)
		return R_RELAYOUT | R_REDRAW;
	return handlers[d->mode](d, key, a);
}

void dash_enter(struct dash *d, enum ui_mode m)
{
	if (m == UI_SEARCH || m == UI_DIALOG)
		d->under = dash_shown(d);
	d->mode = m;
}

void dash_leave(struct dash *d)
{
	if (d->mode == UI_SEARCH || d->mode == UI_DIALOG)
		d->mode = d->under;
}

enum ui_mode dash_shown(const struct dash *d)
{
	return d->mode == UI_SEARCH || d->mode == UI_DIALOG ? d->under : d->mode;
}

struct panel *dash_panel(struct dash *d)
{
	if (dash_shown(d) == UI_HELP)
		return &d->help.panel;
	struct panel *view = views_panel(&d->views);
	return view ? view : panes_panel(&d->panes, d->focus);
}

const char *dash_panel_name(const struct dash *d)
{
	if (dash_shown(d) == UI_HELP)
		return "the help";
	return d->views.shown ? views_name(&d->views) : pane_name(d->focus);
}
