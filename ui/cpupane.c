/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cpupane.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/labels.h"
#include "screen.h"
#include "text.h"

#define CPU_W 5      /* "cpu12" */
#define MIN_COL_W 7

/* Counters by how much their column matters; the kernel's own names, so
 * ui/ needs no netlink header to know them. */
static const char *const column_order[] = {
	"drop", "early_drop", "insert_failed", "invalid", "error", "search_restart",
	"clash_resolve", "chaintoolong", "found", "insert",
};
/* A rise in these means packets were lost or the hash chains are too long. */
static const char *const alarming[] = {
	"drop", "early_drop", "insert_failed", "error", "chaintoolong",
};

static const char *row_name(void *ctx, int row, char *buf, size_t n)
{
	struct cpu_pane *cp = ctx;
	if (row == 0)
		return "all";
	snprintf(buf, n, "cpu%u", cp->cur[row].cpu);
	return buf;
}

void cpu_pane_init(struct cpu_pane *cp)
{
	memset(cp, 0, sizeof *cp);
	panel_init(&cp->panel, row_name, cp);
	snprintf(cp->title, sizeof cp->title, "Per-CPU counters since boot");
}

void cpu_pane_free(struct cpu_pane *cp)
{
	free(cp->cur);
	free(cp->prev);
	cp->cur = cp->prev = NULL;
	cp->ncur = cp->nprev = 0;
}

static int attr_by_name(const char *name)
{
	for (unsigned a = 1; a < CT_STAT_SLOTS; a++) {
		const char *have = ct_stat_name(a);
		if (have && strcmp(have, name) == 0)
			return (int)a;
	}
	return -1;
}

unsigned cpu_pane_columns(uint32_t present, unsigned *attrs, unsigned max)
{
	unsigned n = 0;
	uint32_t taken = 0;
	for (size_t i = 0; i < sizeof column_order / sizeof column_order[0] && n < max; i++) {
		int a = attr_by_name(column_order[i]);
		if (a > 0 && (present & (1u << a))) {
			attrs[n++] = (unsigned)a;
			taken |= 1u << a;
		}
	}
	/* counters of a newer kernel, by number */
	for (unsigned a = 1; a < CT_STAT_SLOTS && n < max; a++)
		if ((present & (1u << a)) && !(taken & (1u << a)))
			attrs[n++] = a;
	return n;
}

int cpu_pane_update(struct cpu_pane *cp, const struct ct_snapshot *s)
{
	char selected[32] = "";
	char buf[32];
	if (cp->panel.sel < (int)cp->ncur)
		snprintf(selected, sizeof selected, "%s", row_name(cp, cp->panel.sel, buf, sizeof buf));
	/* the newest becomes the previous; row 0 holds the sums */
	struct ct_cpu_stats *old = cp->prev;
	cp->prev = cp->cur;
	cp->nprev = cp->ncur;
	cp->have_prev = cp->ncur > 0;
	cp->cur = realloc(old, (s->ncpu + 1) * sizeof *cp->cur);
	if (!cp->cur) {
		cp->ncur = 0;
		return -1;
	}
	memset(&cp->cur[0], 0, sizeof cp->cur[0]);
	memcpy(cp->cur[0].v, s->stat_total, sizeof s->stat_total);
	cp->cur[0].present = s->stat_present;
	if (s->ncpu)
		memcpy(&cp->cur[1], s->cpu, s->ncpu * sizeof *s->cpu);
	cp->ncur = s->ncpu + 1;
	cp->present = s->stat_present;
	cp->empty = s->part_err[CT_PART_STATS] ? part_problem(s, CT_PART_STATS) : NULL;
	if (cp->empty)
		cp->ncur = 0;
	panel_set_rows(&cp->panel, (int)cp->ncur);
	if (*selected)
		panel_follow(&cp->panel, selected);
	return 0;
}

static bool is_alarming(unsigned attr)
{
	const char *name = ct_stat_name(attr);
	for (size_t i = 0; name && i < sizeof alarming / sizeof alarming[0]; i++)
		if (strcmp(alarming[i], name) == 0)
			return true;
	return false;
}

bool cpu_pane_alarm(const struct cpu_pane *cp, int row, unsigned attr)
{
	if (!cp->have_prev || row < 0 || (unsigned)row >= cp->ncur || !is_alarming(attr))
		return false;
	/* CPUs are matched by number: a CPU going offline shifts the rows */
	const struct ct_cpu_stats *now = &cp->cur[row];
	for (unsigned i = 0; i < cp->nprev; i++) {
		const struct ct_cpu_stats *was = &cp->prev[i];
		if ((row == 0) != (i == 0) || (row > 0 && was->cpu != now->cpu))
			continue;
		return now->v[attr] > was->v[attr];
	}
	return false;
}

struct cpu_view {
	struct cpu_pane *cp;
	unsigned attrs[CT_STAT_SLOTS];
	int width[CT_STAT_SLOTS];
	unsigned ncols;
};

static const char *column_label(unsigned attr, char *buf, size_t n)
{
	const char *name = ct_stat_name(attr);
	if (name)
		return name;
	snprintf(buf, n, "#%u", attr);
	return buf;
}

static void plan_columns(struct cpu_view *v, int w)
{
	unsigned attrs[CT_STAT_SLOTS];
	unsigned n = cpu_pane_columns(v->cp->present, attrs, CT_STAT_SLOTS);
	int x = 1 + CPU_W;
	v->ncols = 0;
	for (unsigned i = 0; i < n; i++) {
		char buf[16];
		int cw = (int)strlen(column_label(attrs[i], buf, sizeof buf)) + 1;
		cw = cw < MIN_COL_W ? MIN_COL_W : cw;
		if (x + cw > w)
			break;
		v->attrs[v->ncols] = attrs[i];
		v->width[v->ncols++] = cw;
		x += cw;
	}
}

static void draw_row(void *ctx, int row, int y, int x, int w, bool selected)
{
	struct cpu_view *v = ctx;
	char name[16], num[16];
	int attr = selected ? screen_attr(UC_SELECT) : 0;
	attron(attr);
	mvaddnstr(y, x + 1, row_name(v->cp, row, name, sizeof name), CPU_W);
	attroff(attr);
	int cx = x + 1 + CPU_W;
	for (unsigned c = 0; c < v->ncols && cx < x + w; c++) {
		const struct ct_cpu_stats *cs = &v->cp->cur[row];
		unsigned a = v->attrs[c];
		int cell = attr;
		if (!selected)
			cell = cpu_pane_alarm(v->cp, row, a) ? screen_attr(UC_CRIT) :
			       cs->v[a] ? 0 : screen_attr(UC_DIM);
		attron(cell);
		if (cs->present & (1u << a))
			mvprintw(y, cx, "%*s", v->width[c], text_compact(num, sizeof num, cs->v[a]));
		else
			mvprintw(y, cx, "%*s", v->width[c], "-");
		attroff(cell);
		cx += v->width[c];
	}
}

int cpu_pane_rows_in(struct rect r)
{
	return r.h > 2 ? r.h - 2 : 0;
}

void cpu_pane_draw(struct cpu_pane *cp, struct rect r, bool focused)
{
	struct cpu_view v = { .cp = cp };
	plan_columns(&v, r.w);
	char header[256] = " cpu  ";
	size_t len = 1 + CPU_W;
	for (unsigned c = 0; c < v.ncols && len < sizeof header - 1; c++) {
		char buf[16];
		int wrote = snprintf(header + len, sizeof header - len, "%*s", v.width[c],
				     column_label(v.attrs[c], buf, sizeof buf));
		if (wrote < 0)
			break;
		len += (size_t)wrote;
	}
	struct panel_look look = {
		.title = cp->title,
		.header = cp->ncur ? header : NULL,
		.empty = cp->empty ? cp->empty : "no counters yet",
		.focused = focused,
		.draw_row = draw_row,
	};
	struct panel view = cp->panel;
	view.ctx = &v;
	panel_draw(&view, r, &look);
}

/* ---- as a pane ------------------------------------------------------------ */

static void cp_init(void *self)
{
	struct cpu_pane *cp = self;
	cpu_pane_init(cp);
	cp->empty = "reading the counters";
}

static void cp_free(void *self)
{
	cpu_pane_free(self);
}

static int cp_update(void *self, const struct ct_snapshot *s)
{
	return cpu_pane_update(self, s);
}

static struct panel *cp_panel(void *self)
{
	return &((struct cpu_pane *)self)->panel;
}

static int cp_rows_in(void *self, struct rect r)
{
	(void)self;
	return cpu_pane_rows_in(r);
}

static void cp_draw(void *self, struct rect r, bool focused)
{
	cpu_pane_draw(self, r, focused);
}

const struct pane_class cpus_pane = {
	.name = "per-CPU counters",
	.find = "find cpu",
	.size = sizeof(struct cpu_pane),
	.init = cp_init,
	.free = cp_free,
	.update = cp_update,
	.panel = cp_panel,
	.rows_in = cp_rows_in,
	.draw = cp_draw,
};
