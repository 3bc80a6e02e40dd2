/* Where everything goes for a terminal of a given size. Pure arithmetic,
 * no curses, so every size can be tested. */
#ifndef CTDASH_LAYOUT_H
#define CTDASH_LAYOUT_H

#include <stdbool.h>

/* Below this the dashboard shows a notice instead of drawing garbage. */
#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 18

enum pane_id {
	PANE_PROTOCOLS,
	PANE_TCP,
	PANE_SOURCES,
	PANE_CPU,
	PANE_COUNT
};

enum meter_id {
	METER_FILL,
	METER_BUCKETS,
	METER_MEMORY,
	METER_DROPS,
	METER_COUNT
};

struct rect {
	int y, x, h, w;
};

struct layout {
	int rows, cols;
	bool too_small;
	struct rect title;
	struct rect meters[METER_COUNT];
	struct rect spark;
	struct rect panes[PANE_COUNT];
	struct rect main;   /* where the panes are: the full-width views go there */
	struct rect status;
};

void layout_compute(int rows, int cols, struct layout *l);

#endif
