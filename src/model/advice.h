/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advice: what the figures suggest doing, following the diagnosis steps
 * in the notes ctdash grew from. Pure: it reads a snapshot and, when two
 * were taken, how the kernel's counters moved between them; nothing else.
 *
 * Every item has a stable id (listed in ctdash(8), ADVICE section), a
 * level, one sentence, the numbers that fired it (evidence), the exact
 * shell lines that act on it (commands), and the dashboard key that
 * applies it through the journalled write path when there is one. */
#ifndef CTDASH_ADVICE_H
#define CTDASH_ADVICE_H

#include <stdbool.h>

#include "model/model.h"

enum advice_level { ADVICE_INFO, ADVICE_WARN, ADVICE_CRIT };

/* The thresholds, as ctdash(8) documents them. */
/* below this many entries no traffic pattern is worth acting on */
#define ADVICE_MIN_ENTRIES 1000
/* count / max at or above which "fill" is critical, or a warning */
#define ADVICE_FILL_CRIT 0.90
#define ADVICE_FILL_WARN 0.80
/* "filling": full within this many seconds at the current growth */
#define ADVICE_FILL_HORIZON 600.0
/* "buckets": past 2/3 occupied buckets collisions lengthen lookups */
#define ADVICE_CROWDED (2.0 / 3.0)
/* "ratio": a full table averages more than this many entries a bucket */
#define ADVICE_MAX_PER_BUCKET 4.0
/* a TCP state ("time_wait", ...) holding this share of all entries */
#define ADVICE_STATE_SHARE 0.5
/* "established" only once the table is this full */
#define ADVICE_ESTABLISHED_MIN_FILL 0.2
/* "loopback": entries from loopback sources, this share of all */
#define ADVICE_LOOPBACK_SHARE 0.5
/* "port": one destination port, this share of all entries */
#define ADVICE_PORT_SHARE 0.5
/* "unreplied": this share never answered, once the table is this full */
#define ADVICE_UNREPLIED_SHARE 0.5
#define ADVICE_UNREPLIED_MIN_FILL 0.2
/* "chain_attack": search_restart rising this fast (per second), or any
 * chaintoolong */
#define ADVICE_SEARCH_RESTART_RATE 100.0
/* "small_defaults": max at most this on a host with at least this RAM */
#define ADVICE_SMALL_MAX 65536
#define ADVICE_BIG_RAM (8ull << 30)

#define ADVICE_MAX 20
/* room for the longest sentence any rule writes, with its numbers: the
 * text is never cut (test_advice checks every item ends its sentence) */
#define ADVICE_TEXT 640
#define ADVICE_EVIDENCE 8
#define ADVICE_COMMANDS 10
#define ADVICE_COMMAND_LEN 240

/* One number that fired a rule; text instead when it is a name. */
struct advice_evidence {
	char name[32];
	double value;
	int decimals;    /* 0: a whole number */
	char text[48];   /* when not "", the value is this string */
};

struct advice {
	enum advice_level level;
	char id[24];             /* stable key, e.g. "time_wait" */
	char text[ADVICE_TEXT];  /* one sentence or two */
	/* a sysctl change that would act on it, or name "" */
	char sysctl[CT_SYSCTL_NAME_MAX];
	long suggested;
	struct advice_evidence evidence[ADVICE_EVIDENCE];
	unsigned nevidence;
	char commands[ADVICE_COMMANDS][ADVICE_COMMAND_LEN];
	unsigned ncommands;
	char key[16];            /* dashboard key(s) applying it, "" none */
	/* relief by a delete: the list's filter for the entries it names, ""
	 * none; Enter opens the list with it and the delete question */
	char filter[CT_LIST_FILTER_MAX];
	/* relief items: the action and its effect in a few words, for the
	 * line under the banner ("delete 261,630 TIME_WAIT entries: fill
	 * 100% -> 14%"); "" for the rest */
	char summary[160];
};

/* The kernel counters the rules watch rise. */
enum advice_counter {
	AC_DROP,
	AC_EARLY_DROP,
	AC_INSERT_FAILED,
	AC_SEARCH_RESTART,
	AC_CHAIN_TOOLONG,
	AC_NCOUNTERS
};

/* What moved between two snapshots of the same namespace. */
struct advice_rates {
	bool known;                   /* two snapshots with counters */
	double seconds;               /* between them */
	uint64_t rose[AC_NCOUNTERS];  /* increase over that interval */
	bool growth_known;
	double growth_per_sec;        /* nf_conntrack_count change per second */
	/* wall-clock seconds (0 = not seen while watching) */
	double last_drop_at;          /* drop or early_drop last rose */
	double dropping_since;        /* start of the current (or last) run of drops */
	uint64_t run_drops;           /* drops during that run */
	uint64_t run_early_drops;     /* evictions during that run */
	double run_rate;              /* drops a second in the last interval with any */
	double newest_at;             /* wall clock of the newest snapshot */
};

/* Drops less than this many seconds apart belong to one run: sparse drops
 * (one every few refreshes) are one episode, not many. */
#define ADVICE_RUN_GAP 10.0

/* Feeds snapshots one after another and keeps the rates (the dashboard
 * after each refresh; --interval with its two collections). */
struct advice_tracker {
	bool have_prev;
	double prev_t;                /* monotonic seconds */
	uint64_t prev_v[AC_NCOUNTERS];
	uint64_t prev_count;
	struct advice_rates rates;
};

void advice_tracker_init(struct advice_tracker *tr);
/* Add s, taken at monotonic time t (seconds). */
void advice_track(struct advice_tracker *tr, double t, const struct ct_snapshot *s);
/* The kernel's sum over CPUs of counter c in s; false when not read. */
bool advice_counter_value(const struct ct_snapshot *s, enum advice_counter c, uint64_t *v);
const char *advice_counter_name(enum advice_counter c);
/* Whether the kernel dropped or evicted during the last interval. */
bool advice_dropping_now(const struct advice_rates *r);
/* Whether the current run of drops goes on: a drop in the last
 * ADVICE_RUN_GAP seconds before the newest snapshot. */
bool advice_drop_run_on(const struct advice_rates *r);

/* The one "full in" estimate: net growth a second over a stated window,
 * the snapshot's own (s->rates, the same the header, the churn view and
 * --json give), else what the tracker saw between the last two
 * snapshots. False when neither is known. */
bool advice_growth(const struct ct_snapshot *s, const struct advice_rates *r, double *per_sec,
		   double *window_s);

/* Whether the table needs room now: the kernel drops (or did in the
 * last ADVICE_RUN_GAP seconds), the count is at max, or it will be at
 * the current growth within ADVICE_FILL_HORIZON. Then the first advice
 * item is the relief (advice_relief.c). */
bool advice_relief_needed(const struct ct_snapshot *s, const struct advice_rates *r);
/* Entries that hold a slot without traffic: TIME_WAIT, CLOSE, LAST_ACK,
 * and UDP/ICMP flows never answered. */
uint64_t advice_idle_entries(const struct ct_tally *t);

/* Fill out[] with what applies, most urgent first; returns how many. r
 * is NULL (or not known) when only one snapshot was taken: then nothing
 * can be said to be rising. */
unsigned advise_rates(const struct ct_snapshot *s, const struct advice_rates *r,
		      struct advice *out, unsigned max);
/* advise_rates without rates. */
unsigned advise(const struct ct_snapshot *s, struct advice *out, unsigned max);
/* Most urgent first, keeping the order of items of one level. */
void advice_sort(struct advice *items, unsigned n);
const char *advice_level_name(enum advice_level l);

#endif
