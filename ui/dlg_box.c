/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dlg_box.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "screen.h"
#include "text.h"


void dialog_open(struct dialog *d, const char *title, bool warn)
{
	memset(d, 0, sizeof *d);
	snprintf(d->title, sizeof d->title, "%s", title);
	snprintf(d->prompt, sizeof d->prompt, "%s", DIALOG_PROMPT);
	d->warn = warn;
}

void dialog_set_prompt(struct dialog *d, const char *prompt)
{
	snprintf(d->prompt, sizeof d->prompt, "%s", prompt);
}

void dialog_add_wrapped(struct dialog *d, const char *indent, const char *text, int width)
{
	int room = width - text_columns(indent);
	if (!*text)
		dialog_add(d, "%s", "");
	while (*text) {
		int next, len = text_wrap(text, room, &next);
		dialog_add(d, "%s%.*s", indent, len, text);
		text += next;
	}
}

void dialog_add_command(struct dialog *d, const char *indent, const char *command, int width)
{
	/* room for " \\" after every line but the last */
	int room = width - text_columns(indent) - 2;
	while (*command) {
		int next, len = text_wrap(command, room, &next);
		bool last = command[next] == '\0';
		/* a word cut in two joins again without a space */
		bool mid_word = !last && command[len] != ' ';
		dialog_add(d, "%s%.*s%s", indent, len, command, last ? "" : mid_word ? "\\" : " \\");
		command += next;
	}
}

void dialog_add(struct dialog *d, const char *fmt, ...)
{
	if (d->n >= DIALOG_LINES)
		return;
	if (d->n == DIALOG_LINES - 1) {
		/* a confirmation must not hide what it confirms: say so */
		snprintf(d->lines[d->n++], DIALOG_WIDTH, "(more not shown)");
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->lines[d->n++], DIALOG_WIDTH, fmt, ap);
	va_end(ap);
}

enum dialog_result dialog_key(const struct dialog *d, int key)
{
	(void)d;
	switch (key) {
	case 'y': case 'Y':
		return DIALOG_YES;
	case 'n': case 'N': case KEY_ESC:
		return DIALOG_NO;
	default:
		return DIALOG_OPEN;
	}
}

struct rect dialog_rect(const struct dialog *d, int rows, int cols)
{
	int w = text_columns(d->title) + 4, h = d->n + 4; /* borders, a blank, the prompt */
	for (int i = 0; i < d->n; i++)
		if (text_columns(d->lines[i]) + 4 > w)
			w = text_columns(d->lines[i]) + 4;
	if (w < text_columns(d->prompt) + 4)
		w = text_columns(d->prompt) + 4;
	w = w > cols ? cols : w;
	h = h > rows ? rows : h;
	return (struct rect){ (rows - h) / 2, (cols - w) / 2, h, w };
}

int dialog_visible(const struct dialog *d, int rows)
{
	int h = d->n + 4 > rows ? rows : d->n + 4;
	return h - 4 > 0 ? h - 4 : 0;
}

int dialog_scroll(struct dialog *d, int delta, int rows)
{
	int last = d->n - dialog_visible(d, rows);
	d->top += delta;
	if (d->top > last)
		d->top = last;
	if (d->top < 0)
		d->top = 0;
	return d->top;
}

/* On the bottom border: that lines are hidden above or below. */
static void draw_more(const struct dialog *d, struct rect r, int shown)
{
	char more[48];
	bool above = d->top > 0, below = d->top + shown < d->n;
	if (!above && !below)
		return;
	snprintf(more, sizeof more, " %s%s%s more: arrows scroll ", above ? "^" : "",
		 above && below ? "/" : "", below ? "v" : "");
	int w = (int)strlen(more);
	if (w + 4 <= r.w) {
		int attr = screen_attr(UC_KEY);
		attron(attr);
		mvaddstr(r.y + r.h - 1, r.x + r.w - 2 - w, more);
		attroff(attr);
	}
}

void dialog_draw(const struct dialog *d, int rows, int cols)
{
	struct rect r = dialog_rect(d, rows, cols);
	if (r.w < 4 || r.h < 3)
		return;
	for (int y = r.y; y < r.y + r.h; y++)
		mvhline(y, r.x, ' ', r.w);
	/* ACS lines are drawn by the terminal's own box characters, or +-| */
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	int title = screen_attr(d->warn ? UC_ERROR : UC_TITLE);
	attron(title);
	mvaddch(r.y, r.x + 1, ' ');
	addnstr(d->title, r.w - 4);
	addch(' ');
	attroff(title);
	int shown = 0;
	for (int i = d->top; i < d->n && 1 + shown < r.h - 3; i++, shown++)
		mvaddnstr(r.y + 1 + shown, r.x + 2, d->lines[i], r.w - 4);
	int key = screen_attr(UC_KEY);
	attron(key);
	mvaddnstr(r.y + r.h - 2, r.x + 2, d->prompt, r.w - 4);
	attroff(key);
	draw_more(d, r, shown);
}
