/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Well-formed UTF-8 (RFC 3629), for writers whose output must be valid
 * text whatever bytes they are given: a namespace name may hold any. */
#ifndef CTDASH_UTF8_H
#define CTDASH_UTF8_H

#include <stddef.h>

/* U+FFFD, the replacement character, in UTF-8. */
#define UTF8_REPLACEMENT "\xef\xbf\xbd"

/* The length of the well-formed sequence at p (1 to 4), or 0: a stray
 * continuation byte, an overlong form, a surrogate, a code point past
 * U+10FFFF or a sequence cut short by the terminating NUL. */
size_t utf8_len(const unsigned char *p);

/* The control character the well-formed sequence p of len bytes (as
 * utf8_len gives it) stands for, or -1 when it is none: C0 (U+0000 to
 * U+001F), DEL (U+007F) and C1 (U+0080 to U+009F, C2 80 to C2 9F). A
 * terminal obeys them (CSI U+009B as ESC [), and a process or namespace
 * name may hold any, so every writer of such names escapes or replaces
 * them. */
int utf8_control(const unsigned char *p, size_t len);

#endif
