/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict parsing of whole numbers: typed by a person, read from the
 * kernel's files, or inside a longer text (durations). */
#ifndef CTDASH_PARSE_H
#define CTDASH_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Decimal digits only, no sign, no spaces, at most max. */
bool parse_uint(const char *s, uint64_t max, uint64_t *out);
/* The decimal digits at *p (none gives 0), *p moved past them; false
 * when they come to more than max (*p then stops inside them). */
bool parse_digits(const char **p, uint64_t max, uint64_t *out);
/* A line as the kernel writes a number in /proc and /sys: digits, then
 * at most one newline. */
bool parse_uint_line(const char *s, uint64_t max, uint64_t *out);
/* A namespace label "pid:N" (N from 1 to INT_MAX, nothing after it),
 * and N then: --netns-pid as main.c labels it. */
bool parse_pid_label(const char *label, int *pid);

#endif
