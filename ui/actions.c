/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the dashboard's keys do: search, pause, help, the views, and the
 * tuning keys that open a dialog. Which keys reach these is modes.c's
 * business; when the screen is drawn, dashboard.c's. */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "record/feed.h"
#include "base/clock.h"
#include "dash.h"
#include "demo/demo.h"
#include "model/labels.h"

bool dash_loaded(const struct dash *d)
{
	return d->snap && d->info.ret != -ENOENT;
}

struct view_ctx dash_view_ctx(const struct dash *d)
{
	return (struct view_ctx){
		.snap = d->snap,
		.started = d->info.started,
		.now = mono_ms() / 1e3,
		.defaults = &d->tu.defaults,
		.tune = &d->tu.t,
		.journal_path = d->tu.t.journal_path,
		.smp = d->smp,
		.rates = dash_rates(d),
	};
}

void act_refresh_refusal(struct dash *d)
{
	const char *why = tuning_refused(&d->tu, d->refused, sizeof d->refused);
	if (!why)
		d->refused[0] = '\0';
	timeout_pane_set_refusal(views_state(&d->views, &timeouts_view), d->refused);
}

/* ---- snapshots ---------------------------------------------------------- */

bool act_take_snapshot(struct dash *d)
{
	const struct ct_snapshot *s;
	struct sampler_info info;
	if (!sampler_take(d->smp, &s, &info))
		return false;
	d->past.live = s;
	/* in the past the picture stays shown; the live one is still kept */
	if (!d->past.on)
		d->snap = s;
	d->info = info;
	act_refresh_refusal(d);
	if (!dash_loaded(d))
		return true;
	history_add(&d->hist, info.started, s);
	advice_track(&d->tracker, info.started, s);
	if (d->o->record) {
		char news[320];
		/* a copy for the recorder's thread: the screen never waits on the disk */
		record_feed_snapshot(d->o->record, NULL, s, info.started, &d->tracker.rates, NULL);
		if (record_feed_news(d->o->record, news, sizeof news))
			status_message(&d->status, mono_ms() / 1e3, strstr(news, "paused") != NULL,
				       "%s", news);
	}
	if (s->complete)
		d->last_complete = s->taken_at;
	if (d->past.on)
		return true;
	if (panes_update(&d->panes, s) < 0)
		status_message(&d->status, mono_ms() / 1e3, true, "out of memory: some rows are missing");
	struct view_ctx c = dash_view_ctx(d);
	views_update(&d->views, &c);
	if (d->kill_pending)
		act_kill_pending(d);
	act_relief_snapshot(d);
	return true;
}

/* ---- help, pause ------------------------------------------------------- */

void act_update_help(struct dash *d)
{
	struct sampler_status st;
	sampler_get_status(d->smp, &st);
	struct help_figures *f = &d->fig;
	f->collect_cpu_ms_last = st.cpu_ms_last;
	f->collect_cpu_ms_mean = st.cpu_ms_mean;
	f->dump_ms = st.wall_ms_last;
	f->entries = d->snap ? d->snap->tally.entries : 0;
	f->refreshes = st.refreshes;
	f->interval_ms = st.interval_ms;
	f->effective_ms = st.effective_ms;
	f->demo = d->demo != NULL;
	act_names_figures(d, f);
	help_build(&d->help, f);
}

void act_toggle_help(struct dash *d)
{
	if (d->mode == UI_HELP) {
		dash_enter(d, UI_BROWSE);
		return;
	}
	dash_enter(d, UI_HELP);
	act_update_help(d);
	panel_select(&d->help.panel, 0);
}

void act_toggle_pause(struct dash *d)
{
	d->paused = !d->paused;
	sampler_pause(d->smp, d->paused);
	double now = mono_ms() / 1e3;
	if (d->paused)
		status_message(&d->status, now, false, "paused: the screen holds this snapshot; Space resumes");
	else if (!act_take_snapshot(d))
		status_message(&d->status, now, false, "resumed");
}

/* ---- search -------------------------------------------------------------- */

void act_search_start(struct dash *d)
{
	input_open(&d->search, "/");
	d->search_origin = dash_panel(d)->sel;
	dash_enter(d, UI_SEARCH);
}

static void search_done(struct dash *d, struct panel *p, int found)
{
	const char *text = d->search.text;
	double now = mono_ms() / 1e3;
	dash_leave(d);
	if (!*text) {
		panel_select(p, d->search_origin);
		return;
	}
	snprintf(d->last_search, sizeof d->last_search, "%s", text);
	if (found >= 0)
		status_message(&d->status, now, false, "'%s' found in %s: row %d of %d (n: next)",
			       text, dash_panel_name(d), found + 1, p->nrows);
	else
		status_message(&d->status, now, true, "no row of %s contains '%s'", dash_panel_name(d),
			       text);
}

/* Every key typed moves the selection to the first match, as in htop. */
void act_search_key(struct dash *d, int key)
{
	struct panel *p = dash_panel(d);
	enum input_result r = input_key(&d->search, key);
	if (r == INPUT_CANCEL) {
		panel_select(p, d->search_origin);
		dash_leave(d);
		return;
	}
	int found = panel_find(p, d->search.text, d->search_origin);
	if (r == INPUT_ACCEPT) {
		search_done(d, p, found);
		return;
	}
	if (found >= 0)
		panel_select(p, found);
	else if (d->search.len)
		input_set_error(&d->search, "no match");
	else
		panel_select(p, d->search_origin);
}

void act_search_next(struct dash *d)
{
	struct panel *p = dash_panel(d);
	double now = mono_ms() / 1e3;
	if (!d->last_search[0]) {
		status_message(&d->status, now, true, "no search yet: press / first");
		return;
	}
	int found = panel_find(p, d->last_search, p->sel + 1);
	if (found < 0) {
		status_message(&d->status, now, true, "no row of %s contains '%s'", dash_panel_name(d),
			       d->last_search);
		return;
	}
	panel_select(p, found);
	status_message(&d->status, now, false, "'%s': row %d of %d", d->last_search, found + 1, p->nrows);
}

/* ---- views and panes ------------------------------------------------------ */

void act_view(struct dash *d, const struct view_class *vc)
{
	struct view_ctx c = dash_view_ctx(d);
	views_toggle(&d->views, vc, &c);
}

void act_focus(struct dash *d, enum ui_action a)
{
	/* from a view, back to the panes as they were */
	if (d->views.shown)
		views_close(&d->views);
	else
		d->focus = (d->focus + (a == ACT_FOCUS_NEXT ? 1 : d->panes.n - 1)) % d->panes.n;
}

/* Esc: a message goes first, then the view, back to where it came from.
 * A message that says what Esc does ("showing ns; Esc goes back") goes
 * with it: one Esc goes back. */
void act_close(struct dash *d)
{
	bool showing = status_showing(&d->status, mono_ms() / 1e3);
	d->kill_pending = false;
	if (showing && !d->status.esc_passes) {
		status_clear(&d->status);
		return;
	}
	status_clear(&d->status);
	if (d->views.shown)
		act_view(d, d->views.shown);
	else
		act_netns_back(d); /* after N and Enter: the namespace first shown */
}

void act_dismiss_banner(struct dash *d)
{
	if (!banner_dismiss(&d->banner, &d->tracker.rates))
		status_message(&d->status, mono_ms() / 1e3, false,
			       advice_drop_run_on(&d->tracker.rates) ?
			       "the kernel is still dropping: the TABLE FULL line stays while it does" :
			       "no TABLE FULL line to put away");
}

/* ---- tuning --------------------------------------------------------------- */

void act_after_tuning(struct dash *d)
{
	struct tuning *tu = &d->tu;
	double now = mono_ms() / 1e3;
	if (tuning_busy(tu) && d->mode != UI_DIALOG)
		dash_enter(d, UI_DIALOG);
	else if (!tuning_busy(tu) && d->mode == UI_DIALOG)
		dash_leave(d);
	if (tu->msg_new) {
		status_message(&d->status, now, tu->msg_error, "%s", tu->msg);
		tu->msg_new = false;
	}
	bool applied = tu->applied;
	if (applied)
		d->wrote_this_step = true;
	tu->applied = false;
	act_relief_after_tuning(d, applied);
	if (tu->wrote) {
		struct view_ctx c = dash_view_ctx(d);
		views_wrote(&d->views, &c);
		tu->wrote = false;
	}
}

void act_dialog_key(struct dash *d, int key)
{
	tuning_key(&d->tu, d->snap, key);
	act_after_tuning(d);
}

/* The timeout the selection stands on: a row of the timeouts view, or a
 * state of the TCP states pane (its timeout is in the row). */
static const char *selected_timeout(struct dash *d)
{
	if (views_showing(&d->views, &timeouts_view)) {
		const struct timeout_row *r = timeout_pane_selected(views_state(&d->views, &timeouts_view));
		return r ? r->name : NULL;
	}
	const struct count_list *tcp = panes_state(&d->panes, &tcp_pane);
	if (d->views.shown || panes_class(d->focus) != &tcp_pane || tcp->panel.sel >= tcp->n)
		return NULL;
	const char *state = tcp->rows[tcp->panel.sel].name;
	for (unsigned st = 0; ct_tcp_state_name(st); st++)
		if (strcmp(ct_tcp_state_name(st), state) == 0)
			return ct_tcp_state_sysctl(st);
	return NULL;
}

static void act_on_advice(struct dash *d)
{
	char value[32];
	const struct advice *a = advice_pane_selected(views_state(&d->views, &advice_view));
	if (act_relief(d, a))
		return;
	const char *setting = advice_setting(a, value, sizeof value);
	if (setting)
		tuning_edit(&d->tu, setting, value);
	else
		status_message(&d->status, mono_ms() / 1e3, false, a ? "this advice names no setting "
			       "ctdash changes: it is acted on outside conntrack's sysctls" :
			       "no advice to act on");
}

/* Enter on a row of the panes or of the churn view: the list of that
 * row's entries (Esc comes back to the same row). */
static bool drill_down(struct dash *d)
{
	char filter[CT_LIST_FILTER_MAX];
	bool churn = views_showing(&d->views, &churn_view), nat = views_showing(&d->views, &nat_view);
	if (churn ? !churn_view_drill(views_state(&d->views, &churn_view), filter, sizeof filter) :
	    nat ? !nat_view_drill(views_state(&d->views, &nat_view), filter, sizeof filter) :
	    d->views.shown || !panes_drill(&d->panes, d->focus, filter, sizeof filter))
		return false;
	/* a message about the row (a search's) would take Esc's first press */
	status_clear(&d->status);
	list_view_set_filter(views_state(&d->views, &list_view), filter);
	struct view_ctx c = dash_view_ctx(d);
	views_toggle(&d->views, &list_view, &c);
	return true;
}

/* Views whose rows stand for no entries: k moves up there, as vi's. */
static bool rows_are_entries(const struct dash *d)
{
	return !d->views.shown || views_showing(&d->views, &list_view) ||
	       views_showing(&d->views, &churn_view) || views_showing(&d->views, &nat_view);
}

void act_kill(struct dash *d)
{
	if (tuning_deleting(&d->tu) || views_showing(&d->views, &list_view)) {
		act_delete(d);
		return;
	}
	if (!rows_are_entries(d)) {
		panel_navigate(dash_panel(d), ACT_UP);
		return;
	}
	if (!drill_down(d)) {
		status_message(&d->status, mono_ms() / 1e3, false, "k deletes entries, asking first: "
			       "select a row of protocols, states, sources, destinations or ports, or "
			       "L for the entries themselves");
		return;
	}
	d->kill_pending = true;
	status_message(&d->status, mono_ms() / 1e3, false, "reading the row's entries: the delete "
		       "question follows (Esc: none)");
}

void act_pane_filter(struct dash *d)
{
	if (!drill_down(d)) {
		list_view_set_filter(views_state(&d->views, &list_view), "");
		if (!views_showing(&d->views, &list_view)) {
			struct view_ctx c = dash_view_ctx(d);
			views_toggle(&d->views, &list_view, &c);
		}
	}
	list_view_edit_filter(views_state(&d->views, &list_view));
}

void act_pane_sort(struct dash *d)
{
	status_message(&d->status, mono_ms() / 1e3, false, "the panes are ordered busiest first; in "
		       "the entries (L, or F4 on a row) F6 sorts by the next column and I reverses");
}

void act_refresh(struct dash *d)
{
	sampler_refresh_now(d->smp);
	status_message(&d->status, mono_ms() / 1e3, false, "reading the table now");
}

/* Enter, e, + and -: on a timeout, or say where they work. */
static void edit_key(struct dash *d, enum ui_action a)
{
	if (a == ACT_ENTER && drill_down(d))
		return;
	if (views_showing(&d->views, &advice_view) && (a == ACT_ENTER || a == ACT_EDIT)) {
		act_on_advice(d);
		return;
	}
	if (views_showing(&d->views, &netns_view) && a == ACT_ENTER) {
		act_netns_switch(d);
		return;
	}
	const char *name = selected_timeout(d);
	if (!name) {
		if (a != ACT_ENTER || !d->views.shown)
			status_message(&d->status, mono_ms() / 1e3, false, "select a timeout first: t opens "
				       "the timeouts, where Enter edits one and +/- step it");
		return;
	}
	if (a == ACT_STEP_UP || a == ACT_STEP_DOWN)
		tuning_step(&d->tu, name, a == ACT_STEP_UP ? 1 : -1);
	else
		tuning_edit(&d->tu, name, NULL);
}

static void demo_key(struct dash *d, enum ui_action a)
{
	double now = mono_ms() / 1e3;
	if (!d->demo) {
		status_message(&d->status, now, false, "> and < set the load of ctdash --demo; no demo runs");
		return;
	}
	unsigned rate = a == ACT_RATE_UP ? demo_rate_up(d->demo) : demo_rate_down(d->demo);
	status_message(&d->status, now, false, "demo: %u new flows per second (%u at most)", rate,
		       DEMO_RATE_MAX);
}

bool act_tuning(struct dash *d, enum ui_action a)
{
	switch (a) {
	case ACT_ENTER: case ACT_EDIT: case ACT_STEP_UP: case ACT_STEP_DOWN: edit_key(d, a); break;
	case ACT_EDIT_MAX: tuning_edit(&d->tu, TUNE_MAX_NAME, NULL); break;
	case ACT_EDIT_BUCKETS: tuning_edit(&d->tu, TUNE_HASHSIZE_NAME, NULL); break;
	case ACT_UNDO: tuning_undo(&d->tu, false); break;
	case ACT_UNDO_ALL: tuning_undo(&d->tu, true); break;
	case ACT_PROFILES: tuning_profiles(&d->tu); break;
	case ACT_EXPORT: tuning_export(&d->tu, dash_loaded(d) ? d->snap : NULL); break;
	case ACT_RATE_UP: case ACT_RATE_DOWN: demo_key(d, a); break;
	case ACT_DELETE: act_delete(d); return true;
	case ACT_ACCT: act_acct(d); return true;
	default: return false;
	}
	act_after_tuning(d);
	return true;
}
