/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dashboard: the one entry point into ui/. No curses types here, so
 * main.c stays free of them. */
#ifndef CTDASH_UI_H
#define CTDASH_UI_H

#include <stdbool.h>
#include <stddef.h>

struct demo;
struct record_feed;

/* What the dashboard is asked to do: the command line's choices, filled
 * in by main (ui/ never sees the command line's own struct). */
struct ui_settings {
	unsigned top_n;        /* entries in each top list */
	unsigned delay_tenths; /* refresh interval */
	int source;            /* enum ct_source_pref (collect/snapshot.h) */
	bool color;
	bool read_only;        /* no write of any kind */
	const char *journal;   /* the journal's path, NULL for the default */
	const char *view;      /* --view: a view's name, NULL for the panes */
	const char *filter;    /* the list's filter with view "list" */
	struct record_feed *record; /* --record: every snapshot goes to it; NULL */
	const char *record_path;    /* its file, which [ and ] step through */
	/* --replay FILE on the dashboard: the recording alone, from the
	 * picture nearest replay_at (Unix seconds; 0: the newest) */
	const char *replay_path;
	double replay_at;
	bool workloads;        /* --all-netns: each address's workload beside it */
};

/* Draw the live dashboard of the current network namespace (entered by
 * the caller; netns_label names it, "" for the caller's own) until the
 * user quits. Returns the exit status: 0 after q or F10, 2 when there is
 * no terminal to draw on, 128 + the signal after SIGINT, SIGTERM or
 * SIGHUP (the terminal is restored on every path). demo is --demo's
 * running demo (its keys set the load), NULL without --demo. */
/* 0 when name is a view --view may open; else -1 and a sentence in err
 * that lists them. */
int ui_check_view(const char *name, char *err, size_t n);

int ui_run(const struct ui_settings *o, const char *netns_label, struct demo *demo);

#endif
