/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "adviceview.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/format.h"
#include "model/labels.h"
#include "screen.h"
#include "text.h"
#include "timeoutview.h"
#include "write/tune.h"

/* Lines under the list for the selected item in full: its text (as many
 * lines as it takes, never cut, up to DETAIL_TEXT_MAX), its first
 * commands, and what Enter does. */
#define DETAIL_TEXT_MAX 12
#define DETAIL_COMMAND_LINES 3

/* The lines the selected item's text takes at width w. */
static int text_lines(const struct advice *a, int w)
{
	int lines = 0;
	for (const char *p = a ? a->text : ""; *p && lines < DETAIL_TEXT_MAX; lines++) {
		int next;
		text_wrap(p, w, &next);
		if (next <= 0)
			break;
		p += next;
	}
	return lines;
}

static int detail_lines(const struct advice_pane *ap, int w)
{
	return text_lines(advice_pane_selected(ap), w) + DETAIL_COMMAND_LINES + 1;
}

static const char *row_name(void *ctx, int row, char *buf, size_t n)
{
	const struct advice_pane *ap = ctx;
	if (row >= (int)ap->n)
		return NULL;
	snprintf(buf, n, "%s %s", ap->items[row].id, ap->items[row].text);
	return buf;
}

void advice_pane_init(struct advice_pane *ap)
{
	memset(ap, 0, sizeof *ap);
	panel_init(&ap->panel, row_name, ap);
}

void advice_pane_update(struct advice_pane *ap, const struct ct_snapshot *s,
			const struct advice_rates *rates)
{
	char sel[sizeof ap->items[0].id] = "";
	if (ap->panel.sel < (int)ap->n)
		snprintf(sel, sizeof sel, "%s", ap->items[ap->panel.sel].id);
	ap->n = advise_rates(s, rates, ap->items, ADVICE_MAX);
	/* boot files and agents change rarely: read them again each minute
	 * (and the confirmation reads them before every write) */
	double now = mono_ms() / 1e3;
	if (!ap->ov_read_at || now - ap->ov_read_at >= 60) {
		overrides_find(overrides_root(), &ap->ov);
		ap->ov_read_at = now;
	}
	if (ap->n < ADVICE_MAX && overrides_advice(&ap->ov, s, &ap->items[ap->n])) {
		ap->n++;
		advice_sort(ap->items, ap->n);
	}
	ap->have = true;
	ap->worst = ADVICE_INFO;
	for (unsigned i = 0; i < ap->n; i++)
		if (ap->items[i].level > ap->worst)
			ap->worst = ap->items[i].level;
	panel_set_rows(&ap->panel, (int)ap->n);
	for (unsigned i = 0; sel[0] && i < ap->n; i++)
		if (strcmp(ap->items[i].id, sel) == 0)
			panel_select(&ap->panel, (int)i);
}

const struct advice *advice_pane_selected(const struct advice_pane *ap)
{
	return ap->panel.sel < (int)ap->n ? &ap->items[ap->panel.sel] : NULL;
}

const char *advice_setting(const struct advice *a, char *value, size_t n)
{
	if (!a || !a->sysctl[0] || tune_target_of(a->sysctl) == TUNE_UNKNOWN)
		return NULL;
	if (tune_target_of(a->sysctl) == TUNE_TIMEOUT)
		fmt_duration(value, n, a->suggested);
	else
		snprintf(value, n, "%ld", a->suggested);
	return a->sysctl;
}

static enum ui_color level_color(enum advice_level l)
{
	return l == ADVICE_CRIT ? UC_CRIT : l == ADVICE_WARN ? UC_WARN : UC_NORMAL;
}

static void draw_row(void *ctx, int row, int y, int x, int w, bool selected)
{
	const struct advice *a = &((const struct advice_pane *)ctx)->items[row];
	char line[256];
	snprintf(line, sizeof line, " %-8s %s", advice_level_name(a->level), a->text);
	int attr = screen_attr(selected ? UC_SELECT : level_color(a->level));
	attron(attr);
	mvaddnstr(y, x, line, w);
	attroff(attr);
}

/* What Enter does on a, or why it cannot here: never a key for an action
 * that would be refused. */
static void enter_line(const struct advice_pane *ap, const struct advice *a, char *act, size_t n)
{
	char value[32], why[320];
	const char *setting = advice_setting(a, value, sizeof value);
	const char *refused = NULL;
	act[0] = '\0';
	if (ap->tune && a->filter[0])
		refused = tune_writes_refused(ap->tune);
	else if (ap->tune && setting)
		refused = tune_refusal(ap->tune, setting, why, sizeof why);
	if (refused && (a->filter[0] || setting))
		snprintf(act, n, "Not from here: %s", refused);
	else if (a->filter[0])
		snprintf(act, n, "Enter: list these entries and ask to delete them (journalled)");
	else if (setting)
		snprintf(act, n, "Enter: change %s to %s (asks first)",
			 tune_target_of(setting) == TUNE_HASHSIZE ? "the bucket count" :
			 sysctl_short_name(setting), value);
}

static void draw_detail(const struct advice_pane *ap, struct rect r)
{
	const struct advice *a = advice_pane_selected(ap);
	if (!a)
		return;
	char act[400];
	int x = r.x + 1, w = r.w - 2;
	int nt = text_lines(a, w);
	int y = r.y + r.h - (nt + DETAIL_COMMAND_LINES + 1);
	const char *p = a->text;
	int attr = screen_attr(UC_LABEL);
	attron(attr);
	for (int i = 0; i < nt && *p; i++) {
		int next, len = text_wrap(p, w, &next);
		mvaddnstr(y + i, x, p, len);
		p += next;
	}
	attroff(attr);
	y += nt;
	char cmd[ADVICE_COMMAND_LEN + 8], fit[ADVICE_COMMAND_LEN + 16];
	const struct glyphs *g = screen_glyphs();
	for (unsigned c = 0; c < a->ncommands && c < DETAIL_COMMAND_LINES; c++) {
		bool more = c + 1 == DETAIL_COMMAND_LINES && a->ncommands > DETAIL_COMMAND_LINES;
		if (more)
			snprintf(cmd, sizeof cmd, "  (%u more commands: ctdash --json lists them all)",
				 a->ncommands - c);
		else
			snprintf(cmd, sizeof cmd, "$ %s", a->commands[c]);
		/* a command cut short must not look whole: it would be copied
		 * and run as it reads */
		text_fit_end(fit, sizeof fit, cmd, w, g->ellipsis, g->ellipsis_w);
		mvaddstr(y + (int)c, x, fit);
	}
	enter_line(ap, a, act, sizeof act);
	if (!act[0])
		return;
	attr = screen_attr(strncmp(act, "Not", 3) == 0 ? UC_WARN : UC_KEY);
	attron(attr);
	mvaddnstr(r.y + r.h - 1, x, act, w);
	attroff(attr);
}

void advice_pane_draw(struct advice_pane *ap, struct rect r, bool focused)
{
	char title[64], items[32];
	snprintf(title, sizeof title, "Advice: %s, most urgent first",
		 fmt_counted(items, sizeof items, ap->n, "item", "items"));
	struct panel_look look = {
		.title = title,
		.header = NULL,
		.empty = ap->have ? "nothing to advise: the figures look healthy" : "reading the table",
		.focused = focused,
		.draw_row = draw_row,
	};
	struct rect list = r;
	int lines = detail_lines(ap, r.w - 2);
	bool detail = r.h > lines + 4;
	if (detail)
		list.h -= lines;
	panel_set_height(&ap->panel, panel_rows_in(&look, list.h));
	panel_draw(&ap->panel, list, &look);
	if (detail)
		draw_detail(ap, r);
}

/* ---- as a view (a) -------------------------------------------------------- */

static void av_init(void *self)
{
	advice_pane_init(self);
}

static void av_update(void *self, const struct view_ctx *c)
{
	struct advice_pane *ap = self;
	ap->tune = c->tune;
	advice_pane_update(ap, c->snap, c->rates);
}

/* a opens it on the first, most urgent item; while it shows, the
 * selection follows its item (advice_pane_update), wherever new items
 * come in. */
static void av_opened(void *self, const struct view_ctx *c)
{
	struct advice_pane *ap = self;
	ap->tune = c->tune;
	panel_select(&ap->panel, 0);
}

static struct panel *av_panel(void *self)
{
	return &((struct advice_pane *)self)->panel;
}

static void av_draw(void *self, struct rect r)
{
	advice_pane_draw(self, r, true);
}

static const struct key_hint av_hints[] = {
	{ "Enter", "act on it" }, { "t", "timeouts" }, { "Esc", "back" }, { "q", "quit" },
	{ NULL, NULL },
};

const struct view_class advice_view = {
	.name = "the advice",
	.arg = "advice",
	.toggle = ACT_ADVICE,
	.hints = av_hints,
	.size = sizeof(struct advice_pane),
	.init = av_init,
	.update = av_update,
	.opened = av_opened,
	.panel = av_panel,
	.draw = av_draw,
};
