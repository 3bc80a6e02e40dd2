/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What F9, k and A do: delete entries from the list view, turn the
 * accounting on, and the delete's progress and result while it runs.
 * Both go through the tuning's dialogs and the core's write path; this
 * only gathers what the list shows. */
#include <curses.h>

#include "base/clock.h"
#include "dash.h"

/* The question F9 opens in the list: delete the selected entry (or the
 * filter's). False, said in the status line, when there is none to ask. */
static bool ask_delete(struct dash *d)
{
	double now = mono_ms() / 1e3;
	if (!views_showing(&d->views, &list_view)) {
		status_message(&d->status, now, false, "F9 and k delete entries in the list of "
			       "entries: L opens it");
		return false;
	}
	struct delete_ask ask;
	const char *why = list_view_delete_ask(views_state(&d->views, &list_view), &ask);
	if (why) {
		status_message(&d->status, now, false, "%s", why);
		return false;
	}
	tuning_delete(&d->tu, &ask);
	return true;
}

void act_kill_pending(struct dash *d)
{
	struct delete_ask ask;
	if (!views_showing(&d->views, &list_view) || d->mode != UI_BROWSE) {
		d->kill_pending = false;
		return;
	}
	const char *why = list_view_delete_ask(views_state(&d->views, &list_view), &ask);
	if (why && list_view_reading(views_state(&d->views, &list_view)))
		return; /* the row's entries are not read yet: the next snapshot */
	d->kill_pending = false;
	if (why) {
		status_message(&d->status, mono_ms() / 1e3, false, "%s", why);
		return;
	}
	status_clear(&d->status);
	tuning_delete_all(&d->tu, &ask);
	act_after_tuning(d);
	if (d->mode == UI_DIALOG)
		flushinp();
}

void act_delete(struct dash *d)
{
	/* while a delete runs, from any view: whether to stop it */
	if (tuning_deleting(&d->tu)) {
		tuning_delete_stop_ask(&d->tu);
	} else if (views_showing(&d->views, &nat_view)) {
		act_kill(d); /* the row's entries, then the question */
		return;
	} else if (!ask_delete(d))
		return;
	act_after_tuning(d);
	/* keys typed before the question appeared are no answer to it */
	if (d->mode == UI_DIALOG)
		flushinp();
}

void act_acct(struct dash *d)
{
	tuning_set(&d->tu, TUNE_ACCT_NAME, 1, "Byte and packet counters for the entries (the list "
		   "view's bytes and packets). Only new entries are counted from now on.");
	act_after_tuning(d);
	if (d->mode == UI_DIALOG)
		flushinp();
}

bool act_poll_delete(struct dash *d)
{
	bool ended;
	if (!tuning_delete_poll(&d->tu, &ended))
		return false;
	if (ended)
		act_relief_deleted(d);
	/* the progress stays on the status line while the delete runs */
	act_after_tuning(d);
	if (ended && d->smp)
		sampler_refresh_now(d->smp); /* the list without the deleted entries */
	return true;
}
