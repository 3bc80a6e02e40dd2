/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "timeoutview.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "model/labels.h"
#include "screen.h"
#include "text.h"

/* Below the list: the selected row in full, and (over at most two
 * lines) why nothing can be written. */
#define FOOTER_MAX 3

static const char *row_name(void *ctx, int row, char *buf, size_t n)
{
	(void)buf;
	(void)n;
	struct timeout_pane *tp = ctx;
	return row < tp->n ? sysctl_short_name(tp->rows[row].name) : NULL;
}

void timeout_pane_init(struct timeout_pane *tp)
{
	memset(tp, 0, sizeof *tp);
	panel_init(&tp->panel, row_name, tp);
}

static void count_differ(struct timeout_pane *tp)
{
	tp->differ = 0;
	for (int i = 0; i < tp->n; i++) {
		struct timeout_row *r = &tp->rows[i];
		r->differs = r->def >= 0 && r->def != r->value;
		tp->differ += r->differs;
	}
}

static void reread_values(struct timeout_pane *tp, const struct tune_ctx *t)
{
	for (int i = 0; i < tp->n; i++) {
		uint64_t v;
		if (tune_read(t, tp->rows[i].name, &v) == 0)
			tp->rows[i].value = (long)v;
	}
	count_differ(tp);
}

void timeout_pane_update(struct timeout_pane *tp, const struct ct_snapshot *s, double started,
			 const struct timeout_defaults *d, const struct tune_ctx *t)
{
	char sel[CT_SYSCTL_NAME_MAX] = "";
	if (tp->panel.sel < tp->n)
		snprintf(sel, sizeof sel, "%s", sysctl_short_name(tp->rows[tp->panel.sel].name));
	tp->n = (int)timeout_rows(s, d, tp->rows, CT_TIMEOUT_MAX);
	tp->have = true;
	tp->builtin_defaults = d->source == TD_BUILTIN;
	/* this snapshot read the sysctls before ctdash last wrote them */
	if (started < tp->fresh_after)
		reread_values(tp, t);
	else
		count_differ(tp);
	panel_set_rows(&tp->panel, tp->n);
	if (sel[0])
		panel_follow(&tp->panel, sel);
}

void timeout_pane_reread(struct timeout_pane *tp, const struct tune_ctx *t, double now)
{
	tp->fresh_after = now;
	reread_values(tp, t);
}

void timeout_pane_set_refusal(struct timeout_pane *tp, const char *why)
{
	snprintf(tp->refused, sizeof tp->refused, "%s", why ? why : "");
}

const struct timeout_row *timeout_pane_selected(const struct timeout_pane *tp)
{
	return tp->panel.sel < tp->n ? &tp->rows[tp->panel.sel] : NULL;
}

/* ---- drawing ------------------------------------------------------------- */

struct columns {
	int name, value, human, def, entries;
};

struct draw_ctx {
	struct timeout_pane *tp;
	struct columns c;
};

static int digits(long v)
{
	char buf[24];
	return snprintf(buf, sizeof buf, "%ld", v);
}

static struct columns columns_for(const struct timeout_pane *tp)
{
	struct columns c = { 7, 5, 5, 7, 7 }; /* the headings */
	char buf[32];
	for (int i = 0; i < tp->n; i++) {
		const struct timeout_row *r = &tp->rows[i];
		int nw = (int)strlen(sysctl_short_name(r->name));
		int hw = (int)strlen(fmt_duration(buf, sizeof buf, r->value));
		int ew = r->entries >= 0 ? (int)strlen(fmt_count(buf, sizeof buf, (uint64_t)r->entries)) : 1;
		c.name = nw > c.name ? nw : c.name;
		c.value = digits(r->value) > c.value ? digits(r->value) : c.value;
		c.human = hw > c.human ? hw : c.human;
		c.def = r->def >= 0 && digits(r->def) > c.def ? digits(r->def) : c.def;
		c.entries = ew > c.entries ? ew : c.entries;
	}
	return c;
}

static void draw_row(void *ctx, int row, int y, int x, int w, bool selected)
{
	struct draw_ctx *dc = ctx;
	const struct timeout_row *r = &dc->tp->rows[row];
	const struct columns *c = &dc->c;
	char human[32], def[24], entries[32], line[256];
	fmt_duration(human, sizeof human, r->value);
	if (r->def >= 0)
		snprintf(def, sizeof def, "%ld", r->def);
	else
		snprintf(def, sizeof def, "-");
	if (r->entries >= 0)
		fmt_count(entries, sizeof entries, (uint64_t)r->entries);
	else
		snprintf(entries, sizeof entries, "-");
	/* '*' says it in words too, not only in colour */
	snprintf(line, sizeof line, " %c %-*s %*ld %*s %*s %*s  %s", r->differs ? '*' : ' ',
		 c->name, sysctl_short_name(r->name), c->value, r->value, c->human, human,
		 c->def, def, c->entries, entries, r->entries >= 0 ? r->what : "");
	int attr = selected ? screen_attr(UC_SELECT) : r->differs ? screen_attr(UC_WARN) : 0;
	attron(attr);
	mvaddnstr(y, x, line, w);
	attroff(attr);
}

static void header_for(const struct columns *c, char *buf, size_t n)
{
	snprintf(buf, n, "   %-*s %*s %*s %*s %*s  %s", c->name, "timeout", c->value, "value",
		 c->human, "human", c->def, "default", c->entries, "entries", "in state");
}

/* The selected row in a sentence. */
static void describe_row(const struct timeout_row *row, char *buf, size_t n)
{
	char v[32], d[32], e[48], entries[160];
	if (row->def >= 0)
		fmt_duration(d, sizeof d, row->def);
	else
		snprintf(d, sizeof d, "unknown");
	if (row->entries >= 0)
		snprintf(entries, sizeof entries, "%s in %s",
			 fmt_counted(e, sizeof e, (uint64_t)row->entries, "entry", "entries"), row->what);
	else
		snprintf(entries, sizeof entries, "%s", row->what);
	snprintf(buf, n, " %s = %ld s (%s); kernel default %s%s; %s", sysctl_short_name(row->name),
		 row->value, fmt_duration(v, sizeof v, row->value), d, row->differs ? ", changed" : "",
		 entries);
}

/* The second part of the footer: why nothing can be written, or where
 * the defaults come from. Returns the lines it needs in w columns. */
static int footer_note(const struct timeout_pane *tp, char *buf, size_t n, int w)
{
	if (tp->refused[0])
		snprintf(buf, n, "%s%s", strncmp(tp->refused, "read-only", 9) ? "read-only: " : "",
			 tp->refused);
	else if (tp->builtin_defaults)
		snprintf(buf, n, "defaults from ctdash's built-in table: no fresh namespace could be made");
	else
		buf[0] = '\0';
	int lines = 0;
	for (const char *p = buf; *p && lines < FOOTER_MAX - 1; lines++) {
		int next;
		text_wrap(p, w - 1, &next);
		p += next;
	}
	return lines;
}

static void draw_footer(const struct timeout_pane *tp, struct rect r, const char *why, int nwhy)
{
	const struct timeout_row *row = timeout_pane_selected(tp);
	char line[400];
	int y = r.y + r.h - 1 - nwhy;
	if (row) {
		describe_row(row, line, sizeof line);
		int attr = screen_attr(UC_LABEL);
		attron(attr);
		mvaddnstr(y, r.x, line, r.w);
		attroff(attr);
	}
	int attr = screen_attr(tp->refused[0] ? UC_WARN : UC_DIM);
	attron(attr);
	for (int i = 0; i < nwhy && *why; i++) {
		int next, len = text_wrap(why, r.w - 1, &next);
		mvaddnstr(y + 1 + i, r.x + 1, why, len);
		why += next;
	}
	attroff(attr);
}

void timeout_pane_draw(struct timeout_pane *tp, struct rect r, bool focused)
{
	struct draw_ctx dc = { tp, columns_for(tp) };
	char header[256], title[128];
	header_for(&dc.c, header, sizeof header);
	snprintf(title, sizeof title, "Timeouts: %d, %u %s from the kernel default (*)%s",
		 tp->n, tp->differ, plural(tp->differ, "differs", "differ"), tp->refused[0] ? ", read-only" : "");
	struct panel_look look = {
		.title = title,
		.header = header,
		.empty = tp->have ? "no nf_conntrack_*timeout* sysctl in /proc/sys/net/netfilter" :
			 "reading the settings",
		.focused = focused,
		.draw_row = draw_row,
	};
	char why[400];
	int nwhy = footer_note(tp, why, sizeof why, r.w);
	struct rect list = r;
	/* the footer only when the list keeps a few rows */
	bool footer = r.h > 1 + nwhy + 5;
	if (footer)
		list.h -= 1 + nwhy;
	panel_set_height(&tp->panel, panel_rows_in(&look, list.h));
	struct panel view = tp->panel;
	view.ctx = &dc;
	panel_draw(&view, list, &look);
	if (footer)
		draw_footer(tp, r, why, nwhy);
}

/* ---- as a view (t) -------------------------------------------------------- */

static void tv_init(void *self)
{
	timeout_pane_init(self);
}

static void tv_update(void *self, const struct view_ctx *c)
{
	timeout_pane_update(self, c->snap, c->started, c->defaults, c->tune);
}

static void tv_wrote(void *self, const struct view_ctx *c, bool shown)
{
	(void)shown;
	timeout_pane_reread(self, c->tune, c->now);
}

static struct panel *tv_panel(void *self)
{
	return &((struct timeout_pane *)self)->panel;
}

static void tv_draw(void *self, struct rect r)
{
	timeout_pane_draw(self, r, true);
}

static const struct key_hint tv_hints[] = {
	{ "Enter", "edit" }, { "+/-", "step" }, { "/", "find" }, { "p", "presets" },
	{ "u", "undo" }, { "J", "journal" }, { "w", "export" }, { "Esc", "back" },
	{ NULL, NULL },
};

const struct view_class timeouts_view = {
	.name = "the timeouts",
	.arg = "timeouts",
	.toggle = ACT_TIMEOUTS,
	.hints = tv_hints,
	.size = sizeof(struct timeout_pane),
	.init = tv_init,
	.update = tv_update,
	.wrote = tv_wrote,
	.panel = tv_panel,
	.draw = tv_draw,
};
