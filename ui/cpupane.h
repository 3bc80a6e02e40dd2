/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-CPU counters pane: one row per CPU and one for their sum, one
 * column per counter the kernel sends, as many as the width allows. */
#ifndef CTDASH_CPUPANE_H
#define CTDASH_CPUPANE_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "model/model.h"
#include "pane.h"
#include "panel.h"

struct cpu_pane {
	struct panel panel;
	/* row 0 is the sum; rows 1..ncpu the CPUs, in the kernel's order */
	struct ct_cpu_stats *cur, *prev;
	unsigned ncur, nprev;
	uint32_t present;        /* counters the kernel sent */
	bool have_prev;
	const char *empty;       /* why there are no rows */
	char title[64];
};

void cpu_pane_init(struct cpu_pane *cp);
void cpu_pane_free(struct cpu_pane *cp);
/* Take the counters of s; -1 when out of memory. */
int cpu_pane_update(struct cpu_pane *cp, const struct ct_snapshot *s);
/* Counter attribute numbers in the order columns are given room:
 * the ones that mean trouble first. Returns how many. */
unsigned cpu_pane_columns(uint32_t present, unsigned *attrs, unsigned max);
/* True when counter attr of row went up since the previous snapshot and
 * is one whose rise means packets are lost. */
bool cpu_pane_alarm(const struct cpu_pane *cp, int row, unsigned attr);

int cpu_pane_rows_in(struct rect r);
void cpu_pane_draw(struct cpu_pane *cp, struct rect r, bool focused);

/* The pane in the grid (registered in panes.c). */
extern const struct pane_class cpus_pane;

#endif
