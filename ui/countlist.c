/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "countlist.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/format.h"
#include "base/grow.h"
#include "collect/rdns_cache.h"
#include "hostnames.h"
#include "meter.h"
#include "screen.h"
#include "text.h"

#define SHARE_W 6   /* "100.0%" */
#define MIN_BAR 4
#define NAMES_W 24  /* an address pane's name column while names show */

static const char *row_name(void *ctx, int row, char *buf, size_t n)
{
	(void)buf;
	(void)n;
	struct count_list *cl = ctx;
	return row < cl->n ? cl->rows[row].name : NULL;
}

void count_list_init(struct count_list *cl, const char *name_head, const char *extra_head,
		     bool middle_cut)
{
	memset(cl, 0, sizeof *cl);
	panel_init(&cl->panel, row_name, cl);
	cl->name_head = name_head;
	cl->extra_head = extra_head;
	cl->middle_cut = middle_cut;
}

void count_list_free(struct count_list *cl)
{
	free(cl->rows);
	cl->rows = NULL;
	cl->n = 0;
	cl->cap = 0;
}

void count_list_begin(struct count_list *cl, char *selected, size_t n)
{
	snprintf(selected, n, "%s", cl->panel.sel < cl->n ? cl->rows[cl->panel.sel].name : "");
	cl->n = 0;
	cl->empty = NULL;
}

int count_list_add(struct count_list *cl, const char *name, uint64_t count,
		   uint64_t whole, const char *extra)
{
	struct count_row *grown = grow_array(cl->rows, &cl->cap, (size_t)cl->n + 1, sizeof *grown, 16);
	if (!grown)
		return -1;
	cl->rows = grown;
	struct count_row *r = &cl->rows[cl->n++];
	snprintf(r->name, sizeof r->name, "%s", name);
	r->count = count;
	r->share = whole ? (double)count / (double)whole : 0.0;
	snprintf(r->extra, sizeof r->extra, "%s", extra ? extra : "");
	return 0;
}

void count_list_end(struct count_list *cl, const char *selected)
{
	panel_set_rows(&cl->panel, cl->n);
	if (*selected)
		panel_follow(&cl->panel, selected);
}

/* Column widths for a pane w wide: the name takes what it needs up to
 * what the numbers leave, the bar the rest. */
struct columns {
	int name, count, extra, bar;
};

static struct columns columns_for(const struct count_list *cl, int w)
{
	struct columns c = { 4, 5, 0, 0 };
	char buf[32];
	char host[RDNS_NAME_MAX];
	for (int i = 0; i < cl->n; i++) {
		/* an address's workload (--all-netns) is part of its name */
		const char *name = cl->middle_cut && workloads_on() ?
			hostname_of_text(host, sizeof host, cl->rows[i].name) : cl->rows[i].name;
		int nw = (int)strlen(name);
		int cw = (int)strlen(fmt_count(buf, sizeof buf, cl->rows[i].count));
		int ew = (int)strlen(cl->rows[i].extra);
		c.name = nw > c.name ? nw : c.name;
		c.count = cw > c.count ? cw : c.count;
		c.extra = ew > c.extra ? ew : c.extra;
	}
	if (c.name < (int)strlen(cl->name_head))
		c.name = (int)strlen(cl->name_head);
	/* names (r) are longer than the addresses the widths were taken from */
	if (cl->middle_cut && (hostnames_on() || workloads_on()) && c.name < NAMES_W)
		c.name = NAMES_W;
	if (cl->extra_head && c.extra < (int)strlen(cl->extra_head))
		c.extra = (int)strlen(cl->extra_head);
	/* the numbers first, then the name, and a bar only in what is left */
	int fixed = 1 + 1 + c.count + 1 + SHARE_W + (c.extra ? 1 + c.extra : 0);
	if (c.name > w - fixed)
		c.name = w - fixed;
	if (c.name < 6)
		c.name = 6;
	c.bar = w - fixed - c.name - 2;
	if (c.bar < MIN_BAR)
		c.bar = 0;
	return c;
}

struct draw_ctx {
	struct count_list *cl;
	struct columns c;
};

static void draw_row(void *ctx, int row, int y, int x, int w, bool selected)
{
	struct draw_ctx *dc = ctx;
	const struct count_row *r = &dc->cl->rows[row];
	const struct glyphs *g = screen_glyphs();
	char name[80], count[32], line[160], host[RDNS_NAME_MAX];
	/* with names on (r), an address row shows its name once found */
	const char *shown = hostname_of_text(host, sizeof host, r->name);
	if (dc->cl->middle_cut)
		text_fit_middle(name, sizeof name, shown, dc->c.name, g->ellipsis, g->ellipsis_w);
	else
		text_fit_end(name, sizeof name, shown, dc->c.name, g->ellipsis, g->ellipsis_w);
	int pad = dc->c.name - text_columns(name);
	snprintf(line, sizeof line, " %s%*s %*s %5.1f%%%s%*s", name, pad > 0 ? pad : 0, "",
		 dc->c.count, fmt_count(count, sizeof count, r->count), 100 * r->share,
		 dc->c.extra ? " " : "", dc->c.extra, r->extra);
	int sel = screen_attr(UC_SELECT);
	int base = selected ? sel : r->count ? 0 : screen_attr(UC_DIM);
	attron(base);
	mvaddnstr(y, x, line, w);
	attroff(base);
	int used = 1 + dc->c.name + 1 + dc->c.count + 1 + SHARE_W + (dc->c.extra ? 1 + dc->c.extra : 0);
	if (dc->c.bar > 0 && used + 1 + dc->c.bar <= w)
		bar_draw(y, x + used + 1, dc->c.bar, r->share,
			 selected ? sel : screen_attr(UC_OK), -1);
}

static void header_for(const struct count_list *cl, struct columns c, char *buf, size_t n)
{
	snprintf(buf, n, " %-*s %*s %*s%s%*s", c.name, cl->name_head, c.count, "count", SHARE_W, "share",
		 c.extra ? " " : "", c.extra, cl->extra_head && c.extra ? cl->extra_head : "");
}

static struct panel_look look_for(const struct count_list *cl, const char *header, bool focused)
{
	return (struct panel_look){
		.title = cl->title,
		.header = header,
		.empty = cl->empty ? cl->empty : "none",
		.focused = focused,
		.draw_row = draw_row,
	};
}

int count_list_rows_in(const struct count_list *cl, struct rect r)
{
	struct panel_look look = look_for(cl, "", false);
	return panel_rows_in(&look, r.h);
}

void count_list_draw(struct count_list *cl, struct rect r, bool focused)
{
	struct draw_ctx dc = { cl, columns_for(cl, r.w) };
	char header[160];
	header_for(cl, dc.c, header, sizeof header);
	struct panel_look look = look_for(cl, header, focused);
	/* the panel hands draw_row its own context: point it at ours */
	struct panel view = cl->panel;
	view.ctx = &dc;
	panel_draw(&view, r, &look);
}
