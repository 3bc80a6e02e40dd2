/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key table (ui/keys.c), itself: every key its action, in its
 * context; the help's lines; the man page's key section names exactly
 * the keys the table lists; the views' --view names. Nothing here calls
 * initscr(). */
#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/ui.h"

static void test_actions(void **state)
{
	(void)state;
	static const struct { int key; enum key_context c; enum ui_action a; } want[] = {
		{ KEY_F(1), KEYS_EVERYWHERE, ACT_HELP }, { '?', KEYS_EVERYWHERE, ACT_HELP },
		{ 'q', KEYS_EVERYWHERE, ACT_QUIT }, { KEY_F(10), KEYS_EVERYWHERE, ACT_QUIT },
		{ 'k', KEYS_EVERYWHERE, ACT_KILL }, { 2, KEYS_EVERYWHERE, ACT_PAGE_UP },
		{ 'h', KEYS_EVERYWHERE, ACT_HELP }, { KEY_F(5), KEYS_EVERYWHERE, ACT_REFRESH },
		{ KEY_F(6), KEYS_EVERYWHERE, ACT_PANE_SORT }, { '\\', KEYS_EVERYWHERE, ACT_PANE_FILTER },
		{ 12, KEYS_EVERYWHERE, ACT_REDRAW }, { 27, KEYS_EVERYWHERE, ACT_CLOSE },
		{ '\n', KEYS_EVERYWHERE, ACT_ENTER }, { KEY_ENTER, KEYS_EVERYWHERE, ACT_ENTER },
		{ KEY_RESIZE, KEYS_EVERYWHERE, ACT_RESIZE }, { 'Z', KEYS_EVERYWHERE, ACT_NONE },
		{ KEY_F(9), KEYS_EVERYWHERE, ACT_DELETE }, { 'I', KEYS_EVERYWHERE, ACT_NONE },
		{ KEY_F(4), KEYS_EVERYWHERE, ACT_PANE_FILTER },
		/* in the list: its own keys first, then every other */
		{ 'k', KEYS_IN_LIST, ACT_KILL }, { KEY_F(9), KEYS_IN_LIST, ACT_DELETE },
		{ KEY_F(4), KEYS_IN_LIST, ACT_LIST_FILTER }, { '\\', KEYS_IN_LIST, ACT_LIST_FILTER },
		{ KEY_F(6), KEYS_IN_LIST, ACT_LIST_SORT }, { 'I', KEYS_IN_LIST, ACT_LIST_REVERSE },
		{ 'j', KEYS_IN_LIST, ACT_DOWN }, { 'q', KEYS_IN_LIST, ACT_QUIT },
		/* in the help q closes it and F10 quits */
		{ 'q', KEYS_IN_HELP, ACT_CLOSE }, { KEY_F(10), KEYS_IN_HELP, ACT_QUIT },
		{ KEY_ESC, KEYS_IN_HELP, ACT_CLOSE },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (keys_action_in(want[i].key, want[i].c) != want[i].a)
			fail_msg("key %d in context %d: action %d, expected %d", want[i].key, want[i].c,
				 keys_action_in(want[i].key, want[i].c), want[i].a);
	assert_int_equal(keys_action('k'), ACT_KILL);
}

/* Each key once in its context, and every listed binding named. */
static void test_table(void **state)
{
	(void)state;
	assert_true(keys_count() > 30);
	assert_null(keys_binding(keys_count()));
	for (unsigned i = 0; i < keys_count(); i++) {
		const struct key_binding *b = keys_binding(i);
		char names[64];
		assert_true(b->keys[0] != 0);
		if (b->what && !keys_names(b, names, sizeof names)[0])
			fail_msg("binding %u lists no key", i);
		for (size_t k = 0; k < KEYS_PER_BINDING && b->keys[k]; k++)
			if (keys_action_in(b->keys[k], b->context) != b->action)
				fail_msg("key %d of binding %u is bound before it", b->keys[k], i);
	}
	char buf[16];
	assert_string_equal(keys_name(KEY_F(10), buf, sizeof buf), "F10");
	assert_string_equal(keys_name(2, buf, sizeof buf), "^B");
	assert_string_equal(keys_name(KEY_BTAB, buf, sizeof buf), "Shift-Tab");
	assert_null(keys_name('\n', buf, sizeof buf));
}

/* The man page's tags in KEYS and Tuning keys (".BR F1 \", \" ?"), one
 * key a line of out: man roman-bold pairs, bold the odd ones. */
static unsigned man_keys(char out[][16], unsigned max)
{
	char path[4096], line[512];
	snprintf(path, sizeof path, "%s/../../doc/ctdash.8", fixtures_dir());
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("%s: cannot open", path);
	bool in_keys = false, tag = false;
	unsigned n = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".SH", 3) == 0)
			in_keys = false;
		if (strcmp(line, ".SS Keys") == 0)
			in_keys = true;
		if (!in_keys)
			continue;
		bool is_tag = tag;
		tag = strcmp(line, ".TP") == 0;
		if (!is_tag || line[0] != '.')
			continue;
		bool alternating = strncmp(line, ".BR ", 4) == 0;
		char *p = line + (alternating ? 4 : 3);
		for (unsigned arg = 0; *p && n < max; arg++) {
			while (*p == ' ')
				p++;
			char word[64];
			size_t w = 0;
			bool quoted = *p == '"';
			p += quoted;
			while (*p && (quoted ? *p != '"' : *p != ' ') && w + 1 < sizeof word) {
				if (p[0] == '\\' && (p[1] == '-' || p[1] == 'e'))
					word[w++] = p[1] == '-' ? '-' : '\\', p += 2;
				else
					word[w++] = *p++;
			}
			word[w] = '\0';
			p += quoted && *p == '"';
			if ((!alternating || arg % 2 == 0) && w) {
				/* a longer tag would be compared cut short */
				if (w >= sizeof out[0])
					fail_msg("man page key tag '%s' over %zu bytes", word,
						 sizeof out[0] - 1);
				memcpy(out[n++], word, w + 1);
			}
		}
	}
	fclose(f);
	return n;
}

static bool in_list(char list[][16], unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static void test_man_page(void **state)
{
	(void)state;
	static char man[256][16], table[256][16];
	unsigned nman = man_keys(man, 256), ntable = 0;
	assert_true(nman > 30);
	for (unsigned i = 0; i < keys_count(); i++) {
		const struct key_binding *b = keys_binding(i);
		for (size_t k = 0; b->what && k < KEYS_PER_BINDING && b->keys[k]; k++) {
			char buf[16];
			const char *name = keys_name(b->keys[k], buf, sizeof buf);
			if (name && ntable < 256)
				snprintf(table[ntable++], sizeof table[0], "%s", name);
		}
	}
	for (unsigned i = 0; i < ntable; i++)
		if (!in_list(man, nman, table[i]))
			fail_msg("the man page's KEYS do not name %s", table[i]);
	/* Ctrl-C is a signal, not a key of the table */
	for (unsigned i = 0; i < nman; i++)
		if (!in_list(table, ntable, man[i]) && strcmp(man[i], "Ctrl-C") != 0)
			fail_msg("the man page names %s, which the key table does not have", man[i]);
}

static void test_views(void **state)
{
	(void)state;
	char err[256];
	static const char *const names[] = { "list", "churn", "timeouts", "advice", "journal",
					     "namespaces" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_int_equal(ui_check_view(names[i], err, sizeof err), 0);
	assert_int_equal(ui_check_view("entries", err, sizeof err), -1);
	assert_non_null(strstr(err, "invalid value 'entries' for --view: expected timeouts,"));
	assert_non_null(strstr(err, " or namespaces"));
}

/* The help is read in 80 columns: no line of it is cut at the right edge,
 * and every key description the table has is in it. */
static void test_help_fits(void **state)
{
	(void)state;
	static struct help h;
	struct help_figures f = { .demo = true, .refreshes = 12345, .collect_cpu_ms_last = 1234.5,
				  .collect_cpu_ms_mean = 1234.5, .draw_cpu_ms = 12.5, .entries = 1234567,
				  .dump_ms = 12345, .effective_ms = 20000, .interval_ms = 2000,
				  .first_screen_ms = 1234, .keys = 1234, .key_last_ms = 12.5,
				  .key_max_ms = 123.5, .key_dump_max_ms = 123.5, .keys_during_dump = 123,
				  .names_started = true, .names_lookups = 123456, .names_hits = 123456,
				  .names_dropped = 12345, .names_held = 4096, .names_capacity = 4096,
				  .writes = 12, .write_key_ms = 123.5, .write_key_max_ms = 123.5,
				  .write_apply_ms = 12.5 };
	help_init(&h);
	help_build(&h, &f);
	assert_true(h.n > 40);
	assert_true(h.n < HELP_LINES); /* none dropped for want of room */
	for (int i = 0; i < h.n; i++) {
		size_t cols = 0;
		for (const unsigned char *c = (const unsigned char *)h.lines[i]; *c; c++)
			cols += (*c & 0xc0) != 0x80; /* UTF-8: count the first bytes */
		if (cols > HELP_WRAP)
			fail_msg("help line %d is %zu columns: '%s'", i, cols, h.lines[i]);
	}
	for (unsigned i = 0; i < keys_count(); i++) {
		const struct key_binding *b = keys_binding(i);
		char first[24];
		if (!b->what)
			continue;
		/* the description's first words begin a line after the keys */
		snprintf(first, sizeof first, "%.*s", (int)strcspn(b->what, " "), b->what);
		bool found = false;
		for (int l = 0; l < h.n && !found; l++)
			found = strlen(h.lines[l]) > 14 && strncmp(h.lines[l] + 14, b->what, strlen(first)) == 0 &&
				h.lines[l][2] != ' ';
		if (!found)
			fail_msg("the help does not list binding %u ('%s')", i, b->what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_man_page),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_help_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
