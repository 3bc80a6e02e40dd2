/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The past on a dashboard that records (--record): [ and ] show the
 * picture before or after the one shown, read back from the recording
 * (a picture is read in well under a millisecond; the writer is another
 * thread), { and } jump to the peak of the incident before or after, l
 * (or ] past the newest) returns to the live table. While the past
 * shows, the live snapshots still arrive and are recorded, but the panes
 * and views show the picture; tuning and deletes, which act on the live
 * table, are refused with the reason. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/attime.h"
#include "base/clock.h"
#include "dash.h"
#include "hostnames.h"
#include "record/replay.h"
#include "record/timebar.h"

/* The title's bar: wide enough to tell incidents apart, narrow enough
 * for an 80-column title beside the time. */
#define PAST_BAR_CELLS 24

static void say(struct dash *d, bool error, const char *text)
{
	status_message(&d->status, mono_ms() / 1e3, error, "%s", text);
}

static void show(struct dash *d)
{
	const struct ct_snapshot *s = d->past.on ? &d->past.pic.snap : d->past.live;
	if (!s)
		return;
	d->snap = s;
	if (panes_update(&d->panes, s) < 0)
		say(d, true, "out of memory: some rows are missing");
	struct view_ctx c = dash_view_ctx(d);
	views_update(&d->views, &c);
}

static void live(struct dash *d, const char *why)
{
	if (!d->past.on)
		return;
	d->past.on = false;
	hostnames_use_past_owners(NULL);
	picture_free(&d->past.pic);
	show(d);
	say(d, false, why);
}

static const char *recording_path(const struct dash *d)
{
	return d->o->replay_path ? d->o->replay_path : d->o->record_path;
}

static bool open_recording(struct dash *d)
{
	char why[512];
	if (d->past.rp)
		return true;
	if (!recording_path(d)) {
		say(d, true, "stepping back needs a recording: start ctdash with --record FILE");
		return false;
	}
	d->past.rp = replay_open(recording_path(d), why, sizeof why);
	if (!d->past.rp)
		say(d, true, why);
	return d->past.rp != NULL;
}

/* "incident 2 of 3" when t falls in one (its minutes around kept), and
 * the title's bar: t's place in the recording, the incidents marked. */
static void mark_incident(struct dash *d, double t)
{
	char why[512];
	struct rec_incident *in;
	unsigned n;
	long count;
	double first, last;
	d->past.incident[0] = '\0';
	d->past.bar[0] = '\0';
	if (replay_incidents(d->past.rp, &in, &n, why, sizeof why) < 0)
		return;
	if (replay_span(d->past.rp, &count, &first, &last, why, sizeof why) == 0 && count > 0)
		timebar_draw(d->past.bar, sizeof d->past.bar, PAST_BAR_CELLS, first, last, t, in, n);
	for (unsigned i = 0; i < n; i++)
		if (t >= in[i].start && t <= in[i].end)
			snprintf(d->past.incident, sizeof d->past.incident, "incident %u of %u%s", i + 1, n,
				 t == in[i].peak ? ", its peak" : "");
	free(in);
}

static void load(struct dash *d, int64_t id, double at)
{
	char why[512], when[16], msg[160];
	struct rec_picture p;
	if (replay_load(d->past.rp, id, &p, why, sizeof why) < 0) {
		say(d, true, why);
		return;
	}
	hostnames_use_past_owners(NULL);
	picture_free(&d->past.pic);
	d->past.pic = p;
	d->past.at = at;
	d->past.on = true;
	hostnames_use_past_owners(picture_owner_map(&d->past.pic));
	mark_incident(d, at);
	show(d);
	time_t t = (time_t)at;
	struct tm tm;
	strftime(when, sizeof when, "%H:%M:%S", localtime_r(&t, &tm));
	snprintf(msg, sizeof msg, "the picture of %s: [ ] step, { } incidents%s", when,
		 d->o->replay_path ? ", q quits" : ", l live");
	say(d, false, msg);
}

/* The time the step starts from: the picture shown, or the live one. */
static double shown_at(const struct dash *d)
{
	if (d->past.on)
		return d->past.at;
	return d->past.live ? d->past.live->taken_at : real_s();
}

static void incident(struct dash *d, int dir)
{
	char why[512];
	struct rec_incident *in;
	unsigned n;
	if (replay_incidents(d->past.rp, &in, &n, why, sizeof why) < 0) {
		say(d, true, why);
		return;
	}
	double t = shown_at(d);
	int pick = -1;
	for (unsigned i = 0; i < n; i++) {
		if (dir < 0 && in[i].peak < t - 0.001)
			pick = (int)i;
		if (dir > 0 && in[i].peak > t + 0.001) {
			pick = (int)i;
			break;
		}
	}
	int64_t id;
	double at;
	if (pick < 0)
		say(d, false, dir < 0 ? "no incident before this picture" : "no incident after this picture");
	else if (replay_nearest(d->past.rp, in[pick].peak, &id, &at, why, sizeof why) < 0)
		say(d, true, why);
	else
		load(d, id, at);
	free(in);
}

void act_past(struct dash *d, enum ui_action a)
{
	if (d->o->replay_path && a == ACT_PAST_LIVE) {
		say(d, false, "a replay: there is no live table here (q quits)");
		return;
	}
	if (a == ACT_PAST_LIVE) {
		if (d->past.on)
			live(d, "live again");
		return;
	}
	if (!open_recording(d))
		return;
	int64_t id;
	double at;
	if (a == ACT_PAST_PREV_INCIDENT || a == ACT_PAST_NEXT_INCIDENT) {
		incident(d, a == ACT_PAST_PREV_INCIDENT ? -1 : 1);
	} else if (replay_step(d->past.rp, shown_at(d), a == ACT_PAST_BACK ? -1 : 1, &id, &at) == 0) {
		load(d, id, at);
	} else if (a == ACT_PAST_FORWARD && d->o->replay_path) {
		say(d, false, "that is the newest picture of the recording");
	} else if (a == ACT_PAST_FORWARD) {
		live(d, "live again: that was the newest picture");
	} else {
		say(d, false, "no picture before this one in the recording");
	}
}

bool act_past_refuses(struct dash *d, enum ui_action a)
{
	static const enum ui_action acting[] = {
		ACT_ENTER, ACT_EDIT, ACT_STEP_UP, ACT_STEP_DOWN, ACT_EDIT_MAX, ACT_EDIT_BUCKETS,
		ACT_UNDO, ACT_UNDO_ALL, ACT_PROFILES, ACT_EXPORT, ACT_DELETE, ACT_ACCT, ACT_KILL,
		ACT_REFRESH,
	};
	if (!d->past.on)
		return false;
	for (size_t i = 0; i < sizeof acting / sizeof acting[0]; i++)
		if (acting[i] == a) {
			say(d, true, "refused in the past: tuning and deletes act on the live table "
			    "(l returns to it)");
			return true;
		}
	return false;
}

const struct advice_rates *dash_rates(const struct dash *d)
{
	return d->past.on ? &d->past.pic.rates : &d->tracker.rates;
}

void past_title(const struct dash *d, char *buf, size_t n, char *bar, size_t nbar)
{
	char when[16];
	buf[0] = '\0';
	bar[0] = '\0';
	if (!d->past.on)
		return;
	snprintf(bar, nbar, "%s", d->past.bar);
	time_t t = (time_t)d->past.at;
	struct tm tm;
	strftime(when, sizeof when, "%H:%M:%S", localtime_r(&t, &tm));
	if (d->o->replay_path)
		snprintf(buf, n, "REPLAY %s%s%s", when, d->past.incident[0] ? ", " : "",
			 d->past.incident);
	else
		snprintf(buf, n, "PAST %s%s%s (l: live)", when, d->past.incident[0] ? ", " : "",
			 d->past.incident);
}

void past_start(struct dash *d)
{
	char why[512];
	long count;
	double first, last, at;
	int64_t id;
	if (!open_recording(d))
		return;
	if (replay_span(d->past.rp, &count, &first, &last, why, sizeof why) < 0 || count == 0) {
		say(d, true, count == 0 ? "the recording holds no pictures" : why);
		return;
	}
	double t = d->o->replay_at > 0 ? d->o->replay_at : last;
	if (replay_nearest(d->past.rp, t, &id, &at, why, sizeof why) < 0)
		say(d, true, why);
	else
		load(d, id, at);
}

void past_free(struct dash *d)
{
	hostnames_use_past_owners(NULL);
	picture_free(&d->past.pic);
	replay_close(d->past.rp);
	d->past.rp = NULL;
	d->past.on = false;
}

void act_past_time_start(struct dash *d)
{
	if (!open_recording(d))
		return;
	input_open(&d->search, "go to (03:02, 03:02:15, -20m): ");
	d->past.typing = true;
	dash_enter(d, UI_SEARCH);
}

void act_past_time_key(struct dash *d, int key)
{
	char err[256], why[512];
	double t, at;
	int64_t id;
	enum input_result r = input_key(&d->search, key);
	if (r == INPUT_EDITING)
		return;
	d->past.typing = false;
	dash_leave(d);
	if (r == INPUT_CANCEL || !d->search.text[0])
		return;
	if (attime_parse(d->search.text, real_s(), &t, err, sizeof err) < 0)
		say(d, true, err);
	else if (replay_nearest(d->past.rp, t, &id, &at, why, sizeof why) < 0)
		say(d, true, why);
	else
		load(d, id, at);
}
