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
	s->until = now + STATUS_SHOW_S;
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

void status_draw(const struct statusline *s, struct rect r, double now,
		 const struct key_hint *hints)
{
	mvhline(r.y, r.x, ' ', r.w);
	if (status_showing(s, now)) {
		int attr = screen_attr(s->error ? UC_ERROR : UC_NORMAL);
		attron(attr);
		mvaddnstr(r.y, r.x, s->msg, r.w);
		attroff(attr);
		return;
	}
	draw_hints(r, hints);
}
