/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a recording back: which pictures it holds, the one nearest a
 * time, a picture whole, the incidents and their samples. The file gets
 * the journal's trust rules; a damaged file is read up to the damage,
 * with the reason. Nothing here writes to the recording. */
#ifndef CTDASH_RECORD_REPLAY_H
#define CTDASH_RECORD_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "record/picture.h"

struct replay;

struct rec_incident {
	int64_t id;
	double start, end, peak;
	double peak_fill, peak_drops_per_s;
	char why[16];            /* "drops" or "fill": what opened it */
};

/* NULL with the reason in why (refused, not a recording, empty). */
struct replay *replay_open(const char *path, char *why, size_t n);
void replay_close(struct replay *r);

/* How many pictures, the first's and the last's time. 0, or -1 (why). */
int replay_span(struct replay *r, long *count, double *first, double *last, char *why, size_t n);
/* The picture nearest t: its id and time. 0, -1 when none (why). */
int replay_nearest(struct replay *r, double t, int64_t *id, double *at, char *why, size_t n);
/* The picture before (dir < 0) or after (dir > 0) the one at t; -1 at the end. */
int replay_step(struct replay *r, double t, int dir, int64_t *id, double *at);
/* The picture whole (p's arrays malloc'd: picture_free), and who owned
 * its addresses (p->owners). 0, or -1 (why: damaged, and where); -2 when
 * it is in a format this ctdash does not read (0.2.0's). */
int replay_load(struct replay *r, int64_t id, struct rec_picture *p, char *why, size_t n);

/* Call fn for every picture with since <= t <= until, in order; stops
 * when fn returns nonzero. 0, or -1 when the file broke off (why says
 * where). */
int replay_each(struct replay *r, double since, double until,
		int (*fn)(void *arg, int64_t id, double t), void *arg, char *why, size_t n);

/* The incidents, oldest first, into a malloc'd array. 0, or -1 (why). */
int replay_incidents(struct replay *r, struct rec_incident **out, unsigned *n_out, char *why, size_t n);

/* The sample of the incident nearest t (the one kept nearest its peak):
 * one line a row on out, as text columns or one JSON object a line. How
 * many rows, or -1 (why). *incident and *at say whose and when. */
long replay_sample(struct replay *r, double t, bool json, FILE *out, struct rec_incident *incident,
		   double *at, char *why, size_t n);

#endif
