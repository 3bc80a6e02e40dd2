/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Each namespace's top churner: the source address making most new
 * entries there. The kernel's per-namespace insert counter reads 0 on
 * recent kernels and a dump per namespace walks the host's whole table,
 * so new entries are heard as they are made: a NEW-only event socket
 * opened inside the namespace (collect/churnwatch.c). Listening costs the
 * packet path of that namespace ~2 us per new entry, so only a few
 * namespaces are watched at once (NSCHURN_WATCH_MAX), chosen here: the
 * one selected on the screen, then those dropping, then those growing
 * fastest, then the others that hold entries, in turn. */
#ifndef CTDASH_NSCHURN_H
#define CTDASH_NSCHURN_H

#include <stdbool.h>
#include <stdint.h>

#define NSCHURN_WATCH_MAX 8
#define NSCHURN_WATCH_MAX_TEXT "8"
/* A watched namespace that is only "in turn" keeps its socket this long
 * before the next one's turn, so each turn measures something. */
#define NSCHURN_HOLD_S 6.0
/* Listening shorter than this measures nothing yet. */
#define NSCHURN_MIN_LISTEN_S 1.0

enum churn_state {
	CHURN_NONE = 0,        /* not looked for (a recording, a report without it) */
	CHURN_MEASURED,        /* top source known */
	CHURN_QUIET,           /* watched, or holding nothing: no new entry */
	CHURN_NOT_WATCHED,     /* beyond the busiest that are watched */
	CHURN_MEASURING,       /* watched, not long enough yet */
	CHURN_UNREADABLE,      /* could not be entered, or no socket there */
};

struct ns_churn {
	enum churn_state state;
	const char *why;       /* static text: why not measured, or NULL */
	uint8_t family;        /* the top source, when measured */
	uint8_t addr[16];
	double top_per_s;      /* its new entries a second */
	double top_error_per_s; /* how much of that may be another source's */
	double new_per_s;      /* all new entries a second in the namespace */
	double listened_s;     /* the measurement's length */
	unsigned sampled_k;    /* 1: every NEW event heard; k: listened 1/k of the time */
	double age_s;          /* seconds since the measurement ended (0: live) */
};

/* "measured", "quiet", "not_watched", "measuring", "unreadable", "none". */
const char *nschurn_state_name(enum churn_state s);

struct ns_table;
/* When each namespace was last given its turn, by inode (0: never); the
 * caller keeps it (collect/churnwatch.c). */
typedef double (*nschurn_turn_fn)(void *arg, uint64_t inode);

/* The namespaces to watch, by inode, best first, at most max (<=
 * NSCHURN_WATCH_MAX): selected (0: none) first, then dropping (drop rate,
 * highest first), growing (count rise a second), then in turn the others
 * that hold entries, the least recently watched first (turn(), the
 * fullest first among equals). t's rates come from nsstats_rates. */
unsigned nschurn_choose(const struct ns_table *t, uint64_t selected, nschurn_turn_fn turn,
			void *turn_arg, uint64_t *out, unsigned max);

#endif
