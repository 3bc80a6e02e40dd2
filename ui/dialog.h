/* A modal confirmation: a box over the screen with a title, lines of
 * text (what will change, the command that does the same), and y / n.
 * Made for the tuning screens: nothing here writes anything. */
#ifndef CTDASH_DIALOG_H
#define CTDASH_DIALOG_H

#include <stdbool.h>

#include "layout.h"

#define DIALOG_LINES 24
#define DIALOG_WIDTH 120

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
};

void dialog_open(struct dialog *d, const char *title, bool warn);
/* One line of text; lines past DIALOG_LINES are dropped, the last one
 * kept saying so. */
void dialog_add(struct dialog *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum dialog_result dialog_key(const struct dialog *d, int key);
/* The box, centred on a screen of rows x cols, as large as the text
 * needs and the screen allows. */
void dialog_draw(const struct dialog *d, int rows, int cols);
/* Where dialog_draw puts the box (for tests and for drawing around it). */
struct rect dialog_rect(const struct dialog *d, int rows, int cols);

#endif
