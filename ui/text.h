/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fitting text into columns. Pure functions, no curses. Input text is
 * ASCII (addresses, names, numbers); the ellipsis may be a UTF-8 glyph
 * one column wide, so widths are passed, never taken from strlen. */
#ifndef CTDASH_TEXT_H
#define CTDASH_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* src in at most width columns: when longer, its head and tail with the
 * ellipsis (ell, ell_w columns) between, so "2001:db8:85a3::8a2e:370:7334"
 * keeps both its prefix and its host part. Returns the columns used. */
int text_fit_middle(char *dst, size_t n, const char *src, int width,
		    const char *ell, int ell_w);
/* src in at most width columns, cut at the end with the ellipsis. */
int text_fit_end(char *dst, size_t n, const char *src, int width,
		 const char *ell, int ell_w);

/* Breaking text into lines of at most width columns: the bytes of s that
 * go on the first line (cut at the last space that fits, or mid-word when
 * a word is longer than the line); *next is where the following line
 * starts, past the spaces. 0 with *next 0 when s is empty. */
int text_wrap(const char *s, int width, int *next);

/* Columns a UTF-8 string of one-column characters takes. */
int text_columns(const char *s);

/* 340123 → "340k", 1234567 → "1.2M", 999 → "999". */
char *text_compact(char *buf, size_t n, uint64_t v);
/* A rate per second: "0/s", "0.4/s", "12/s", "3.4k/s". */
char *text_rate(char *buf, size_t n, double per_sec);

#endif
