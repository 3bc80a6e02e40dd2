/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A one-line text input with an inline error, drawn in the status line:
 * used by the search, the values the tuning keys ask for, and the paths
 * an export writes to. */
#ifndef CTDASH_INPUT_H
#define CTDASH_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"
#include "model/filter.h"

/* what most inputs take: long enough for a path */
#define INPUT_DEFAULT_LEN 255
/* the most any input takes: a whole filter (FILTER_LEN_MAX) */
#define INPUT_MAX (FILTER_LEN_MAX + 1)

enum input_result {
	INPUT_EDITING,  /* the key changed (or did not change) the text */
	INPUT_ACCEPT,   /* Enter */
	INPUT_CANCEL,   /* Escape */
};

struct input {
	char prompt[96];
	char text[INPUT_MAX];
	size_t len;
	size_t max;       /* bytes it takes, at most INPUT_MAX - 1 */
	char error[256];  /* shown after the text until the next key */
};

void input_open(struct input *in, const char *prompt);
/* Take up to max bytes (INPUT_DEFAULT_LEN after input_open); a key past
 * them is refused with an error, never dropped silently. */
void input_set_max(struct input *in, size_t max);
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
