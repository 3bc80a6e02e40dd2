/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A modal confirmation: a box over the screen with a title, lines of
 * text (what will change, the command that does the same), and y / n.
 * Made for the tuning screens: nothing here writes anything. Text longer
 * than the screen scrolls, so a confirmation never hides what it confirms. */
#ifndef CTDASH_DIALOG_H
#define CTDASH_DIALOG_H

#include <stdbool.h>

#include "layout.h"

#define DIALOG_LINES 128
#define DIALOG_WIDTH 120
#define DIALOG_PROMPT "y: yes    n or Esc: no"

enum dialog_result {
	DIALOG_OPEN,  /* the key changed nothing: still asking */
	DIALOG_YES,   /* y or Y */
	DIALOG_NO,    /* n, N or Escape */
};

struct dialog {
	char title[64];
	char lines[DIALOG_LINES][DIALOG_WIDTH];
	int n;
	bool warn;   /* the title in the error colour */
	int top;     /* first line shown, when they do not all fit */
	char prompt[96];
};

void dialog_open(struct dialog *d, const char *title, bool warn);
/* One line of text; lines past DIALOG_LINES are dropped, the last one
 * kept saying so. */
void dialog_add(struct dialog *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* text broken into lines of at most width columns, each after indent
 * (explicit newlines break too). */
void dialog_add_wrapped(struct dialog *d, const char *indent, const char *text, int width);
/* A shell command broken at spaces with a trailing backslash, so that
 * what is shown can still be pasted into a shell. */
void dialog_add_command(struct dialog *d, const char *indent, const char *command, int width);
/* What the bottom line offers; DIALOG_PROMPT by default. */
void dialog_set_prompt(struct dialog *d, const char *prompt);
enum dialog_result dialog_key(const struct dialog *d, int key);
/* Text lines the box shows at once on a screen of rows. */
int dialog_visible(const struct dialog *d, int rows);
/* Move the lines shown by delta (clamped); returns the new top. */
int dialog_scroll(struct dialog *d, int delta, int rows);
/* The box, centred on a screen of rows x cols, as large as the text
 * needs and the screen allows. */
void dialog_draw(const struct dialog *d, int rows, int cols);
/* Where dialog_draw puts the box (for tests and for drawing around it). */
struct rect dialog_rect(const struct dialog *d, int rows, int cols);

#endif
