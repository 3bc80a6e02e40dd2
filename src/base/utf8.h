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

#endif
