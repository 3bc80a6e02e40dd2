/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The JSON writer: comma placement at every depth, string escaping,
 * numbers and the values JSON has no word for. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/jsonw.h"

struct capture {
	FILE *f;
	char *text;
	size_t len;
	struct jsonw w;
};

static int open_capture(void **state)
{
	struct capture *c = calloc(1, sizeof *c);
	assert_non_null(c);
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	jw_init(&c->w, c->f);
	*state = c;
	return 0;
}

static int close_capture(void **state)
{
	struct capture *c = *state;
	if (c->f)
		fclose(c->f);
	free(c->text);
	free(c);
	return 0;
}

/* What was written so far. */
static const char *written(struct capture *c)
{
	assert_int_equal(fflush(c->f), 0);
	return c->text;
}

static void test_empty_containers(void **state)
{
	struct capture *c = *state;
	jw_open(&c->w, NULL, '{');
	jw_open(&c->w, "a", '[');
	jw_close(&c->w, ']');
	jw_open(&c->w, "o", '{');
	jw_close(&c->w, '}');
	jw_close(&c->w, '}');
	assert_string_equal(written(c), "{\"a\":[],\"o\":{}}\n");
}

static void test_commas_at_every_depth(void **state)
{
	struct capture *c = *state;
	struct jsonw *w = &c->w;
	jw_open(w, NULL, '{');
	jw_u64(w, "count", 3);
	jw_open(w, "l3", '{');
	jw_u64(w, "ipv4", 2);
	jw_u64(w, "ipv6", 1);
	jw_close(w, '}');
	jw_open(w, "top_sources", '[');
	jw_open(w, NULL, '{');
	jw_str(w, "addr", "127.0.0.1");
	jw_u64(w, "count", 2);
	jw_close(w, '}');
	jw_open(w, NULL, '{');
	jw_str(w, "addr", "::1");
	jw_u64(w, "count", 1);
	jw_close(w, '}');
	jw_close(w, ']');
	jw_open(w, "nested", '[');
	jw_open(w, NULL, '[');
	jw_u64(w, NULL, 1);
	jw_u64(w, NULL, 2);
	jw_close(w, ']');
	jw_open(w, NULL, '[');
	jw_close(w, ']');
	jw_null(w, NULL);
	jw_close(w, ']');
	jw_bool(w, "complete", true);
	jw_bool(w, "partial", false);
	jw_null(w, "missing");
	jw_close(w, '}');
	assert_string_equal(written(c),
		"{\"count\":3,\"l3\":{\"ipv4\":2,\"ipv6\":1},"
		"\"top_sources\":[{\"addr\":\"127.0.0.1\",\"count\":2},{\"addr\":\"::1\",\"count\":1}],"
		"\"nested\":[[1,2],[],null],"
		"\"complete\":true,\"partial\":false,\"missing\":null}\n");
}

/* Two documents in a row: the second starts without a stray comma. */
/* Deeper than JSONW_DEPTH: every comma in place, and the document ends
 * (one newline) only when the outermost bracket closes. */
static void test_deeper_than_kept(void **state)
{
	struct capture *c = *state;
	enum { LEVELS = JSONW_DEPTH + 8 };
	char want[8 * LEVELS + 8] = "";
	for (int i = 0; i < LEVELS; i++) {
		jw_open(&c->w, NULL, '[');
		strcat(want, "[");
	}
	for (int i = 0; i < LEVELS; i++) {
		jw_open(&c->w, NULL, '[');
		jw_close(&c->w, ']');
		jw_u64(&c->w, NULL, (uint64_t)i % 10);
		jw_close(&c->w, ']');
		char part[8];
		snprintf(part, sizeof part, i ? ",[],%d]" : "[],%d]", i % 10);
		strcat(want, part);
	}
	strcat(want, "\n");
	assert_string_equal(written(c), want);
	assert_int_equal(c->w.depth, 0);
}

static void test_second_document(void **state)
{
	struct capture *c = *state;
	for (int i = 0; i < 2; i++) {
		jw_init(&c->w, c->f);
		jw_open(&c->w, NULL, '{');
		jw_u64(&c->w, "n", (uint64_t)i);
		jw_close(&c->w, '}');
	}
	assert_string_equal(written(c), "{\"n\":0}\n{\"n\":1}\n");
}

static void test_string_escaping(void **state)
{
	struct capture *c = *state;
	jw_open(&c->w, NULL, '{');
	jw_str(&c->w, "quote", "say \"hi\"");
	jw_str(&c->w, "backslash", "C:\\dir\\");
	jw_str(&c->w, "controls", "a\nb\tc\rd\x01\x1f");
	jw_str(&c->w, "del and utf-8", "\x7f caf\xc3\xa9 \xe2\x86\x92");
	jw_str(&c->w, "slash", "a/b");
	jw_str(&c->w, "", "");
	jw_str(&c->w, "key \"with\" \\ and \n", "v");
	jw_close(&c->w, '}');
	assert_string_equal(written(c),
		"{\"quote\":\"say \\\"hi\\\"\","
		"\"backslash\":\"C:\\\\dir\\\\\","
		"\"controls\":\"a\\u000ab\\u0009c\\u000dd\\u0001\\u001f\","
		"\"del and utf-8\":\"\\u007f caf\xc3\xa9 \xe2\x86\x92\","
		"\"slash\":\"a/b\","
		"\"\":\"\","
		"\"key \\\"with\\\" \\\\ and \\u000a\":\"v\"}\n");
}

/* Any bytes give valid JSON: each byte outside well-formed UTF-8 (a
 * namespace name may hold any) is U+FFFD; well-formed sequences, up to
 * four bytes, pass whole. */
static void test_invalid_utf8(void **state)
{
	struct capture *c = *state;
	jw_open(&c->w, NULL, '[');
	jw_str(&c->w, NULL, "ns\xff");               /* never in UTF-8 */
	jw_str(&c->w, NULL, "\x80x");                /* a stray continuation */
	jw_str(&c->w, NULL, "\xc3");                 /* cut short at the end */
	jw_str(&c->w, NULL, "\xe2\x86");             /* cut short, two of three */
	jw_str(&c->w, NULL, "\xc0\xaf");             /* overlong '/' */
	jw_str(&c->w, NULL, "\xe0\x80\xaf");         /* overlong, three bytes */
	jw_str(&c->w, NULL, "\xed\xa0\x80");         /* a UTF-16 surrogate */
	jw_str(&c->w, NULL, "\xf4\x90\x80\x80");     /* past U+10FFFF */
	jw_str(&c->w, NULL, "\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xed\x9f\xbf"); /* valid */
	jw_str(&c->w, NULL, "\xc3\"");               /* cut short by a quote */
	jw_close(&c->w, ']');
	assert_string_equal(written(c),
		"[\"ns\\ufffd\","
		"\"\\ufffdx\","
		"\"\\ufffd\","
		"\"\\ufffd\\ufffd\","
		"\"\\ufffd\\ufffd\","
		"\"\\ufffd\\ufffd\\ufffd\","
		"\"\\ufffd\\ufffd\\ufffd\","
		"\"\\ufffd\\ufffd\\ufffd\\ufffd\","
		"\"\xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xed\x9f\xbf\","
		"\"\\ufffd\\\"\"]\n");
}

/* C1 controls (U+0080 to U+009F) are escaped like C0: CSI U+009B is
 * ESC [ to a terminal, and a process name may hold it. Raw bytes 0x80 to
 * 0x9F are not UTF-8 on their own: U+FFFD. U+00A0 on is text. */
static void test_c1_controls(void **state)
{
	struct capture *c = *state;
	jw_open(&c->w, NULL, '[');
	jw_str(&c->w, NULL, "a\xc2\x80" "b\xc2\x9b" "31mc\xc2\x9d" "0;owned\xc2\x9c");
	jw_str(&c->w, NULL, "\x9b" "31m\x85");
	jw_str(&c->w, NULL, "\xc2\xa0\xc2\xbf");  /* NBSP, inverted ? */
	jw_close(&c->w, ']');
	assert_string_equal(written(c),
		"[\"a\\u0080b\\u009b31mc\\u009d0;owned\\u009c\","
		"\"\\ufffd31m\\ufffd\","
		"\"\xc2\xa0\xc2\xbf\"]\n");
}

static void test_numbers(void **state)
{
	struct capture *c = *state;
	struct jsonw *w = &c->w;
	jw_open(w, NULL, '[');
	jw_u64(w, NULL, 0);
	jw_u64(w, NULL, UINT64_MAX);
	jw_i64(w, NULL, -1);
	jw_i64(w, NULL, INT64_MIN);
	jw_i64(w, NULL, INT64_MAX);
	jw_num(w, NULL, 0.5, 2);
	jw_num(w, NULL, 2.0 / 3.0, 4);
	jw_num(w, NULL, 88.5, 0);
	jw_num(w, NULL, 1e6, 1);
	jw_num(w, NULL, -0.25, 3);
	jw_num(w, NULL, NAN, 2);
	jw_num(w, NULL, INFINITY, 2);
	jw_num(w, NULL, -INFINITY, 2);
	jw_close(w, ']');
	assert_string_equal(written(c),
		"[0,18446744073709551615,-1,-9223372036854775808,9223372036854775807,"
		"0.50,0.6667,88,1000000.0,-0.250,null,null,null]\n");
}

static void put_pair(struct jsonw *w, const void *rows, unsigned i)
{
	const unsigned *v = rows;
	jw_u64(w, "i", i);
	jw_u64(w, "v", v[i]);
}

/* Rows: one object a row, in order, commas between; none: []. Known
 * numbers: a negative one is null. */
static void test_rows_and_known(void **state)
{
	struct capture *c = *state;
	static const unsigned v[] = { 7, 9 };
	jw_open(&c->w, NULL, '{');
	jw_rows(&c->w, "rows", 2, put_pair, v);
	jw_rows(&c->w, "none", 0, put_pair, v);
	jw_num_known(&c->w, "age", 2.5, 1);
	jw_num_known(&c->w, "zero", 0, 0);
	jw_num_known(&c->w, "unknown", -1, 1);
	jw_close(&c->w, '}');
	assert_string_equal(written(c),
		"{\"rows\":[{\"i\":0,\"v\":7},{\"i\":1,\"v\":9}],\"none\":[],"
		"\"age\":2.5,\"zero\":0,\"unknown\":null}\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_containers, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_c1_controls, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_commas_at_every_depth, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_deeper_than_kept, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_second_document, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_string_escaping, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_numbers, open_capture, close_capture),
		cmocka_unit_test_setup_teardown(test_rows_and_known, open_capture, close_capture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
