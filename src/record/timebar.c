/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/timebar.h"

#include <math.h>
#include <string.h>

/* The cell t falls in, or -1 when t is not a number or outside the span
 * (a recording's incidents are read from a file: any value can come). */
static int cell_of(double t, double first, double last, unsigned cells)
{
	if (!(t >= first && t <= last))
		return -1;
	if (!(last > first))
		return 0;
	double c = floor((t - first) / (last - first) * cells);
	return c >= cells ? (int)cells - 1 : (int)c;
}

/* Clamped into the span, so an incident that began before the first
 * picture kept still marks the cells it covers. */
static double clamp(double t, double first, double last)
{
	return t < first ? first : t > last ? last : t;
}

void timebar_draw(char *out, size_t n, unsigned cells, double first, double last, double at,
		  const struct rec_incident *in, unsigned nin)
{
	if (cells > TIMEBAR_MAX_CELLS)
		cells = TIMEBAR_MAX_CELLS;
	if (n < (size_t)cells + 3 || cells == 0 || !(last >= first)) {
		if (n)
			out[0] = '\0';
		return;
	}
	char *bar = out + 1;
	out[0] = '[';
	memset(bar, '-', cells);
	for (unsigned i = 0; i < nin; i++) {
		if (!(in[i].end >= first && in[i].start <= last && in[i].start <= in[i].end))
			continue;
		int from = cell_of(clamp(in[i].start, first, last), first, last, cells);
		int to = cell_of(clamp(in[i].end, first, last), first, last, cells);
		for (int c = from; c >= 0 && c <= to; c++)
			bar[c] = '!';
	}
	int here = cell_of(at, first, last, cells);
	if (here >= 0)
		bar[here] = '|';
	bar[cells] = ']';
	bar[cells + 1] = '\0';
}
