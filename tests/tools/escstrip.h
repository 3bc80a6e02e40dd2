/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Terminal output without its control sequences, for matching what a
 * program drew (tests/tools/keylat): CSI (ESC [ ... final byte), OSC
 * (ESC ] ... BEL or ESC \), the other ESC sequences (charset choices,
 * keypad modes: ESC, intermediates 0x20-0x2f, one final byte), and C0
 * controls but newline. The state carries over from one call to the next,
 * so a sequence split between two reads is still removed whole. */
#ifndef CTDASH_ESCSTRIP_H
#define CTDASH_ESCSTRIP_H

#include <stddef.h>

struct esc_strip {
	int state; /* where the last call stopped: in text, after ESC, in a CSI, ... */
};

void esc_strip_init(struct esc_strip *s);

/* Write the plain text of in[0..n) to out (room for n bytes); returns
 * how many bytes were written. in and out may be the same buffer. */
size_t esc_strip(struct esc_strip *s, const char *in, size_t n, char *out);

#endif
