/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line. */
#ifndef CTDASH_OPTIONS_H
#define CTDASH_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "model/filter.h"

enum ctd_mode {
	MODE_DASHBOARD,
	MODE_ONCE,
	MODE_JSON,
	MODE_HELP,
	MODE_VERSION,
	MODE_UNDO_LAST,  /* --undo-last: revert one journalled change, then exit */
	MODE_PROMETHEUS, /* --prometheus: the Prometheus text format once */
	MODE_EXPORTER,   /* --listen and/or --textfile: export until stopped */
	MODE_LIST,       /* --list [FILTER]: the matching entries, then exit */
	MODE_DELETE,     /* --delete FILTER: delete the matching entries, then exit */
	MODE_RECORD,     /* --record FILE without a terminal: record until stopped */
	MODE_HISTORY,    /* --replay FILE --history: one JSON object a picture */
};

#define FILTER_TEXT_MAX (FILTER_LEN_MAX + 1) /* model/filter.h: one limit everywhere */

struct options {
	enum ctd_mode mode;
	unsigned top_n;         /* --top, 1..CT_TOP_MAX */
	unsigned delay_tenths;  /* --delay, refresh interval */
	const char *netns;      /* --netns NAME */
	pid_t netns_pid;        /* --netns-pid PID, 0 when not given */
	bool color;             /* false with --no-color or NO_COLOR set */
	bool read_only;         /* --read-only: no write of any kind */
	const char *journal;    /* --journal PATH, NULL for the default */
	bool demo;              /* --demo: a private namespace with generated traffic */
	unsigned interval_s;    /* --interval S with --once/--json: two collections
				   S seconds apart, rates between them; 0: one */
	int source;             /* --source: enum ct_source_pref (collect/snapshot.h) */
	const char *listen_addr; /* --listen [ADDR:]PORT: ADDR, "127.0.0.1" if none */
	unsigned listen_port;   /* 0 when not listening */
	const char *textfile;   /* --textfile PATH */
	bool all_netns;         /* --all-netns */
	unsigned max_series;    /* --max-series: namespaces with series of their own */
	char listen_buf[64];    /* holds listen_addr when one was given */
	/* --list and --delete */
	char filter[FILTER_TEXT_MAX]; /* the words after the options, joined by
				   spaces ("" when none) */
	bool list_json;         /* --list --json: one object a line */
	const char *sort;       /* --sort KEY[,KEY] */
	uint64_t limit;         /* --limit N, 0: all */
	unsigned yes;           /* --yes given: 1; --yes --yes: 2 (a big delete) */
	bool resolve;           /* --list --resolve: names for addresses */
	const char *view;       /* --view NAME, NULL without it; the dashboard
				   knows the names (main checks it), the
				   filter is the list's */
	/* the flight recorder (issue 20) */
	const char *record;     /* --record FILE */
	double record_max_age_s; /* --record-max-age DURATION */
	uint64_t record_max_bytes; /* --record-max-size SIZE */
	const char *replay;     /* --replay FILE */
	const char *at;         /* --at TIME, NULL: the newest picture */
	bool history;           /* --replay --history */
	const char *since, *until; /* --since T, --until T */
	bool record_json;       /* --record --json: print each picture too */
};

#define DEFAULT_TOP 10
#define DEFAULT_DELAY 20
#define MAX_INTERVAL 3600
#define DEFAULT_MAX_SERIES 200
#define MAX_SERIES_MAX 100000

/* Parse argv into o. Returns 0, or -1 with a one-line reason in err. */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen);
void options_usage(FILE *out);
/* "[ADDR:]PORT" ("[V6]:PORT" for IPv6) into addr (loopback if none) and
 * port 1-65535. 0, or -1 with a reason in err. */
int options_parse_listen(const char *arg, char *addr, size_t addrlen, unsigned *port,
			 char *err, size_t errlen);

#endif
