#include "dialog.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "text.h"

#define PROMPT "y: yes    n or Esc: no"

void dialog_open(struct dialog *d, const char *title, bool warn)
{
	memset(d, 0, sizeof *d);
	snprintf(d->title, sizeof d->title, "%s", title);
	d->warn = warn;
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
	case 'n': case 'N': case 27:
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
	if (w < (int)strlen(PROMPT) + 4)
		w = (int)strlen(PROMPT) + 4;
	w = w > cols ? cols : w;
	h = h > rows ? rows : h;
	return (struct rect){ (rows - h) / 2, (cols - w) / 2, h, w };
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
	for (int i = 0; i < d->n && 1 + i < r.h - 3; i++)
		mvaddnstr(r.y + 1 + i, r.x + 2, d->lines[i], r.w - 4);
	int key = screen_attr(UC_KEY);
	attron(key);
	mvaddnstr(r.y + r.h - 2, r.x + 2, PROMPT, r.w - 4);
	attroff(key);
}
