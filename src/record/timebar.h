/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recording as a bar for the replay's title: where the picture shown
 * lies between the first and the last, and where the incidents are. */
#ifndef CTDASH_RECORD_TIMEBAR_H
#define CTDASH_RECORD_TIMEBAR_H

#include <stddef.h>

#include "record/replay.h"

#define TIMEBAR_MAX_CELLS 64

/* "[--!!--|---]": cells cells between brackets, each one
 * (last - first) / cells of the recording: '-' time, '!' a cell an
 * incident covers, '|' the picture at `at` (over an incident). Incidents
 * outside [first, last] and times that are not numbers mark nothing.
 * out gets at most cells + 3 bytes (cells capped at TIMEBAR_MAX_CELLS);
 * "" when n is too small or cells is 0. */
void timebar_draw(char *out, size_t n, unsigned cells, double first, double last, double at,
		  const struct rec_incident *in, unsigned nin);

#endif
