/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "statusline.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "text.h"

void status_message(struct statusline *s, double now, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
	s->error = error;
	s->esc_passes = false;
	/* time to read it: an 80-column line a line */
	s->until = now + STATUS_SHOW_S + STATUS_MORE_S * (double)(strlen(s->msg) / 80);
}

void status_let_esc_pass(struct statusline *s)
{
	s->esc_passes = true;
}

void status_clear(struct statusline *s)
{
	s->msg[0] = '\0';
	s->until = 0;
}

bool status_showing(const struct statusline *s, double now)
{
	return s->msg[0] && now < s->until;
}

static void draw_hints(struct rect r, const struct key_hint *hints)
{
	int x = r.x, end = r.x + r.w;
	int key = screen_attr(UC_KEY);
	for (const struct key_hint *h = hints; h && h->key; h++) {
		int need = text_columns(h->key) + 1 + text_columns(h->what) + 2;
		if (x + need > end)
			break; /* a hint cut in half helps nobody */
		attron(key);
		mvaddstr(r.y, x, h->key);
		attroff(key);
		addch(' ');
		addstr(h->what);
		x += need;
	}
}

/* Lines the message needs in w columns, and where each starts. */
static int message_lines(const char *msg, int w, int *start, int *len)
{
	int n = 0, at = 0, total = (int)strlen(msg);
	while (at < total && n < STATUS_MAX_LINES) {
		int next;
		start[n] = at;
		len[n] = text_wrap(msg + at, w, &next);
		at += next;
		n++;
	}
	/* what does not fit is cut on the last line */
	if (at < total)
		len[n - 1] = total - start[n - 1];
	return n;
}

static void draw_message(const struct statusline *s, struct rect r)
{
	int start[STATUS_MAX_LINES], len[STATUS_MAX_LINES];
	int n = message_lines(s->msg, r.w, start, len);
	if (n > r.y + 1)
		n = r.y + 1;
	int attr = screen_attr(s->error ? UC_ERROR : UC_NORMAL);
	attron(attr);
	for (int i = 0; i < n; i++) {
		int y = r.y - (n - 1) + i;
		mvhline(y, r.x, ' ', r.w);
		mvaddnstr(y, r.x, s->msg + start[i], len[i] < r.w ? len[i] : r.w);
	}
	attroff(attr);
}

void status_draw(const struct statusline *s, struct rect r, double now,
		 const struct key_hint *hints)
{
	mvhline(r.y, r.x, ' ', r.w);
	if (status_showing(s, now)) {
		draw_message(s, r);
		return;
	}
	draw_hints(r, hints);
}
