/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The terminal: start and restore it, colors or their absence, bar glyphs
 * for UTF-8 or ASCII, and the signals that end the dashboard. */
#ifndef CTDASH_SCREEN_H
#define CTDASH_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

enum ui_color {
	UC_NORMAL,
	UC_TITLE,       /* the title line */
	UC_PANE,        /* a pane's header */
	UC_PANE_FOCUS,  /* the focused pane's header */
	UC_SELECT,      /* the selected row of the focused pane */
	UC_LABEL,       /* column headings, meter names */
	UC_OK,
	UC_WARN,
	UC_CRIT,
	UC_DIM,         /* zero rows, missing data */
	UC_MARK,        /* the 2/3 mark on the bucket meter */
	UC_KEY,         /* a key name in the status line */
	UC_ERROR,       /* an error message */
	UC_COUNT
};

struct glyphs {
	bool utf8;
	const char *full;        /* a filled bar cell */
	const char *partial[8];  /* [k]: k/8 of a cell; NULL where ASCII has none */
	const char *empty;       /* an unfilled bar cell */
	const char *spark[9];    /* [0] no sample, [1..8] lowest to highest */
	const char *mark;        /* a threshold drawn on a bar */
	const char *focus;       /* before the focused pane's title */
	const char *ellipsis;
	int ellipsis_w;
};

/* Take over the terminal. 0, or -1 with a sentence in err. */
int screen_init(bool want_color, char *err, size_t errlen);
/* Give the terminal back as it was; safe to call twice. */
void screen_end(void);

/* The curses attribute for a role: a color pair, or bold/reverse/dim
 * when colors are off or the terminal has none. */
int screen_attr(enum ui_color c);
const struct glyphs *screen_glyphs(void);

/* SIGINT, SIGTERM and SIGHUP only set a flag (the UI thread's poll()
 * returns at once); this is the signal number, 0 while none came. */
int screen_quit_signal(void);
void screen_catch_signals(void);
/* After a SIGCONT (a stop from outside, then fg): the program's terminal
 * mode is set again and the next refresh() redraws every cell. True when
 * one came since the last call. */
bool screen_resume(void);

#endif
