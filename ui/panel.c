/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "panel.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "screen.h"

void panel_init(struct panel *p, panel_name_fn name, void *ctx)
{
	memset(p, 0, sizeof *p);
	p->name = name;
	p->ctx = ctx;
	p->height = 1;
	p->origin = p;
}

static void scroll_to_selection(struct panel *p)
{
	int h = p->height > 0 ? p->height : 1;
	if (p->sel < p->top)
		p->top = p->sel;
	else if (p->sel >= p->top + h)
		p->top = p->sel - h + 1;
	/* no blank rows below the last one while rows above are hidden */
	if (p->top > p->nrows - h)
		p->top = p->nrows - h;
	if (p->top < 0)
		p->top = 0;
}

void panel_select(struct panel *p, int row)
{
	if (row >= p->nrows)
		row = p->nrows - 1;
	if (row < 0)
		row = 0;
	p->sel = row;
	scroll_to_selection(p);
}

void panel_set_rows(struct panel *p, int nrows)
{
	p->nrows = nrows < 0 ? 0 : nrows;
	panel_select(p, p->sel);
}

void panel_set_height(struct panel *p, int height)
{
	p->height = height < 1 ? 1 : height;
	scroll_to_selection(p);
}

bool panel_navigate(struct panel *p, enum ui_action a)
{
	int page = p->height > 1 ? p->height - 1 : 1;
	switch (a) {
	case ACT_UP: panel_select(p, p->sel - 1); break;
	case ACT_DOWN: panel_select(p, p->sel + 1); break;
	case ACT_PAGE_UP: panel_select(p, p->sel - page); break;
	case ACT_PAGE_DOWN: panel_select(p, p->sel + page); break;
	case ACT_HOME: panel_select(p, 0); break;
	case ACT_END: panel_select(p, p->nrows - 1); break;
	default: return false;
	}
	return true;
}

int panel_find(const struct panel *p, const char *needle, int from)
{
	if (!needle || !*needle || p->nrows == 0 || !p->name)
		return -1;
	if (from < 0 || from >= p->nrows)
		from = 0;
	for (int i = 0; i < p->nrows; i++) {
		int row = (from + i) % p->nrows;
		char buf[128];
		const char *name = p->name(p->ctx, row, buf, sizeof buf);
		if (name && strcasestr(name, needle))
			return row;
	}
	return -1;
}

bool panel_follow(struct panel *p, const char *name)
{
	for (int row = 0; name && p->name && row < p->nrows; row++) {
		char buf[128];
		const char *have = p->name(p->ctx, row, buf, sizeof buf);
		if (have && strcmp(have, name) == 0) {
			panel_select(p, row);
			return true;
		}
	}
	return false;
}

int panel_rows_in(const struct panel_look *look, int h)
{
	int rows = h - 1 - (look->header ? 1 : 0);
	return rows > 0 ? rows : 0;
}

static void draw_title(const struct panel *p, struct rect r, const struct panel_look *look)
{
	int attr = screen_attr(look->focused ? UC_PANE_FOCUS : UC_PANE);
	char pos[32] = "";
	if (p->nrows > 0 && (look->focused || p->nrows > p->height))
		snprintf(pos, sizeof pos, " %d/%d ", p->sel + 1, p->nrows);
	/* in words too, not only in colour: a marker before the title */
	const char *mark = look->focused ? screen_glyphs()->focus : " ";
	attron(attr);
	mvhline(r.y, r.x, ' ', r.w);
	mvaddnstr(r.y, r.x, mark, r.w);
	addch(' ');
	addnstr(look->title, r.w > 2 ? r.w - 2 : 0);
	int pw = (int)strlen(pos);
	if (pw && r.w - pw > (int)strlen(look->title) + 3)
		mvaddstr(r.y, r.x + r.w - pw, pos);
	attroff(attr);
}

/* The empty-list message can be a whole sentence (why a pane has no
 * rows): break it at spaces over the lines there are. */
static void draw_wrapped(const char *text, int y, int y_end, int x, int w)
{
	int attr = screen_attr(UC_DIM);
	attron(attr);
	while (*text && y < y_end && w > 0) {
		int len = (int)strlen(text), cut = len;
		if (len > w) {
			cut = w;
			while (cut > 0 && text[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = w;
		}
		mvaddnstr(y++, x, text, cut);
		text += cut;
		while (*text == ' ')
			text++;
	}
	attroff(attr);
}

/* The panels of the frame on screen: a screen holds a dozen at most. */
#define HITS_MAX 24
static struct hit {
	struct panel *panel;
	struct rect r;
	int first_y; /* the first row's line */
	int top;
} hits[HITS_MAX];
static int nhits;

void panel_hits_clear(void)
{
	nhits = 0;
}

static void note_hit(const struct panel *p, struct rect r, int first_y)
{
	if (!p->origin || nhits >= HITS_MAX)
		return;
	hits[nhits++] = (struct hit){ p->origin, r, first_y, p->top };
}

struct panel *panel_at(int y, int x, int *row)
{
	/* the latest drawn first: a view over the panes wins */
	for (int i = nhits - 1; i >= 0; i--) {
		const struct hit *h = &hits[i];
		if (y < h->r.y || y >= h->r.y + h->r.h || x < h->r.x || x >= h->r.x + h->r.w)
			continue;
		*row = y < h->first_y ? -1 : h->top + (y - h->first_y);
		return h->panel;
	}
	return NULL;
}

void panel_draw(const struct panel *p, struct rect r, const struct panel_look *look)
{
	if (r.h <= 0 || r.w <= 0)
		return;
	draw_title(p, r, look);
	int y = r.y + 1;
	if (look->header && y < r.y + r.h) {
		int attr = screen_attr(UC_LABEL);
		attron(attr);
		mvaddnstr(y, r.x, look->header, r.w);
		attroff(attr);
		y++;
	}
	note_hit(p, r, y);
	if (p->nrows == 0 && look->empty) {
		draw_wrapped(look->empty, y, r.y + r.h, r.x + 1, r.w - 2);
		return;
	}
	for (int row = p->top; row < p->nrows && y < r.y + r.h; row++, y++) {
		bool hl = row == p->sel && (look->focused || look->select_visible);
		if (hl) {
			int attr = screen_attr(UC_SELECT);
			attron(attr);
			mvhline(y, r.x, ' ', r.w);
			attroff(attr);
		}
		look->draw_row(p->ctx, row, y, r.x, r.w, hl);
	}
}
