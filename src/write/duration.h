/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Timeouts as a person types them: "30", "30s", "10m", "2h", "5d",
 * "1h30m"; and a ladder of common values for stepping with + and -. */
#ifndef CTDASH_DURATION_H
#define CTDASH_DURATION_H

#include <limits.h>

/* The largest timeout a conntrack sysctl can hold: it is an int. */
#define DURATION_MAX INT_MAX

/* Parse text into seconds. Surrounding blanks are ignored; a plain
 * number is seconds; otherwise each number carries a unit (s, m, h, d),
 * largest unit first, each unit at most once. Returns NULL and sets
 * *seconds, or returns a sentence saying why the text was refused
 * (*seconds is then untouched). */
const char *duration_parse(const char *text, long *seconds);

/* The first ladder value above cur, or cur when none is. */
long duration_step_up(long cur);
/* The last ladder value below cur, or cur when none is. */
long duration_step_down(long cur);

/* The ladder itself, ascending. */
const long *duration_ladder(unsigned *n);

#endif
