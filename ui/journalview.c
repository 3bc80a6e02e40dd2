/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "journalview.h"

#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/format.h"
#include "model/labels.h"
#include "screen.h"
#include "timeoutview.h"

static const char *row_name(void *ctx, int row, char *buf, size_t n)
{
	(void)buf;
	(void)n;
	const struct journal_rec *r = journal_pane_record(ctx, row);
	return r ? sysctl_short_name(r->name) : NULL;
}

void journal_pane_init(struct journal_pane *jp)
{
	memset(jp, 0, sizeof *jp);
	panel_init(&jp->panel, row_name, jp);
}

void journal_pane_free(struct journal_pane *jp)
{
	if (jp->have_log)
		journal_log_free(&jp->log);
	jp->have_log = false;
}

void journal_pane_load(struct journal_pane *jp, const char *path)
{
	/* newest first: a new record moves every row down by one, so a
	 * selection below the top is kept counted from the oldest; at the
	 * top it stays on the newest */
	int from_end = jp->panel.sel > 0 ? jp->panel.nrows - jp->panel.sel : 0;
	journal_pane_free(jp);
	snprintf(jp->path, sizeof jp->path, "%s", path);
	jp->err = journal_read(path, &jp->log);
	jp->have_log = jp->err == 0;
	int n = jp->have_log ? (int)jp->log.n : 0;
	panel_set_rows(&jp->panel, n);
	panel_select(&jp->panel, from_end > 0 ? n - from_end : 0);
}

const struct journal_rec *journal_pane_record(const struct journal_pane *jp, int row)
{
	if (!jp->have_log || row < 0 || (size_t)row >= jp->log.n)
		return NULL;
	return &jp->log.rec[jp->log.n - 1 - (size_t)row];
}

static const char *when_text(int64_t when, char *buf, size_t n)
{
	time_t t = (time_t)when;
	struct tm tm;
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
	return buf;
}

struct draw_ctx {
	struct journal_pane *jp;
	int namew, valw;
};

static int digits(uint64_t v)
{
	char buf[24];
	return snprintf(buf, sizeof buf, "%" PRIu64, v);
}

/* Columns as wide as the longest name and value recorded. */
static struct draw_ctx widths(struct journal_pane *jp)
{
	struct draw_ctx dc = { jp, 7, 3 };
	for (size_t i = 0; jp->have_log && i < jp->log.n; i++) {
		const struct journal_rec *r = &jp->log.rec[i];
		int len = (int)strlen(sysctl_short_name(r->name));
		dc.namew = len > dc.namew ? len : dc.namew;
		dc.valw = digits(r->old_value) > dc.valw ? digits(r->old_value) : dc.valw;
		dc.valw = digits(r->new_value) > dc.valw ? digits(r->new_value) : dc.valw;
	}
	return dc;
}

static void draw_row(void *ctx, int row, int y, int x, int w, bool selected)
{
	struct draw_ctx *dc = ctx;
	const struct journal_rec *r = journal_pane_record(dc->jp, row);
	char when[32], line[600];
	snprintf(line, sizeof line, " %s  %-6s %-*s %*" PRIu64 " -> %-*" PRIu64 "  %s",
		 when_text(r->when, when, sizeof when), journal_kind_name(r->kind), dc->namew,
		 sysctl_short_name(r->name), dc->valw, r->old_value, dc->valw, r->new_value,
		 r->ns[0] ? r->ns : "(own)");
	int attr = selected ? screen_attr(UC_SELECT) : r->kind == JOURNAL_UNDO ? screen_attr(UC_DIM) : 0;
	attron(attr);
	mvaddnstr(y, x, line, w);
	attroff(attr);
}

static void draw_footer(const struct journal_pane *jp, int y, struct rect r)
{
	const struct journal_rec *rec = journal_pane_record(jp, jp->panel.sel);
	char line[400], bad[48];
	if (rec && rec->kind == JOURNAL_UNDO)
		snprintf(line, sizeof line, " transaction %s undid %s; netns inode %" PRIu64, rec->txid,
			 rec->reverts, rec->nsid);
	else if (rec)
		snprintf(line, sizeof line, " transaction %s (line %u); netns inode %" PRIu64, rec->txid,
			 rec->line, rec->nsid);
	else
		line[0] = '\0';
	if (jp->have_log && jp->log.nproblems)
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s skipped",
			 line[0] ? "; " : " ", fmt_counted(bad, sizeof bad, jp->log.nproblems, "bad line", "bad lines"));
	int attr = screen_attr(UC_LABEL);
	attron(attr);
	mvaddnstr(y, r.x, line, r.w);
	attroff(attr);
}

void journal_pane_draw(struct journal_pane *jp, struct rect r, bool focused)
{
	struct draw_ctx dc = widths(jp);
	char title[600], header[200], empty[700];
	char records[48];
	snprintf(title, sizeof title, "Journal %s: %s, newest first", jp->path,
		 fmt_counted(records, sizeof records, jp->have_log ? jp->log.n : 0, "record", "records"));
	snprintf(header, sizeof header, " %-19s  %-6s %-*s %*s    %-*s  %s", "time", "kind", dc.namew,
		 "setting", dc.valw, "old", dc.valw, "new", "namespace");
	if (jp->err == -ELOOP)
		snprintf(empty, sizeof empty, "%s is a symbolic link: ctdash does not follow it", jp->path);
	else if (jp->err < 0 && jp->log.why[0])
		snprintf(empty, sizeof empty, "%s", jp->log.why);
	else if (jp->err < 0)
		snprintf(empty, sizeof empty, "cannot read %s: %s", jp->path, strerror(-jp->err));
	else
		snprintf(empty, sizeof empty, "nothing recorded yet: every change ctdash makes is written "
			 "here first, before the setting itself");
	struct panel_look look = {
		.title = title,
		.header = header,
		.empty = empty,
		.focused = focused,
		.draw_row = draw_row,
	};
	struct rect list = r;
	bool footer = r.h > 6;
	if (footer)
		list.h--;
	panel_set_height(&jp->panel, panel_rows_in(&look, list.h));
	struct panel view = jp->panel;
	view.ctx = &dc;
	panel_draw(&view, list, &look);
	if (footer)
		draw_footer(jp, r.y + r.h - 1, r);
}

/* ---- as a view (J) -------------------------------------------------------- */

static void jv_init(void *self)
{
	journal_pane_init(self);
}

static void jv_free(void *self)
{
	journal_pane_free(self);
}

/* the journal is read when shown, not on every refresh */
static void jv_opened(void *self, const struct view_ctx *c)
{
	journal_pane_load(self, c->journal_path);
}

static void jv_wrote(void *self, const struct view_ctx *c, bool shown)
{
	if (shown)
		journal_pane_load(self, c->journal_path);
}

static struct panel *jv_panel(void *self)
{
	return &((struct journal_pane *)self)->panel;
}

static void jv_draw(void *self, struct rect r)
{
	journal_pane_draw(self, r, true);
}

static const struct key_hint jv_hints[] = {
	{ "/", "find setting" }, { "u", "undo" }, { "U", "undo all" }, { "Esc", "back" },
	{ "q", "quit" }, { NULL, NULL },
};

const struct view_class journal_view = {
	.name = "the journal",
	.arg = "journal",
	.toggle = ACT_JOURNAL,
	.hints = jv_hints,
	.size = sizeof(struct journal_pane),
	.init = jv_init,
	.free = jv_free,
	.opened = jv_opened,
	.wrote = jv_wrote,
	.panel = jv_panel,
	.draw = jv_draw,
};
