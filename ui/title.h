/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The title line: where ctdash looks, how often, and in what state. */
#ifndef CTDASH_TITLE_H
#define CTDASH_TITLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

struct title_info {
	const char *host, *netns, *kernel;  /* netns "" for ctdash's own */
	bool netns_gone;         /* the name no longer points at it */
	unsigned interval_ms, effective_ms;
	bool read_only;
	bool paused;
	bool dumping;
	uint64_t progress;       /* entries of the running dump so far */
	double last_complete;    /* realtime seconds; 0 when none yet */
	bool newest_incomplete;  /* the newest dump was partial */
	bool dump_denied;        /* no privilege to dump at all */
	double cpu_ms;           /* per refresh, 0 when not known yet */
	unsigned advice;         /* advice items (the a view), 0 for none */
	bool advice_alert;       /* one of them is a warning or worse */
	bool demo;               /* --demo runs */
	unsigned demo_rate;      /* its new flows per second */
	char source[72];         /* events or dumps (and why dumps), churn.c */
	char source_why[160];    /* "(what auto weighed)" on events, or "" */
	bool source_alert;       /* events lost, or dumps for want of them */
	char past[72];           /* "PAST 03:02:15 (l: live)", "" when live */
	char timebar[72];        /* "[--!--|--]": the recording, the picture's place */
};

/* A piece of the title; the ones of lowest priority go first when the
 * line is too narrow. */
struct title_piece {
	char text[160];
	int priority;
	bool alert;
};

/* Join the pieces, in order, with two spaces, leaving out the lowest
 * priorities until it fits width columns (then taking back, by priority,
 * the dropped ones that fit after all). Returns how many were kept;
 * keep[i] says which. */
int title_fit(const struct title_piece *pieces, int n, int width, bool *keep);
/* The pieces for info; returns how many (at most max). */
int title_pieces(const struct title_info *ti, struct title_piece *out, int max);

void title_draw(struct rect r, const struct title_info *ti);

#endif
