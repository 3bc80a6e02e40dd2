/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "help.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "keys.h"
#include "meter.h"
#include "screen.h"
#include "text.h"

static const char *line_name(void *ctx, int row, char *buf, size_t n)
{
	(void)buf;
	(void)n;
	struct help *h = ctx;
	return row < h->n ? h->lines[row] : NULL;
}

void help_init(struct help *h)
{
	memset(h, 0, sizeof *h);
	panel_init(&h->panel, line_name, h);
}

static void add(struct help *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct help *h, const char *fmt, ...)
{
	if (h->n >= HELP_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(h->lines[h->n++], HELP_WIDTH, fmt, ap);
	va_end(ap);
}

/* The help is read in an 80-column terminal: a line longer than
 * HELP_WRAP bytes is broken at spaces, the rest indented by indent
 * columns, under its text, so nothing is cut at the right edge. */
static void add_wrapped(struct help *h, int indent, const char *text)
{
	const char *p = text;
	for (bool first = true; *p; first = false) {
		int next;
		int cut = text_wrap(p, HELP_WRAP - (first ? 0 : indent), &next);
		add(h, "%*s%.*s", first ? 0 : indent, "", cut, p);
		p += next;
	}
}

/* A figure's line, formatted, then wrapped under its text (column 19):
 * figures grow by digits on a big table. */
static void add_figure(struct help *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_figure(struct help *h, const char *fmt, ...)
{
	char line[HELP_WIDTH * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	add_wrapped(h, 19, line);
}

static void add_group(struct help *h, enum key_group g)
{
	for (unsigned i = 0; i < keys_count(); i++) {
		const struct key_binding *k = keys_binding(i);
		char names[48], line[HELP_WIDTH * 4];
		if (k->group != g || !k->what)
			continue;
		snprintf(line, sizeof line, "  %-11s %s", keys_names(k, names, sizeof names), k->what);
		add_wrapped(h, 14, line);
	}
}

static void add_keys(struct help *h, bool demo)
{
	add(h, "Keys");
	add_group(h, KEYS_VIEW);
	add_wrapped(h, 2, "In a search: type to find, Backspace deletes, ^U clears, Enter keeps, Esc goes back");
	add(h, "%s", "");
	add(h, "In the entries (L)");
	add_group(h, KEYS_LIST);
	add(h, "%s", "");
	add(h, "Tuning: every write asks first (y / n or Esc), is journalled, then read back");
	add_group(h, KEYS_TUNE);
	add(h, "  Without the privilege, or with --read-only, these keys say why they refuse.");
	add(h, "%s", "");
	if (demo) {
		add(h, "Demo (--demo): the load generator in the demo's namespace");
		add_group(h, KEYS_DEMO);
		add(h, "%s", "");
	}
}

static void add_colours(struct help *h)
{
	add(h, "Colours");
	add(h, "  Table    fill = count / max: green below %.0f%%, yellow below %.0f%%, red from %.0f%%",
	    100 * FILL_WARN, 100 * FILL_CRIT, 100 * FILL_CRIT);
	add(h, "  Buckets  occupied share 1 - e^-load, load = count/buckets: green below %.0f%%,",
	    100 * BUCKETS_WARN);
	add_wrapped(h, 11, "           yellow below 2/3, red from 2/3 (the mark): past it, lookups walk chains");
	add(h, "  Memory   kernel memory for entries and buckets now, and with the table full");
	add_wrapped(h, 11, "  Drops    per second over the last refresh, +N since ctdash started; red while rising");
	add_wrapped(h, 11, "  Count    entries over the last minutes; while growing, the time until full at that rate");
	add(h, "  Per-CPU  a red cell rose since the previous refresh");
	add(h, "%s", "");
}

static void add_figures(struct help *h, const struct help_figures *f)
{
	add(h, "What watching costs (measured now)");
	if (f->refreshes == 0) {
		add(h, "  waiting for the first snapshot");
		add(h, "%s", "");
		return;
	}
	add_figure(h, "  CPU per refresh  %.1f ms collecting (kernel dump included) + %.1f ms drawing;",
	    f->collect_cpu_ms_last, f->draw_cpu_ms);
	char what[48];
	add_figure(h, "                   mean %.1f ms over %s", f->collect_cpu_ms_mean,
	    fmt_counted(what, sizeof what, f->refreshes, "refresh", "refreshes"));
	add_figure(h, "  Last dump        %s in %.0f ms; refresh every %.1f s%s",
	    fmt_counted(what, sizeof what, f->entries, "entry", "entries"), f->dump_ms, f->effective_ms / 1e3,
	    f->effective_ms > f->interval_ms ? " (stretched: the dump takes over half the interval)" : "");
	if (f->first_screen_ms > 0)
		add_figure(h, "  First screen     complete %.0f ms after start", f->first_screen_ms);
	if (f->keys) {
		add_figure(h, "  Key to screen    last %.1f ms, slowest %.1f ms over %s;",
		    f->key_last_ms, f->key_max_ms, fmt_counted(what, sizeof what, f->keys, "key", "keys"));
		add_figure(h, "                   during dumps slowest %.1f ms over %u",
		    f->key_dump_max_ms, f->keys_during_dump);
	}
	if (f->names_started) {
		char hits[32], held[32], cap[32];
		add_figure(h, "  Names (r)        %s looked up (20 a second at most), %s answered from",
		    fmt_count(what, sizeof what, f->names_lookups), fmt_count(hits, sizeof hits, f->names_hits));
		add_figure(h, "                   the cache; %s of %s cached; %s asked for and dropped",
		    fmt_count(held, sizeof held, f->names_held), fmt_count(cap, sizeof cap, f->names_capacity),
		    fmt_count(what, sizeof what, f->names_dropped));
	}
	if (f->writes) {
		add_figure(h, "  Last write       y to status line %.1f ms (writing %.1f);",
		    f->write_key_ms, f->write_apply_ms);
		add_figure(h, "                   slowest %.1f ms of %u", f->write_key_max_ms, f->writes);
	}
	add(h, "%s", "");
}

void help_build(struct help *h, const struct help_figures *f)
{
	h->n = 0;
	add(h, "%s: the connection-tracking table, live", PACKAGE_STRING);
	add(h, "%s", "");
	add_keys(h, f->demo);
	add_figures(h, f);
	add_colours(h);
	panel_set_rows(&h->panel, h->n);
}

static void draw_line(void *ctx, int row, int y, int x, int w, bool selected)
{
	struct help *h = ctx;
	const char *text = h->lines[row];
	/* section titles start in column 0 */
	bool heading = text[0] && text[0] != ' ';
	int a = selected ? screen_attr(UC_SELECT) : heading ? screen_attr(UC_LABEL) | (int)A_BOLD : 0;
	attron(a);
	mvaddnstr(y, x + 1, text, w - 1);
	attroff(a);
}

void help_draw(struct help *h, struct rect r)
{
	struct panel_look look = {
		.title = "Help: Esc, q, F1 or ? closes; arrows scroll",
		.header = NULL,
		.empty = "",
		.focused = true,
		.select_visible = false,
		.draw_row = draw_line,
	};
	panel_set_height(&h->panel, panel_rows_in(&look, r.h));
	panel_draw(&h->panel, r, &look);
}
