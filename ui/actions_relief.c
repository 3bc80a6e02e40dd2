/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The relief advice at the keys (issue 22): Enter on "delete what holds
 * slots without traffic" opens the list with that filter and, once its
 * rows show, the delete question with every matching entry chosen; Enter
 * on "raise the global max" opens the value line with the suggested max.
 * After either, the next snapshots say what it did: the count before and
 * after, whether the kernel still drops; the journal records it. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/format.h"
#include "dash.h"

/* Snapshots after a relief before its effect is judged: the first may
 * have begun before the action ended, the second covers an interval
 * wholly after it. */
#define RELIEF_SETTLE 2

static void remember_before(struct dash *d, const char *what, const char *short_what)
{
	struct relief *r = &d->relief;
	snprintf(r->what, sizeof r->what, "%s", what);
	snprintf(r->short_what, sizeof r->short_what, "%s", short_what);
	r->count_before = d->snap ? d->snap->count : 0;
	r->max_before = d->snap ? d->snap->max : 0;
	r->rate_before = advice_drop_run_on(&d->tracker.rates) ? d->tracker.rates.run_rate : 0;
	r->seen_after = 0;
}

const char *act_relief_refusal(struct dash *d, const struct advice *a, char *buf, size_t n)
{
	if (a->filter[0]) {
		const char *ro = tune_writes_refused(&d->tu.t);
		if (!ro)
			return NULL;
		snprintf(buf, n, "%s", ro);
		return buf;
	}
	if (a->sysctl[0])
		return tune_refusal(&d->tu.t, a->sysctl, buf, n);
	return NULL;
}

bool act_relief(struct dash *d, const struct advice *a)
{
	char why[320];
	if (!a || strncmp(a->id, "relief_", 7) != 0)
		return false;
	if (act_relief_refusal(d, a, why, sizeof why)) {
		status_message(&d->status, mono_ms() / 1e3, true, "%s", why);
		return true;
	}
	struct relief *r = &d->relief;
	memset(r, 0, sizeof *r);
	if (a->filter[0]) {
		char what[sizeof r->what];
		snprintf(what, sizeof what, "deleted '%s'", a->filter);
		remember_before(d, what, "deleted");
		snprintf(r->filter, sizeof r->filter, "%s", a->filter);
		r->asking = true;
		list_view_set_filter(views_state(&d->views, &list_view), a->filter);
		struct view_ctx c = dash_view_ctx(d);
		if (!views_showing(&d->views, &list_view))
			views_toggle(&d->views, &list_view, &c);
		status_message(&d->status, mono_ms() / 1e3, false, "reading the entries to delete%s",
			       "...");
		return true;
	}
	char value[32], what[sizeof r->what];
	snprintf(value, sizeof value, "%ld", a->suggested);
	char short_what[64];
	snprintf(what, sizeof what, "raised nf_conntrack_max from %" PRIu64 " to %s",
		 d->snap ? d->snap->max : 0, value);
	snprintf(short_what, sizeof short_what, "max raised to %s", value);
	remember_before(d, what, short_what);
	r->setting = true;
	tuning_edit(&d->tu, a->sysctl, value);
	return true;
}

/* The list shows the filter's rows: ask about deleting all of them. */
static void ask_when_listed(struct dash *d)
{
	struct relief *r = &d->relief;
	if (!r->asking || !views_showing(&d->views, &list_view) || tuning_busy(&d->tu))
		return;
	struct delete_ask ask;
	if (list_view_delete_ask(views_state(&d->views, &list_view), &ask))
		return; /* not read yet for this filter */
	r->asking = false;
	if (strcmp(ask.filter, r->filter) != 0 || ask.matched == 0) {
		status_message(&d->status, mono_ms() / 1e3, false, "nothing matches '%s' any more: "
			       "nothing to delete", r->filter);
		return;
	}
	r->count_before = d->snap->count;
	tuning_delete_all(&d->tu, &ask);
	r->asked = true;
	act_after_tuning(d);
}

/* What the relief did: in the journal whole (what, the counts, the
 * drops); on the status line the verdict first, so a narrow screen still
 * shows it: "relief: drops stopped, count 3,000 -> 41 of max 3,000". */
static void judge(struct dash *d)
{
	struct relief *r = &d->relief;
	const struct ct_snapshot *s = d->snap;
	const struct advice_rates *rt = &d->tracker.rates;
	char before[32], after[32], max[32], verdict[64], since[96], err[320];
	char line[sizeof r->what + 400];
	if (rt->known && rt->rose[AC_DROP] == 0)
		snprintf(verdict, sizeof verdict, "drops stopped");
	else if (rt->known)
		snprintf(verdict, sizeof verdict, "the kernel still drops %.0f/s",
			 (double)rt->rose[AC_DROP] / rt->seconds);
	else
		snprintf(verdict, sizeof verdict, "drops unknown (no counters)");
	snprintf(since, sizeof since, "over the last %.1f s; %.0f/s before", rt->seconds,
		 r->rate_before);
	fmt_count(before, sizeof before, r->count_before);
	fmt_count(after, sizeof after, s->count);
	fmt_count(max, sizeof max, s->max);
	snprintf(line, sizeof line, "relief: %s: count %s -> %s of max %s, %s (%s)", r->what, before,
		 after, max, verdict, since);
	bool noted = tune_note(&d->tu.t, line, err, sizeof err) == 0;
	status_message(&d->status, mono_ms() / 1e3, !noted, "relief: %s, count %s -> %s of max %s "
		       "(%s; %s)%s%s", verdict, before, after, max, r->short_what,
		       noted ? "journalled" : "not journalled", noted ? "" : ": ", noted ? "" : err);
	r->watching = false;
}

void act_relief_snapshot(struct dash *d)
{
	struct relief *r = &d->relief;
	ask_when_listed(d);
	if (r->watching && ++r->seen_after >= RELIEF_SETTLE)
		judge(d);
}

void act_relief_after_tuning(struct dash *d, bool applied)
{
	struct relief *r = &d->relief;
	if (r->setting && applied) {
		r->setting = false;
		r->watching = true;
		r->seen_after = 0;
	} else if (r->setting && !tuning_busy(&d->tu)) {
		r->setting = false; /* cancelled or refused: nothing to judge */
	}
	if (r->asked && !tuning_busy(&d->tu) && !tuning_deleting(&d->tu))
		r->asked = false;   /* the question was answered no */
}

void act_relief_deleted(struct dash *d)
{
	struct relief *r = &d->relief;
	if (!r->asked)
		return;
	r->asked = false;
	r->watching = true;
	r->seen_after = 0;
}
