/* SPDX-License-Identifier: GPL-2.0-or-later */
/* printf into a fixed buffer that always ends terminated: the status
 * lines, dialogs and results that are built a sentence at a time. */
#ifndef CTDASH_BUFPRINTF_H
#define CTDASH_BUFPRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Format into buf (size n), cut to fit; returns buf. */
char *buf_printf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *buf_vprintf(char *buf, size_t n, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Append a sentence to the text in buf, after a space when buf is not
 * empty; nothing when no room is left for more than the space. Returns
 * buf. */
char *buf_appendf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
