/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/jsonw.h"

#include <inttypes.h>
#include <math.h>

#include "base/utf8.h"

void jw_init(struct jsonw *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = true;
}

/* s as a JSON string, valid whatever bytes it holds: a byte that is not
 * part of well-formed UTF-8 (a namespace name may hold any) becomes
 * U+FFFD, the replacement character, so the document still parses; a C0
 * or C1 control or DEL is escaped, so a terminal showing the document
 * obeys none from a process or namespace name. */
static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		int control = n ? utf8_control(p, n) : -1;
		if (n == 0) {
			fputs("\\ufffd", out);
			p++;
		} else if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p++);
		} else if (control >= 0) {
			fprintf(out, "\\u%04x", (unsigned)control);
			p += n;
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
	fputc('"', out);
}

/* Whether the container open at this depth has no element yet. Depths
 * past JSONW_DEPTH share the last slot: that is still exact, because a
 * container's flag is not read while a child is open, and a closed child
 * leaves its parent with an element (jw_close sets it). */
static bool *first_at(struct jsonw *w, unsigned depth)
{
	return &w->first[depth < JSONW_DEPTH ? depth : JSONW_DEPTH - 1];
}

/* Comma and key before a value. */
static void lead(struct jsonw *w, const char *key)
{
	bool *first = first_at(w, w->depth);
	if (!*first)
		fputc(',', w->out);
	*first = false;
	if (key) {
		put_string(w->out, key);
		fputc(':', w->out);
	}
}

void jw_open(struct jsonw *w, const char *key, char bracket)
{
	lead(w, key);
	fputc(bracket, w->out);
	w->depth++;
	*first_at(w, w->depth) = true;
}

void jw_close(struct jsonw *w, char bracket)
{
	fputc(bracket, w->out);
	if (w->depth > 0)
		w->depth--;
	*first_at(w, w->depth) = false;
	if (w->depth == 0)
		fputc('\n', w->out);
}

void jw_u64(struct jsonw *w, const char *key, uint64_t v)
{
	lead(w, key);
	fprintf(w->out, "%" PRIu64, v);
}

void jw_i64(struct jsonw *w, const char *key, int64_t v)
{
	lead(w, key);
	fprintf(w->out, "%" PRId64, v);
}

void jw_num(struct jsonw *w, const char *key, double v, int decimals)
{
	lead(w, key);
	if (isfinite(v))
		fprintf(w->out, "%.*f", decimals, v);
	else
		fputs("null", w->out);
}

void jw_str(struct jsonw *w, const char *key, const char *v)
{
	lead(w, key);
	put_string(w->out, v);
}

void jw_bool(struct jsonw *w, const char *key, bool v)
{
	lead(w, key);
	fputs(v ? "true" : "false", w->out);
}

void jw_null(struct jsonw *w, const char *key)
{
	lead(w, key);
	fputs("null", w->out);
}

void jw_num_known(struct jsonw *w, const char *key, double v, int decimals)
{
	if (v >= 0)
		jw_num(w, key, v, decimals);
	else
		jw_null(w, key);
}

void jw_rows(struct jsonw *w, const char *key, unsigned n,
	     void (*put_row)(struct jsonw *w, const void *rows, unsigned i), const void *rows)
{
	jw_open(w, key, '[');
	for (unsigned i = 0; i < n; i++) {
		jw_open(w, NULL, '{');
		put_row(w, rows, i);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}
