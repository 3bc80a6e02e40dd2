/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "input.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "screen.h"

void input_open(struct input *in, const char *prompt)
{
	memset(in, 0, sizeof *in);
	snprintf(in->prompt, sizeof in->prompt, "%s", prompt);
	in->max = INPUT_DEFAULT_LEN;
}

void input_set_max(struct input *in, size_t max)
{
	in->max = max < sizeof in->text ? max : sizeof in->text - 1;
}

enum input_result input_key(struct input *in, int key)
{
	in->error[0] = '\0';
	switch (key) {
	case '\n': case '\r': case KEY_ENTER:
		return INPUT_ACCEPT;
	case KEY_ESC:
		return INPUT_CANCEL;
	case KEY_BACKSPACE: case KEY_DEL: case KEY_CTRL('h'):
		if (in->len > 0)
			in->text[--in->len] = '\0';
		return INPUT_EDITING;
	case KEY_CTRL('u'):
		in->len = 0;
		in->text[0] = '\0';
		return INPUT_EDITING;
	default:
		/* ASCII only: every name and number searched or typed is */
		if (key >= ' ' && key < KEY_DEL && in->len >= in->max)
			snprintf(in->error, sizeof in->error, "at most %zu characters here", in->max);
		else if (key >= ' ' && key < KEY_DEL) {
			in->text[in->len++] = (char)key;
			in->text[in->len] = '\0';
		}
		return INPUT_EDITING;
	}
}

void input_set_error(struct input *in, const char *msg)
{
	snprintf(in->error, sizeof in->error, "%s", msg ? msg : "");
}

void input_set_text(struct input *in, const char *text)
{
	snprintf(in->text, in->max + 1, "%s", text ? text : "");
	in->len = strlen(in->text);
	in->error[0] = '\0';
}

/* An error that does not fit after the text: the whole line above. */
static void draw_error_above(const struct input *in, struct rect r)
{
	int err = screen_attr(UC_ERROR);
	attron(err);
	mvhline(r.y - 1, r.x, ' ', r.w);
	mvaddnstr(r.y - 1, r.x, in->error, r.w);
	attroff(err);
}

void input_draw(const struct input *in, struct rect r)
{
	mvhline(r.y, r.x, ' ', r.w);
	int key = screen_attr(UC_KEY);
	attron(key);
	mvaddnstr(r.y, r.x, in->prompt, r.w);
	attroff(key);
	int x = r.x + (int)strlen(in->prompt);
	int room = r.x + r.w - x - 1;
	/* the end of a long text is where typing happens: show that */
	const char *shown = in->text;
	if ((int)in->len > room && room > 0)
		shown += in->len - (size_t)room;
	if (room > 0)
		mvaddnstr(r.y, x, shown, room);
	x += (int)strlen(shown) < room ? (int)strlen(shown) : room;
	attron(A_REVERSE);
	mvaddch(r.y, x, ' '); /* the cursor */
	attroff(A_REVERSE);
	if (in->error[0] && x + 2 + (int)strlen(in->error) > r.x + r.w && r.y > 0) {
		draw_error_above(in, r);
	} else if (in->error[0] && x + 3 < r.x + r.w) {
		int err = screen_attr(UC_ERROR);
		attron(err);
		mvaddnstr(r.y, x + 2, in->error, r.x + r.w - x - 2);
		attroff(err);
	}
}
