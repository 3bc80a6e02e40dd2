/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The title line: its pieces, and which go first when the line is too
 * narrow (ui/title.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/title.h"

static void test_title_fit(void **state)
{
	(void)state;
	struct title_piece p[4] = {
		{ "ctdash", 100, false }, { "kernel 6.18", 20, false },
		{ "every 2.0s", 50, false }, { "cpu 5 ms/refresh", 10, false },
	};
	bool keep[4];
	/* 6 + 2 + 11 + 2 + 10 + 2 + 16 = 49 */
	assert_int_equal(title_fit(p, 4, 49, keep), 4);
	assert_int_equal(title_fit(p, 4, 48, keep), 3);
	assert_false(keep[3]);
	assert_true(keep[1]);
	assert_int_equal(title_fit(p, 4, 20, keep), 2);
	assert_true(keep[0] && keep[2] && !keep[1]);
	assert_int_equal(title_fit(p, 4, 3, keep), 0);
	/* the long piece goes; the shorter one dropped before it comes back */
	struct title_piece q[3] = {
		{ "ctdash", 100, false }, { "a rather long piece of the title", 20, false },
		{ "cpu 5", 10, false },
	};
	assert_int_equal(title_fit(q, 3, 14, keep), 2);
	assert_true(keep[0] && !keep[1] && keep[2]);
}

static void test_title_pieces(void **state)
{
	(void)state;
	struct title_info ti = {
		.host = "web1", .netns = "", .kernel = "6.18", .interval_ms = 2000,
		.effective_ms = 2600, .read_only = true, .paused = true, .dumping = true,
		.progress = 340123, .last_complete = 0, .cpu_ms = 12,
	};
	struct title_piece p[12];
	int n = title_pieces(&ti, p, 12);
	char all[1024] = "";
	for (int i = 0; i < n; i++) {
		strcat(all, p[i].text);
		strcat(all, "|");
	}
	assert_non_null(strstr(all, "|PAUSED|"));
	assert_non_null(strstr(all, "|web1|"));
	assert_non_null(strstr(all, "|netns (own)|"));
	assert_non_null(strstr(all, "|read-only|"));
	assert_non_null(strstr(all, "every 2.0s, stretched to 2.6s"));
	assert_non_null(strstr(all, "|no complete dump yet|"));
	assert_non_null(strstr(all, "|dumping 340k"));
	assert_non_null(strstr(all, "|cpu 12 ms/refresh|"));
	ti.read_only = ti.paused = ti.dumping = false;
	ti.effective_ms = 2000;
	ti.netns = "pod7";
	n = title_pieces(&ti, p, 12);
	all[0] = '\0';
	for (int i = 0; i < n; i++) {
		strcat(all, p[i].text);
		strcat(all, "|");
	}
	assert_null(strstr(all, "read-only"));
	assert_null(strstr(all, "PAUSED"));
	assert_null(strstr(all, "stretched"));
	assert_non_null(strstr(all, "|netns pod7|"));
}

static void test_title_advice_and_demo(void **state)
{
	(void)state;
	struct title_info ti = {
		.host = "web1", .netns = "", .kernel = "6.18", .interval_ms = 2000,
		.effective_ms = 2000, .advice = 2, .advice_alert = true, .demo = true,
		.demo_rate = 500,
	};
	struct title_piece p[14];
	int n = title_pieces(&ti, p, 14);
	bool advice = false, demo = false;
	for (int i = 0; i < n; i++) {
		advice |= strcmp(p[i].text, "advice 2 (a)") == 0 && p[i].alert;
		demo |= strcmp(p[i].text, "demo 500 flows/s") == 0;
	}
	assert_true(advice && demo);
	ti.advice = 0;
	ti.demo = false;
	n = title_pieces(&ti, p, 14);
	for (int i = 0; i < n; i++)
		assert_true(!strstr(p[i].text, "advice") && !strstr(p[i].text, "demo"));
}

/* The line kept at width columns, the pieces joined as title_draw does. */
static void fitted(const struct title_info *ti, int width, char *out, size_t n)
{
	struct title_piece p[16];
	bool keep[16];
	int k = title_pieces(ti, p, 16);
	title_fit(p, k, width, keep);
	out[0] = '\0';
	for (int i = 0; i < k; i++)
		if (keep[i])
			snprintf(out + strlen(out), n - strlen(out), "%s%s", *out ? "  " : "", p[i].text);
}

/* What auto weighed is long (the cost of a message, ctdash's part and
 * the kernel's): on 120 columns it went in the source's piece and pushed
 * the kernel and the dump's time off the title (tests/tui/content.sh).
 * Now it is a piece of its own that goes first, and shows where there is
 * room. */
static void test_title_source_why(void **state)
{
	(void)state;
	struct title_info ti = {
		.host = "vm", .netns = "ctdt-7696-4179", .kernel = "6.18.44-fc-v1300",
		.interval_ms = 2000, .effective_ms = 2000, .last_complete = 1e9,
		.source = "events, dump 2s ago",
		.source_why = "(all events cost 0.0% of a core; 5.0 us + kernel 2.0 us (measured) a message)",
	};
	char line[512];
	fitted(&ti, 119, line, sizeof line);
	assert_non_null(strstr(line, "events, dump 2s ago"));
	assert_non_null(strstr(line, "kernel 6.18.44"));
	assert_non_null(strstr(line, "  dump "));
	assert_null(strstr(line, "all events cost"));
	fitted(&ti, 199, line, sizeof line);
	assert_non_null(strstr(line, "events, dump 2s ago  (all events cost 0.0% of a core; 5.0 us + kernel "
				     "2.0 us (measured) a message)"));
	assert_non_null(strstr(line, "kernel 6.18.44"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_source_why),
		cmocka_unit_test(test_title_advice_and_demo),
		cmocka_unit_test(test_title_fit),
		cmocka_unit_test(test_title_pieces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
