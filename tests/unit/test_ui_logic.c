/* The dashboard's logic that needs no terminal: layout at every size,
 * fitting text, list navigation and search, the key table, the title's
 * pieces, sparkline levels, the text input, and the panes' rows as built
 * from a snapshot. Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/meter.h"
#include "model/names.h"
#include "ui/panel.h"
#include "ui/panes.h"
#include "ui/sparkline.h"
#include "ui/text.h"
#include "ui/title.h"

/* ---- layout ------------------------------------------------------------- */

static bool inside(struct rect r, int rows, int cols)
{
	return r.y >= 0 && r.x >= 0 && r.h > 0 && r.w > 0 && r.y + r.h <= rows && r.x + r.w <= cols;
}

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The dashboard's four panes. */
#define NPANES 4

static void check_layout_of(int rows, int cols, int npanes)
{
	struct layout l;
	layout_compute(rows, cols, npanes, &l);
	assert_false(l.too_small);
	assert_int_equal(l.npanes, npanes);
	struct rect all[2 + METER_COUNT + 1 + LAYOUT_PANES_MAX];
	int n = 0;
	all[n++] = l.title;
	all[n++] = l.status;
	for (int m = 0; m < METER_COUNT; m++)
		all[n++] = l.meters[m];
	all[n++] = l.spark;
	for (int p = 0; p < npanes; p++) {
		all[n++] = l.panes[p];
		/* every pane shows its title, a heading and at least two rows */
		if (l.panes[p].h < 4 || (npanes == NPANES && l.panes[p].w < 28))
			fail_msg("%dx%d: pane %d is %dx%d", cols, rows, p, l.panes[p].w, l.panes[p].h);
	}
	int area = 0;
	for (int i = 0; i < n; i++) {
		if (!inside(all[i], rows, cols))
			fail_msg("%dx%d: rect %d (%d,%d %dx%d) is off screen", cols, rows, i,
				 all[i].x, all[i].y, all[i].w, all[i].h);
		for (int j = 0; j < i; j++)
			if (overlap(all[i], all[j]))
				fail_msg("%dx%d: rects %d and %d overlap", cols, rows, i, j);
		area += all[i].w * all[i].h;
	}
	/* nothing is left blank: the panes take every spare row */
	assert_int_equal(area, rows * cols);
	assert_int_equal(l.title.y, 0);
	assert_int_equal(l.status.y, rows - 1);
}

static void check_layout(int rows, int cols)
{
	check_layout_of(rows, cols, NPANES);
}

static void test_layout_sizes(void **state)
{
	(void)state;
	static const int sizes[][2] = {
		{ 24, 80 }, { 18, 60 }, { 60, 200 }, { 25, 81 }, { 40, 120 }, { 100, 139 },
		{ 100, 140 }, { 19, 61 }, { 300, 500 },
	};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		check_layout(sizes[i][0], sizes[i][1]);
	/* a pane more or fewer: the grid still fills the room, no overlap */
	for (int n = 1; n <= LAYOUT_PANES_MAX; n++) {
		check_layout_of(24, 80, n);
		check_layout_of(60, 200, n);
	}
}

static void test_layout_too_small(void **state)
{
	(void)state;
	struct layout l;
	layout_compute(12, 40, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(LAYOUT_MIN_ROWS - 1, 200, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(200, LAYOUT_MIN_COLS - 1, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(0, 0, NPANES, &l);
	assert_true(l.too_small);
	layout_compute(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, NPANES, &l);
	assert_false(l.too_small);
}

static void test_layout_uses_room(void **state)
{
	(void)state;
	struct layout small, big;
	layout_compute(24, 80, NPANES, &small);
	layout_compute(60, 200, NPANES, &big);
	for (int p = 0; p < NPANES; p++) {
		assert_true(big.panes[p].h > small.panes[p].h);
		assert_true(big.panes[p].w > small.panes[p].w);
	}
	assert_true(big.spark.h > small.spark.h);
	/* wide: meters side by side, two rows instead of four */
	assert_int_equal(big.meters[METER_FILL].y, big.meters[METER_BUCKETS].y);
	assert_true(small.meters[METER_FILL].y < small.meters[METER_BUCKETS].y);
}

/* ---- text --------------------------------------------------------------- */

static void test_fit_middle(void **state)
{
	(void)state;
	char out[64];
	const char *v6 = "2001:db8:85a3:1234:5678:8a2e:370:7334";
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 15, "~", 1), 15);
	assert_string_equal(out, "2001:db~70:7334");
	assert_int_equal(strlen(out), 15);
	/* a UTF-8 ellipsis: 3 bytes, one column */
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 15, "\u2026", 1), 15);
	assert_int_equal(text_columns(out), 15);
	assert_string_equal(out, "2001:db\u202670:7334");
	/* fits: unchanged */
	assert_int_equal(text_fit_middle(out, sizeof out, "127.0.0.1", 15, "..", 2), 9);
	assert_string_equal(out, "127.0.0.1");
	/* no room for an ellipsis: the head */
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 2, "..", 2), 2);
	assert_string_equal(out, "20");
	assert_int_equal(text_fit_middle(out, sizeof out, v6, 0, "..", 2), 0);
	assert_string_equal(out, "");
}

static void test_fit_end(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(text_fit_end(out, sizeof out, "ESTABLISHED", 6, "..", 2), 6);
	assert_string_equal(out, "ESTA..");
	assert_int_equal(text_fit_end(out, sizeof out, "ESTABLISHED", 11, "..", 2), 11);
	assert_string_equal(out, "ESTABLISHED");
}

static void test_compact_and_rate(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(text_compact(b, sizeof b, 0), "0");
	assert_string_equal(text_compact(b, sizeof b, 999), "999");
	assert_string_equal(text_compact(b, sizeof b, 1000), "1.0k");
	assert_string_equal(text_compact(b, sizeof b, 340123), "340k");
	assert_string_equal(text_compact(b, sizeof b, 9960), "10k");
	assert_string_equal(text_compact(b, sizeof b, 999999), "1.0M");
	assert_string_equal(text_compact(b, sizeof b, 1234567), "1.2M");
	assert_string_equal(text_compact(b, sizeof b, UINT64_MAX), "18E");
	assert_string_equal(text_rate(b, sizeof b, 0), "0/s");
	assert_string_equal(text_rate(b, sizeof b, -3), "0/s");
	assert_string_equal(text_rate(b, sizeof b, 0.42), "0.4/s");
	assert_string_equal(text_rate(b, sizeof b, 12.4), "12/s");
	assert_string_equal(text_rate(b, sizeof b, 3400), "3.4k/s");
	assert_int_equal(text_columns("\u03bb0.5 \u2588"), 6);
}

/* ---- panel -------------------------------------------------------------- */

static const char *const fruit[] = {
	"apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew",
	"kiwi", "lemon",
};

static const char *fruit_name(void *ctx, int row, char *buf, size_t n)
{
	(void)ctx;
	(void)buf;
	(void)n;
	return fruit[row];
}

static void test_panel_navigation(void **state)
{
	(void)state;
	struct panel p;
	panel_init(&p, fruit_name, NULL);
	panel_set_rows(&p, 10);
	panel_set_height(&p, 4);
	assert_int_equal(p.sel, 0);
	assert_true(panel_navigate(&p, ACT_UP));
	assert_int_equal(p.sel, 0); /* clamped at the top */
	panel_navigate(&p, ACT_DOWN);
	panel_navigate(&p, ACT_DOWN);
	panel_navigate(&p, ACT_DOWN);
	assert_int_equal(p.sel, 3);
	assert_int_equal(p.top, 0);
	panel_navigate(&p, ACT_DOWN);
	assert_int_equal(p.sel, 4);
	assert_int_equal(p.top, 1); /* scrolled just enough */
	panel_navigate(&p, ACT_PAGE_DOWN);
	assert_int_equal(p.sel, 7);
	panel_navigate(&p, ACT_PAGE_DOWN);
	assert_int_equal(p.sel, 9);
	assert_int_equal(p.top, 6);
	panel_navigate(&p, ACT_HOME);
	assert_int_equal(p.sel, 0);
	assert_int_equal(p.top, 0);
	panel_navigate(&p, ACT_END);
	assert_int_equal(p.sel, 9);
	panel_navigate(&p, ACT_PAGE_UP);
	assert_int_equal(p.sel, 6);
	assert_false(panel_navigate(&p, ACT_PAUSE));

	/* the list shrinks under the selection */
	panel_set_rows(&p, 3);
	assert_int_equal(p.sel, 2);
	assert_int_equal(p.top, 0);
	panel_set_rows(&p, 0);
	assert_int_equal(p.sel, 0);
	assert_true(panel_navigate(&p, ACT_DOWN));
	assert_int_equal(p.sel, 0);
	/* taller than the list: nothing hidden above */
	panel_set_rows(&p, 10);
	panel_select(&p, 9);
	panel_set_height(&p, 20);
	assert_int_equal(p.top, 0);
}

static void test_panel_find_and_follow(void **state)
{
	(void)state;
	struct panel p;
	panel_init(&p, fruit_name, NULL);
	panel_set_rows(&p, 10);
	assert_int_equal(panel_find(&p, "an", 0), 1);        /* banana */
	assert_int_equal(panel_find(&p, "AN", 0), 1);        /* any case */
	assert_int_equal(panel_find(&p, "e", 5), 6);         /* grape, from fig on */
	assert_int_equal(panel_find(&p, "apple", 3), 0);     /* wraps around */
	assert_int_equal(panel_find(&p, "mango", 0), -1);
	assert_int_equal(panel_find(&p, "", 0), -1);
	assert_int_equal(panel_find(&p, "kiwi", 99), 8);     /* bad start: from 0 */
	assert_true(panel_follow(&p, "lemon"));
	assert_int_equal(p.sel, 9);
	assert_false(panel_follow(&p, "lemo"));              /* exact names only */
	assert_int_equal(p.sel, 9);
}

/* ---- keys --------------------------------------------------------------- */

static void test_keys(void **state)
{
	(void)state;
	static const struct { int key; enum ui_action a; } want[] = {
		{ KEY_F(1), ACT_HELP }, { '?', ACT_HELP }, { 'q', ACT_QUIT }, { KEY_F(10), ACT_QUIT },
		{ '\t', ACT_FOCUS_NEXT }, { KEY_BTAB, ACT_FOCUS_PREV }, { KEY_UP, ACT_UP },
		{ 'k', ACT_UP }, { KEY_DOWN, ACT_DOWN }, { 'j', ACT_DOWN }, { KEY_PPAGE, ACT_PAGE_UP },
		{ KEY_NPAGE, ACT_PAGE_DOWN }, { KEY_HOME, ACT_HOME }, { KEY_END, ACT_END },
		{ 'g', ACT_HOME }, { 'G', ACT_END }, { ' ', ACT_PAUSE }, { '/', ACT_SEARCH },
		{ 'n', ACT_SEARCH_NEXT }, { KEY_F(3), ACT_SEARCH_NEXT }, { 12, ACT_REDRAW },
		{ 2, ACT_PAGE_UP }, { 6, ACT_PAGE_DOWN }, { 27, ACT_CLOSE },
		{ KEY_RESIZE, ACT_RESIZE }, { 'x', ACT_NONE }, { KEY_F(12), ACT_NONE },
		/* the tuning keys */
		{ '\r', ACT_ENTER }, { KEY_ENTER, ACT_ENTER }, { 't', ACT_TIMEOUTS },
		{ 'J', ACT_JOURNAL }, { 'a', ACT_ADVICE }, { 'e', ACT_EDIT }, { '+', ACT_STEP_UP },
		{ '=', ACT_STEP_UP }, { '-', ACT_STEP_DOWN }, { 'm', ACT_EDIT_MAX },
		{ 'b', ACT_EDIT_BUCKETS }, { 'u', ACT_UNDO }, { 'U', ACT_UNDO_ALL },
		{ 'p', ACT_PROFILES }, { 'w', ACT_EXPORT }, { '>', ACT_RATE_UP }, { '<', ACT_RATE_DOWN },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (keys_action(want[i].key) != want[i].a)
			fail_msg("key %d: action %d, expected %d", want[i].key,
				 keys_action(want[i].key), want[i].a);
	/* every action the help lists is reached by a key of the list above */
	assert_true(keys_nhelp() > 10);
	for (unsigned h = 0; h < keys_nhelp(); h++) {
		bool reached = false;
		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
			reached |= want[i].a == keys_help(h)->action;
		if (!reached)
			fail_msg("help line '%s' has no working key", keys_help(h)->keys);
	}
	assert_null(keys_help(keys_nhelp()));
}

/* ---- title, sparkline, meters, input ------------------------------------ */

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

static void test_spark_level(void **state)
{
	(void)state;
	assert_int_equal(spark_level(-1, 100, 8), 0);
	assert_int_equal(spark_level(0, 100, 8), 1);
	assert_int_equal(spark_level(1, 1000, 8), 1);   /* small is still visible */
	assert_int_equal(spark_level(100, 100, 8), 8);
	assert_int_equal(spark_level(50, 100, 8), 4);
	assert_int_equal(spark_level(51, 100, 8), 5);
	assert_int_equal(spark_level(100, 100, 24), 24);
	assert_int_equal(spark_level(5, 0, 8), 1);
}

static void test_meter_level(void **state)
{
	(void)state;
	assert_int_equal(meter_level(0.0, FILL_WARN, FILL_CRIT), UC_OK);
	assert_int_equal(meter_level(0.499, FILL_WARN, FILL_CRIT), UC_OK);
	assert_int_equal(meter_level(0.5, FILL_WARN, FILL_CRIT), UC_WARN);
	assert_int_equal(meter_level(0.799, FILL_WARN, FILL_CRIT), UC_WARN);
	assert_int_equal(meter_level(0.8, FILL_WARN, FILL_CRIT), UC_CRIT);
	assert_int_equal(meter_level(0.66, BUCKETS_WARN, BUCKETS_CRIT), UC_WARN);
	assert_int_equal(meter_level(0.667, BUCKETS_WARN, BUCKETS_CRIT), UC_CRIT);
}

static void test_input(void **state)
{
	(void)state;
	struct input in;
	input_open(&in, "/");
	const char *typed = "TIME_w";
	for (const char *c = typed; *c; c++)
		assert_int_equal(input_key(&in, *c), INPUT_EDITING);
	assert_string_equal(in.text, "TIME_w");
	input_key(&in, KEY_BACKSPACE);
	input_key(&in, 127);
	assert_string_equal(in.text, "TIME");
	input_set_error(&in, "no match");
	input_key(&in, KEY_LEFT); /* ignored, but clears the error */
	assert_string_equal(in.error, "");
	assert_string_equal(in.text, "TIME");
	input_key(&in, 21); /* ^U */
	assert_string_equal(in.text, "");
	input_key(&in, KEY_BACKSPACE); /* on empty: nothing */
	assert_int_equal(in.len, 0);
	assert_int_equal(input_key(&in, '\r'), INPUT_ACCEPT);
	assert_int_equal(input_key(&in, KEY_ENTER), INPUT_ACCEPT);
	assert_int_equal(input_key(&in, 27), INPUT_CANCEL);
	/* never past the buffer */
	for (int i = 0; i < 500; i++)
		input_key(&in, 'x');
	assert_int_equal(in.len, INPUT_MAX - 1);
}

static void test_dialog(void **state)
{
	(void)state;
	struct dialog d;
	dialog_open(&d, "Change nf_conntrack_tcp_timeout_time_wait?", false);
	dialog_add(&d, "%s: %d -> %d", "time_wait", 120, 10);
	dialog_add(&d, "sysctl -w net.netfilter.nf_conntrack_tcp_timeout_time_wait=10");
	assert_int_equal(d.n, 2);
	assert_string_equal(d.lines[0], "time_wait: 120 -> 10");
	assert_int_equal(dialog_key(&d, 'y'), DIALOG_YES);
	assert_int_equal(dialog_key(&d, 'Y'), DIALOG_YES);
	assert_int_equal(dialog_key(&d, 'n'), DIALOG_NO);
	assert_int_equal(dialog_key(&d, 27), DIALOG_NO);
	assert_int_equal(dialog_key(&d, '\r'), DIALOG_OPEN); /* Enter is no answer */
	assert_int_equal(dialog_key(&d, 'q'), DIALOG_OPEN);

	/* centred, wide enough for the longest line, never off screen */
	struct rect r = dialog_rect(&d, 24, 80);
	assert_int_equal(r.w, (int)strlen(d.lines[1]) + 4);
	assert_int_equal(r.h, 2 + 4);
	assert_int_equal(r.x, (80 - r.w) / 2);
	assert_int_equal(r.y, (24 - r.h) / 2);
	r = dialog_rect(&d, 5, 30);
	assert_true(r.x >= 0 && r.y >= 0 && r.w <= 30 && r.h <= 5);

	/* too many lines: the last one says so */
	for (int i = 0; i < DIALOG_LINES + 16; i++)
		dialog_add(&d, "line %d", i);
	assert_int_equal(d.n, DIALOG_LINES);
	assert_string_equal(d.lines[DIALOG_LINES - 1], "(more not shown)");
}

/* ---- panes from a snapshot ---------------------------------------------- */

static void tcp_snapshot(struct ct_snapshot *s)
{
	memset(s, 0, sizeof *s);
	s->complete = true;
	s->count = s->tally.entries = 100;
	s->tally.ipv4 = 90;
	s->tally.ipv6 = 10;
	s->tally.l4[IPPROTO_TCP] = 80;
	s->tally.l4[IPPROTO_UDP] = 15;
	s->tally.l4[47] = 5; /* gre */
	s->tally.l4[250] = 0;
	s->tally.tcp[CT_TCP_ESTABLISHED] = 20;
	s->tally.tcp[CT_TCP_TIME_WAIT] = 55;
	s->tally.tcp[CT_TCP_SYN_SENT] = 5;
	s->tally.unreplied = 15;
	snprintf(s->timeouts[0].name, CT_SYSCTL_NAME_MAX, "nf_conntrack_tcp_timeout_established");
	s->timeouts[0].value = 432000;
	snprintf(s->timeouts[1].name, CT_SYSCTL_NAME_MAX, "nf_conntrack_tcp_timeout_time_wait");
	s->timeouts[1].value = 120;
	s->ntimeouts = 2;
	s->ntop = 2;
	s->distinct_sources = 7;
	s->top[0] = (struct ct_source){ .family = AF_INET, .addr = { 10, 0, 0, 1 }, .count = 60 };
	s->top[1] = (struct ct_source){ .family = AF_INET6, .addr = { 0x20, 0x01, 0x0d, 0xb8,
		[15] = 1 }, .count = 10 };
}

static const struct count_row *row_named(const struct count_list *cl, const char *name)
{
	for (int i = 0; i < cl->n; i++)
		if (strcmp(cl->rows[i].name, name) == 0)
			return &cl->rows[i];
	return NULL;
}

static void test_panes_rows(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	static struct panes ps;
	tcp_snapshot(&s);
	assert_int_equal(panes_init(&ps), 0);
	struct count_list *tcp = panes_state(&ps, &tcp_pane);
	struct count_list *protocols = panes_state(&ps, &protocols_pane);
	struct count_list *sources = panes_state(&ps, &sources_pane);
	assert_int_equal(panes_update(&ps, &s), 0);

	/* TCP states: busiest first, each with its timeout */
	assert_string_equal(tcp->rows[0].name, "TIME_WAIT");
	assert_int_equal(tcp->rows[0].count, 55);
	assert_true(tcp->rows[0].share > 0.6874 && tcp->rows[0].share < 0.6876);
	assert_string_equal(tcp->rows[0].extra, "2m");
	assert_string_equal(tcp->rows[1].name, "ESTABLISHED");
	assert_string_equal(tcp->rows[1].extra, "5d");
	assert_string_equal(tcp->rows[2].name, "SYN_SENT");
	assert_string_equal(tcp->rows[2].extra, "-"); /* no sysctl in this snapshot */
	assert_int_equal(tcp->n, CT_TCP_NSTATES - 1); /* every state but NONE */
	assert_null(row_named(tcp, "NONE"));

	/* protocols: L3, L4 (tcp, udp, icmp always; others when present), flags */
	assert_int_equal(row_named(protocols, "ipv4")->count, 90);
	assert_int_equal(row_named(protocols, "ipv6")->count, 10);
	assert_int_equal(row_named(protocols, "gre")->count, 5);
	assert_int_equal(row_named(protocols, "icmp")->count, 0);
	assert_null(row_named(protocols, "proto 250"));
	assert_int_equal(row_named(protocols, "unreplied")->count, 15);
	assert_string_equal(row_named(protocols, "udp")->extra, "L4");

	/* sources: in order, IPv6 written short */
	assert_int_equal(sources->n, 2);
	assert_string_equal(sources->rows[0].name, "10.0.0.1");
	assert_string_equal(sources->rows[1].name, "2001:db8::1");
	assert_non_null(strstr(sources->title, "7 distinct"));
	panes_free(&ps);
}

static void test_selection_follows_row(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	static struct panes ps;
	tcp_snapshot(&s);
	assert_int_equal(panes_init(&ps), 0);
	struct count_list *tcp = panes_state(&ps, &tcp_pane);
	panes_update(&ps, &s);
	panel_set_height(&tcp->panel, 5);
	assert_true(panel_follow(&tcp->panel, "ESTABLISHED"));
	assert_int_equal(tcp->panel.sel, 1);
	/* ESTABLISHED becomes the busiest: the selection moves with it */
	s.tally.tcp[CT_TCP_ESTABLISHED] = 70;
	panes_update(&ps, &s);
	assert_string_equal(tcp->rows[0].name, "ESTABLISHED");
	assert_int_equal(tcp->panel.sel, 0);
	panes_free(&ps);
}

static void test_panes_without_dump(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	static struct panes ps;
	tcp_snapshot(&s);
	memset(&s.tally, 0, sizeof s.tally);
	s.ntop = 0;
	s.complete = false;
	s.part_err[CT_PART_DUMP] = EPERM;
	s.part_err[CT_PART_STATS] = EPERM;
	assert_int_equal(panes_init(&ps), 0);
	struct count_list *tcp = panes_state(&ps, &tcp_pane);
	struct count_list *protocols = panes_state(&ps, &protocols_pane);
	struct count_list *sources = panes_state(&ps, &sources_pane);
	struct cpu_pane *cpu = panes_state(&ps, &cpus_pane);
	panes_update(&ps, &s);
	assert_int_equal(tcp->n, 0);
	assert_int_equal(protocols->n, 0);
	assert_int_equal(sources->n, 0);
	assert_non_null(strstr(tcp->empty, "CAP_NET_ADMIN"));
	assert_non_null(strstr(cpu->empty, "CAP_NET_ADMIN"));
	assert_int_equal(cpu->panel.nrows, 0);
	/* nothing was read, so nothing is marked partial: the pane says why */
	assert_null(strstr(tcp->title, "partial"));
	assert_string_equal(sources->title, "Top sources");

	/* a dump that stopped half way marks its figures */
	tcp_snapshot(&s);
	s.complete = false;
	s.part_err[CT_PART_DUMP] = EINTR;
	panes_update(&ps, &s);
	assert_int_equal(tcp->n, CT_TCP_NSTATES - 1);
	assert_non_null(strstr(tcp->title, "(partial)"));
	assert_non_null(strstr(protocols->title, "(partial)"));
	assert_non_null(strstr(sources->title, "(partial)"));
	panes_free(&ps);
}

static unsigned stat_attr(const char *name)
{
	for (unsigned a = 1; a < CT_STAT_SLOTS; a++)
		if (ct_stat_name(a) && strcmp(ct_stat_name(a), name) == 0)
			return a;
	fail_msg("no counter named %s", name);
	return 0;
}

static void test_cpu_pane(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	struct cpu_pane cp;
	struct ct_cpu_stats cpus[2];
	unsigned drop = stat_attr("drop"), found = stat_attr("found");
	memset(&s, 0, sizeof s);
	memset(cpus, 0, sizeof cpus);
	cpus[0].cpu = 0;
	cpus[1].cpu = 3;
	for (int i = 0; i < 2; i++) {
		cpus[i].present = 1u << drop | 1u << found | 1u << 30;
		cpus[i].v[drop] = 1;
		cpus[i].v[found] = 100;
	}
	s.cpu = cpus;
	s.ncpu = 2;
	s.stat_present = cpus[0].present;
	s.stat_total[drop] = 2;
	s.stat_total[found] = 200;

	unsigned cols[CT_STAT_SLOTS];
	unsigned n = cpu_pane_columns(s.stat_present, cols, CT_STAT_SLOTS);
	assert_int_equal(n, 3);
	assert_int_equal(cols[0], drop);  /* trouble first */
	assert_int_equal(cols[1], found);
	assert_int_equal(cols[2], 30);    /* unknown to this build: kept, by number */

	cpu_pane_init(&cp);
	assert_int_equal(cpu_pane_update(&cp, &s), 0);
	assert_int_equal(cp.panel.nrows, 3); /* the sum and two CPUs */
	assert_int_equal(panel_find(&cp.panel, "cpu3", 0), 2);
	assert_int_equal(panel_find(&cp.panel, "all", 0), 0);
	assert_false(cpu_pane_alarm(&cp, 2, drop)); /* nothing to compare with yet */

	cpus[1].v[drop] = 4;
	cpus[1].v[found] = 500;
	s.stat_total[drop] = 5;
	assert_int_equal(cpu_pane_update(&cp, &s), 0);
	assert_true(cpu_pane_alarm(&cp, 2, drop));    /* cpu3 dropped */
	assert_true(cpu_pane_alarm(&cp, 0, drop));    /* and so did the sum */
	assert_false(cpu_pane_alarm(&cp, 1, drop));   /* cpu0 did not */
	assert_false(cpu_pane_alarm(&cp, 2, found));  /* finding entries is no trouble */
	cpu_pane_free(&cp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_layout_uses_room),
		cmocka_unit_test(test_fit_middle),
		cmocka_unit_test(test_fit_end),
		cmocka_unit_test(test_compact_and_rate),
		cmocka_unit_test(test_panel_navigation),
		cmocka_unit_test(test_panel_find_and_follow),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_title_fit),
		cmocka_unit_test(test_title_pieces),
		cmocka_unit_test(test_spark_level),
		cmocka_unit_test(test_meter_level),
		cmocka_unit_test(test_input),
		cmocka_unit_test(test_dialog),
		cmocka_unit_test(test_panes_rows),
		cmocka_unit_test(test_selection_follows_row),
		cmocka_unit_test(test_panes_without_dump),
		cmocka_unit_test(test_cpu_pane),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
