/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tests/tools/escstrip.h"

enum {
	ST_TEXT,
	ST_ESC,     /* after ESC */
	ST_ESC_INT, /* ESC and intermediate bytes, waiting for the final one */
	ST_CSI,     /* ESC [ or 0x9b-less CSI: parameters until a final byte */
	ST_OSC,     /* ESC ] (or P, X, ^, _: strings): until BEL or ESC \ */
	ST_OSC_ESC, /* an ESC inside a string: a backslash ends it */
};

void esc_strip_init(struct esc_strip *s)
{
	s->state = ST_TEXT;
}

/* One byte in text: kept, or the start of a sequence. */
static int text_byte(unsigned char c, char *out, size_t *o)
{
	if (c == 0x1b)
		return ST_ESC;
	if (c >= 0x20 || c == '\n')
		out[(*o)++] = (char)c;
	return ST_TEXT; /* other C0 controls (CR, BS, BEL, SI/SO) draw nothing */
}

static int esc_byte(unsigned char c)
{
	if (c == '[')
		return ST_CSI;
	if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
		return ST_OSC;
	if (c >= 0x20 && c <= 0x2f)
		return ST_ESC_INT;
	return ST_TEXT; /* a two-byte sequence: ESC 7, ESC =, ESC M ... */
}

size_t esc_strip(struct esc_strip *s, const char *in, size_t n, char *out)
{
	size_t o = 0;
	int st = s->state;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		switch (st) {
		case ST_TEXT:
			st = text_byte(c, out, &o);
			break;
		case ST_ESC:
			st = esc_byte(c);
			break;
		case ST_ESC_INT:
			if (c < 0x20 || c > 0x2f)
				st = ST_TEXT;
			break;
		case ST_CSI:
			/* parameters and intermediates are 0x20-0x3f; the
			 * final byte 0x40-0x7e ends it; ESC starts anew */
			if (c == 0x1b)
				st = ST_ESC;
			else if (c >= 0x40 && c <= 0x7e)
				st = ST_TEXT;
			break;
		case ST_OSC:
			if (c == 0x07)
				st = ST_TEXT;
			else if (c == 0x1b)
				st = ST_OSC_ESC;
			break;
		case ST_OSC_ESC:
			st = c == '\\' ? ST_TEXT : c == 0x1b ? ST_OSC_ESC : ST_OSC;
			break;
		}
	}
	s->state = st;
	return o;
}
