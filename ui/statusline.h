/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bottom line: what the keys do in the focused pane, or a message
 * (a result, an error) for a few seconds. A message too long for the
 * line takes the lines above it too (at most STATUS_MAX_LINES). */
#ifndef CTDASH_STATUSLINE_H
#define CTDASH_STATUSLINE_H

#include <stdbool.h>

#include "layout.h"

#define STATUS_SHOW_S 4.0
/* a message of more than one line stays this much longer a line */
#define STATUS_MORE_S 3.0
#define STATUS_MAX_LINES 3

struct key_hint {
	const char *key;
	const char *what;
};

struct statusline {
	char msg[640];
	bool error;
	bool esc_passes; /* the message says what Esc does: Esc does it at once */
	double until;  /* monotonic seconds; the message is gone after */
};

void status_message(struct statusline *s, double now, bool error, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void status_clear(struct statusline *s);
/* The message shown says what Esc does ("Esc goes back"): the first Esc
 * does it instead of only putting the message away. */
void status_let_esc_pass(struct statusline *s);
bool status_showing(const struct statusline *s, double now);
/* The message if one is showing, else the hints (a NULL key ends them). */
void status_draw(const struct statusline *s, struct rect r, double now,
		 const struct key_hint *hints);

#endif
