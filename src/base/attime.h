/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TIME as --at, --since and --until take it: a clock time today (03:02,
 * 03:02:15; yesterday when that is still to come), a local date and time
 * (2026-12-07T03:02:15, seconds optional), an age (-20m, -90s, -2h, -1d),
 * Unix seconds (@1796677923.41, as the recording's t column says) or "now". Local time throughout, as the engineer's clock reads. */
#ifndef CTDASH_BASE_ATTIME_H
#define CTDASH_BASE_ATTIME_H

#include <stddef.h>

/* Into *t (Unix seconds), now being Unix seconds. 0, or -1 with the
 * reason in err. */
int attime_parse(const char *text, double now, double *t, char *err, size_t errlen);

/* t as local "YYYY-MM-DD HH:MM:SS" (buf of at least 20 bytes). */
char *attime_format(double t, char *buf, size_t n);

#endif
