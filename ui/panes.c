/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "panes.h"

#include <stdlib.h>
#include <string.h>

/* Every pane of the grid, in the order Tab visits them (left to right,
 * top row first), one line each: its module defines the class. */
static const struct pane_class *const registry[] = {
	&protocols_pane,
	&tcp_pane,
	&sources_pane,
	&destinations_pane,
	&dports_pane,
	&cpus_pane,
};
#define NPANES ((int)(sizeof registry / sizeof registry[0]))
_Static_assert(sizeof registry / sizeof registry[0] <= LAYOUT_PANES_MAX, "raise LAYOUT_PANES_MAX");

/* The registry's run of panes that take turns in one place. */
static struct layout_turns turns(void)
{
	struct layout_turns t = { 0, 0 };
	for (int i = 0; i < NPANES; i++)
		if (registry[i]->takes_turns) {
			if (!t.n)
				t.first = i;
			t.n = i + 1 - t.first;
		}
	return t;
}

static bool in_turns(struct layout_turns t, int i)
{
	return t.n > 1 && i >= t.first && i < t.first + t.n;
}

int panes_count(void)
{
	return NPANES;
}

int panes_init(struct panes *ps)
{
	memset(ps, 0, sizeof *ps);
	ps->turn = turns().first;
	for (int i = 0; i < NPANES; i++) {
		ps->state[i] = calloc(1, registry[i]->size);
		if (!ps->state[i]) {
			panes_free(ps);
			return -1;
		}
		ps->n = i + 1;
		registry[i]->init(ps->state[i]);
	}
	return 0;
}

void panes_free(struct panes *ps)
{
	for (int i = 0; i < ps->n; i++) {
		if (registry[i]->free)
			registry[i]->free(ps->state[i]);
		free(ps->state[i]);
		ps->state[i] = NULL;
	}
	ps->n = 0;
}

int panes_update(struct panes *ps, const struct ct_snapshot *s)
{
	int ret = 0;
	for (int i = 0; i < ps->n; i++)
		ret |= registry[i]->update(ps->state[i], s);
	return ret ? -1 : 0;
}

const struct pane_class *panes_class(int i)
{
	return i >= 0 && i < NPANES ? registry[i] : NULL;
}

void *panes_state(const struct panes *ps, const struct pane_class *pc)
{
	for (int i = 0; i < ps->n; i++)
		if (registry[i] == pc)
			return ps->state[i];
	return NULL;
}

struct panel *panes_panel(struct panes *ps, int i)
{
	return i >= 0 && i < ps->n ? registry[i]->panel(ps->state[i]) : NULL;
}

void panes_layout(const struct panes *ps, int rows, int cols, struct layout *l)
{
	layout_compute_turns(rows, cols, ps->n, turns(), l);
}

void panes_fit(struct panes *ps, const struct layout *l)
{
	for (int i = 0; i < ps->n && i < l->npanes; i++)
		panel_set_height(panes_panel(ps, i), registry[i]->rows_in(ps->state[i], l->panes[i]));
}

void panes_draw(struct panes *ps, const struct layout *l, int focus)
{
	if (in_turns(turns(), focus))
		ps->turn = focus;
	for (int i = 0; i < ps->n && i < l->npanes; i++) {
		struct rect r = l->panes[i];
		if (in_turns(l->turns, i) && i != ps->turn)
			continue;   /* its place shows another of them */
		/* a column of space between panes side by side */
		if (r.x + r.w < l->cols)
			r.w--;
		registry[i]->draw(ps->state[i], r, i == focus);
	}
}

const char *pane_name(int i)
{
	return i >= 0 && i < NPANES ? registry[i]->name : "";
}

bool panes_drill(struct panes *ps, int i, char *filter, size_t n)
{
	if (i < 0 || i >= ps->n || !registry[i]->drill)
		return false;
	return registry[i]->drill(ps->state[i], filter, n);
}
