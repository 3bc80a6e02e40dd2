/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --replay FILE in the report modes: the picture nearest --at through the
 * live reports' own writers (report_text, report_json), so the numbers
 * are the ones shown then; --history one JSON object a picture; --list
 * the entries sampled in an incident. */
#include "base/format.h"
#include "cli/record_cmd.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "cli/report.h"
#include "base/attime.h"
#include "record/replay.h"

static void report_picture(const struct options *o, const struct rec_picture *p)
{
	struct report_extra x = { .rates = &p->rates, .namespaces = p->has_ns ? &p->ns : NULL,
				  .owners = picture_owner_map(p) };
	if (o->mode == MODE_ONCE)
		report_text(stdout, &p->snap, &x);
	else
		report_json(stdout, &p->snap, &x);
}

static int take_time(const char *text, const char *opt, double dflt, double *t)
{
	char err[256];
	if (!text) {
		*t = dflt;
		return 0;
	}
	if (attime_parse(text, real_s(), t, err, sizeof err) == 0)
		return 0;
	fprintf(stderr, "ctdash: %s: %s\n", opt, err);
	return -1;
}

static int one_picture(const struct options *o, struct replay *r, double newest)
{
	char why[512], when[32], asked[32];
	double t, at;
	int64_t id;
	struct rec_picture p;
	if (take_time(o->at, "--at", newest, &t) < 0)
		return 2;
	if (replay_nearest(r, t, &id, &at, why, sizeof why) < 0 ||
	    replay_load(r, id, &p, why, sizeof why) < 0) {
		fprintf(stderr, "ctdash: --replay %s: %s\n", o->replay, why);
		return 1;
	}
	attime_format(at, when, sizeof when);
	attime_format(t, asked, sizeof asked);
	/* the picture's own time: a line of the text report, stderr for JSON */
	fprintf(o->mode == MODE_ONCE ? stdout : stderr, "%sreplay of %s: the picture of %s "
		"(asked for %s)\n", o->mode == MODE_ONCE ? "" : "ctdash: ", o->replay, when, asked);
	report_picture(o, &p);
	picture_free(&p);
	return 0;
}

struct history_walk {
	const struct options *o;
	struct replay *r;
	int status;
	bool said_format;
};

static int history_one(void *arg, int64_t id, double t)
{
	struct history_walk *w = arg;
	struct rec_picture p;
	char why[512];
	int ret = replay_load(w->r, id, &p, why, sizeof why);
	if (ret < 0) {
		/* a damaged picture is skipped, the rest still read; a format
		 * not read here (0.2.0's, before the file was recorded into
		 * again) is said once for all its pictures */
		if (ret != -2 || !w->said_format)
			fprintf(stderr, "ctdash: --replay %s: the picture of %.3f: %s\n", w->o->replay, t,
				why);
		w->said_format |= ret == -2;
		w->status = 1;
		return 0;
	}
	report_picture(w->o, &p);
	picture_free(&p);
	return ferror(stdout) ? 1 : 0;
}

static int history(const struct options *o, struct replay *r, double first, double last)
{
	double since, until;
	char why[512];
	if (take_time(o->since, "--since", first, &since) < 0 ||
	    take_time(o->until, "--until", last, &until) < 0)
		return 2;
	struct history_walk w = { o, r, 0, false };
	if (replay_each(r, since, until, history_one, &w, why, sizeof why) < 0) {
		fprintf(stderr, "ctdash: --replay %s: %s\n", o->replay, why);
		return 1;
	}
	return w.status;
}

static int sample(const struct options *o, struct replay *r, double newest)
{
	char why[512], start[32], end[32], when[32], sampled[48];
	double t, at = 0;
	struct rec_incident in;
	if (take_time(o->at, "--at", newest, &t) < 0)
		return 2;
	long rows = replay_sample(r, t, o->list_json, stdout, &in, &at, why, sizeof why);
	if (rows < 0) {
		fprintf(stderr, "ctdash: --replay %s: %s\n", o->replay, why);
		return 1;
	}
	fprintf(stderr, "ctdash: incident %lld (%s) from %s to %s: %s of the busiest "
		"source sampled at %s\n", (long long)in.id, in.why,
		attime_format(in.start, start, sizeof start), attime_format(in.end, end, sizeof end),
		fmt_counted(sampled, sizeof sampled, rows > 0 ? (uint64_t)rows : 0, "entry", "entries"),
		attime_format(at, when, sizeof when));
	return 0;
}

int replay_check(const struct options *o, double *at)
{
	char why[512];
	long count = 0;
	double first, last;
	*at = 0;
	if (o->at && take_time(o->at, "--at", 0, at) < 0)
		return -1;
	struct replay *r = replay_open(o->replay, why, sizeof why);
	if (!r) {
		fprintf(stderr, "ctdash: --replay: %s\n", why);
		return -1;
	}
	int ret = replay_span(r, &count, &first, &last, why, sizeof why);
	replay_close(r);
	if (ret < 0 || count == 0) {
		fprintf(stderr, "ctdash: --replay %s: %s\n", o->replay,
			ret < 0 ? why : "the recording holds no pictures");
		return -1;
	}
	return 0;
}

int run_replay(const struct options *o)
{
	char why[512];
	struct replay *r = replay_open(o->replay, why, sizeof why);
	if (!r) {
		fprintf(stderr, "ctdash: --replay: %s\n", why);
		return 1;
	}
	long count = 0;
	double first = 0, last = 0;
	int status;
	if (replay_span(r, &count, &first, &last, why, sizeof why) < 0) {
		fprintf(stderr, "ctdash: --replay %s: %s\n", o->replay, why);
		status = 1;
	} else if (count == 0) {
		fprintf(stderr, "ctdash: --replay %s: the recording holds no pictures\n", o->replay);
		status = 1;
	} else if (o->mode == MODE_HISTORY) {
		status = history(o, r, first, last);
	} else if (o->mode == MODE_LIST) {
		status = sample(o, r, last);
	} else { /* --once or --json; the dashboard is main's */
		status = one_picture(o, r, last);
	}
	replay_close(r);
	return status;
}
