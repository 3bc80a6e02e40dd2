/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The line that shouts while the kernel drops packets: at the top of
 * every view, red (reverse and bold without colour). When the drops stop
 * it stays, dimmed, with the time of the last one, until x dismisses it;
 * new drops bring it back. Drops less than ADVICE_RUN_GAP apart are one
 * run: the line stays red between them. */
#ifndef CTDASH_BANNER_H
#define CTDASH_BANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "model/advice.h"

enum banner_state {
	BANNER_NONE,
	BANNER_DROPPING,   /* drop or early_drop rose in the last refresh */
	BANNER_STOPPED,    /* they did while watched, not any more */
};

struct banner {
	double dismissed_drop;  /* last_drop_at when x was pressed */
};

void banner_init(struct banner *b);
enum banner_state banner_state(const struct banner *b, const struct advice_rates *r);
/* The words, e.g. "TABLE FULL: dropping packets since 14:03:12, 1,204
 * drops, 37/s". Pure: no curses. Returns buf. */
char *banner_text(const struct advice_rates *r, enum banner_state st, char *buf, size_t n);
/* x: hide a stopped banner until the next drop. false when there is
 * nothing to dismiss (none shown, or the drops go on). */
bool banner_dismiss(struct banner *b, const struct advice_rates *r);
void banner_draw(struct rect r, const struct advice_rates *rates, enum banner_state st);
/* The line under it while the table needs room now: the first advice
 * item's action and effect, and its key, or why it cannot be done here
 * (refusal, NULL when it can). Pure: no curses. Returns buf. */
char *banner_relief_text(const struct advice *a, const char *refusal, char *buf, size_t n);
void banner_draw_relief(struct rect r, const struct advice *a, const char *refusal);

#endif
