/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The cases both fits share: nothing to show, all of it fits, or too
 * narrow for an ellipsis (the head is the most telling part then).
 * Returns the width written, or -1 when src must be cut with ell. */
static int fit_without_ellipsis(char *dst, size_t n, const char *src, int len, int width,
				int ell_w)
{
	if (width <= 0) {
		snprintf(dst, n, "%s", "");
		return 0;
	}
	if (len <= width) {
		snprintf(dst, n, "%s", src);
		return len;
	}
	if (width <= ell_w) {
		snprintf(dst, n, "%.*s", width, src);
		return width;
	}
	return -1;
}

int text_fit_middle(char *dst, size_t n, const char *src, int width,
		    const char *ell, int ell_w)
{
	int len = (int)strlen(src);
	int done = fit_without_ellipsis(dst, n, src, len, width, ell_w);
	if (done >= 0)
		return done;
	int keep = width - ell_w;
	int head = (keep + 1) / 2, tail = keep - head;
	snprintf(dst, n, "%.*s%s%s", head, src, ell, src + len - tail);
	return width;
}

int text_fit_end(char *dst, size_t n, const char *src, int width,
		 const char *ell, int ell_w)
{
	int done = fit_without_ellipsis(dst, n, src, (int)strlen(src), width, ell_w);
	if (done >= 0)
		return done;
	snprintf(dst, n, "%.*s%s", width - ell_w, src, ell);
	return width;
}

int text_wrap(const char *s, int width, int *next)
{
	int len = (int)strlen(s);
	if (width < 1)
		width = 1;
	/* a line break within reach ends the line there */
	const char *nl = memchr(s, '\n', (size_t)(len < width + 1 ? len : width + 1));
	if (nl) {
		*next = (int)(nl - s) + 1;
		return (int)(nl - s);
	}
	int cut = len;
	if (len > width) {
		cut = width;
		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = width;
	}
	int at = cut;
	while (at < len && s[at] == ' ')
		at++;
	*next = at;
	/* no blanks left dangling at the end of a line */
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	return cut;
}

int text_columns(const char *s)
{
	int cols = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80) /* not a continuation byte */
			cols++;
	return cols;
}

char *text_compact(char *buf, size_t n, uint64_t v)
{
	static const char suffix[] = "kMGTPE";
	if (v < 1000) {
		snprintf(buf, n, "%" PRIu64, v);
		return buf;
	}
	double d = (double)v;
	unsigned u = 0;
	while (d >= 1000 && u < sizeof suffix - 1) {
		d /= 1000;
		u++;
	}
	/* 999.96k would print as "1000k": step up a unit instead */
	if (d >= 999.5 && u < sizeof suffix - 1) {
		d /= 1000;
		u++;
	}
	snprintf(buf, n, d < 9.95 ? "%.1f%c" : "%.0f%c", d, suffix[u - 1]);
	return buf;
}

char *text_rate(char *buf, size_t n, double per_sec)
{
	if (per_sec <= 0) {
		snprintf(buf, n, "0/s");
	} else if (per_sec < 10) {
		snprintf(buf, n, "%.1f/s", per_sec);
	} else if (per_sec < 1000) {
		snprintf(buf, n, "%.0f/s", per_sec);
	} else {
		char c[16];
		snprintf(buf, n, "%s/s", text_compact(c, sizeof c, (uint64_t)(per_sec + 0.5)));
	}
	return buf;
}
