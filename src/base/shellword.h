/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shell command lines ctdash prints for a person to run: words quoted
 * when the shell would split or expand them, and the prefix that runs a
 * command in the namespace ctdash reads. */
#ifndef CTDASH_SHELLWORD_H
#define CTDASH_SHELLWORD_H

#include <stddef.h>

/* Room for any word of up to 255 bytes, however it is quoted. */
#define SHELL_WORD_MAX (255 * 4 + 8)
/* A prefix for a namespace name of up to 255 bytes. */
#define NS_EXEC_PREFIX_MAX (SHELL_WORD_MAX + 32)

/* s itself when the shell takes it as one plain word, else s in single
 * quotes, or in $'...' with \xNN escapes when it holds control bytes,
 * written into buf (size n). */
const char *shell_word(const char *s, char *buf, size_t n);

/* How to run a command in the namespace named by label, as main.c makes
 * labels: "" (ctdash's own: no prefix), "pid:N" ("nsenter -t N -n "), or
 * an ip-netns name ("ip netns exec NAME "). Written into buf; returns buf. */
char *ns_exec_prefix(const char *label, char *buf, size_t n);

#endif
