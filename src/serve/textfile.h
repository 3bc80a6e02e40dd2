/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --textfile PATH: the metrics written for node_exporter's textfile
 * collector, replaced whole every refresh. ctdash runs as root, so what
 * it replaces is checked first: only an absent path or a regular file,
 * in a directory nobody else can write (the journal's rules), and the
 * temporary file beside it is a fresh one of its own, never an existing
 * name (a FIFO or a link planted there). */
#ifndef CTDASH_TEXTFILE_H
#define CTDASH_TEXTFILE_H

#include <stddef.h>

/* Whether PATH may be replaced: NULL, or why not (in why). The directory
 * must exist: a refusal at start rather than an error every refresh. */
const char *textfile_refusal(const char *path, char *why, size_t whylen);

/* Write text to path atomically: a fresh temporary file beside it,
 * renamed over it, so a reader sees the old file or the new one, never
 * half. 0, or a negative errno with the sentence in why. */
int textfile_write(const char *path, const char *text, size_t len, char *why, size_t whylen);

#endif
