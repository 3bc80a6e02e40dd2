/* A one-line text input with an inline error, drawn in the status line:
 * used by the search, the values the tuning keys ask for, and the paths
 * an export writes to. */
#ifndef CTDASH_INPUT_H
#define CTDASH_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

/* long enough for a path */
#define INPUT_MAX 256

enum input_result {
	INPUT_EDITING,  /* the key changed (or did not change) the text */
	INPUT_ACCEPT,   /* Enter */
	INPUT_CANCEL,   /* Escape */
};

struct input {
	char prompt[96];
	char text[INPUT_MAX];
	size_t len;
	char error[256];  /* shown after the text until the next key */
};

void input_open(struct input *in, const char *prompt);
/* Apply one getch() value: printable characters are typed, Backspace
 * deletes, Ctrl-U clears, Enter accepts, Escape cancels. */
enum input_result input_key(struct input *in, int key);
void input_set_error(struct input *in, const char *msg);
/* Replace the text, as if typed (a suggestion the user may edit). */
void input_set_text(struct input *in, const char *text);
/* The input in r; an error too long for the rest of the line goes on
 * the line above it. */
void input_draw(const struct input *in, struct rect r);

#endif
