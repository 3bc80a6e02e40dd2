/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The help screen: every key (from the key table itself), what the
 * colours mean, and what watching costs, measured while running. */
#ifndef CTDASH_HELP_H
#define CTDASH_HELP_H

#include <stdint.h>

#include "layout.h"
#include "panel.h"

#define HELP_LINES 160
#define HELP_WIDTH 160
/* the longest line the help builds: it is read in 80 columns, one taken by
 * the pane's margin and one spare */
#define HELP_WRAP 78

/* What the dashboard measured about itself; a figure of 0 is not known yet. */
struct help_figures {
	double collect_cpu_ms_last, collect_cpu_ms_mean; /* per refresh */
	double draw_cpu_ms;       /* last screen update, UI thread */
	double dump_ms;           /* last collection, wall time */
	uint64_t entries;         /* in the last dump */
	uint64_t refreshes;
	unsigned interval_ms, effective_ms;
	double first_screen_ms;   /* start to first complete screen */
	double key_last_ms, key_max_ms;      /* key read to screen updated */
	double key_dump_max_ms;   /* the slowest while a dump was running */
	unsigned keys, keys_during_dump;
	double write_key_ms;      /* the last y that wrote: key read to result shown */
	double write_key_max_ms;  /* the slowest of them */
	double write_apply_ms;    /* of the last, the write path (journal fsync included) */
	unsigned writes;
	bool demo;                /* --demo runs: list its keys */
	/* names (r), once turned on: rdns_get_stats's figures */
	bool names_started;
	uint64_t names_lookups, names_hits, names_dropped;
	unsigned names_held, names_capacity;
};

struct help {
	struct panel panel;
	char lines[HELP_LINES][HELP_WIDTH];
	int n;
};

void help_init(struct help *h);
/* (Re)write the text with the latest figures. */
void help_build(struct help *h, const struct help_figures *f);
void help_draw(struct help *h, struct rect r);

#endif
