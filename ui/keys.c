/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define E KEYS_EVERYWHERE
#define IN_LIST KEYS_IN_LIST

/* The one key table, in the order the help lists it. */
static const struct key_binding table[] = {
	{ { KEY_F(1), '?', 'h' }, E, ACT_HELP, KEYS_VIEW,
	  "show this help; the same key, Esc or q closes it" },
	{ { '\t' }, E, ACT_FOCUS_NEXT, KEYS_VIEW, "focus the next pane (under 140 columns sources, "
	  "destinations and ports take turns in one place)" },
	{ { KEY_BTAB }, E, ACT_FOCUS_PREV, KEYS_VIEW, "focus the previous pane" },
	{ { KEY_UP }, E, ACT_UP, KEYS_VIEW, "select the row above" },
	{ { KEY_DOWN, 'j' }, E, ACT_DOWN, KEYS_VIEW, "select the row below" },
	{ { KEY_PPAGE, KEY_CTRL('b') }, E, ACT_PAGE_UP, KEYS_VIEW, "one page up" },
	{ { KEY_NPAGE, KEY_CTRL('f') }, E, ACT_PAGE_DOWN, KEYS_VIEW, "one page down" },
	{ { KEY_HOME, 'g' }, E, ACT_HOME, KEYS_VIEW, "first row" },
	{ { KEY_END, 'G' }, E, ACT_END, KEYS_VIEW, "last row" },
	{ { '/' }, E, ACT_SEARCH, KEYS_VIEW,
	  "search the focused pane: type, Enter keeps the row, Esc goes back" },
	{ { 'n', KEY_F(3) }, E, ACT_SEARCH_NEXT, KEYS_VIEW, "next row matching the last search" },
	{ { ' ' }, E, ACT_PAUSE, KEYS_VIEW, "pause or resume refreshing (the title says PAUSED)" },
	{ { KEY_F(5) }, E, ACT_REFRESH, KEYS_VIEW, "read the table now, not at the next refresh" },
	{ { KEY_F(4), '\\' }, E, ACT_PANE_FILTER, KEYS_VIEW, "on a row of the panes or of c: its "
	  "entries (L) with the filter open to edit; elsewhere the entries with an empty one" },
	{ { KEY_F(6) }, E, ACT_PANE_SORT, KEYS_VIEW,
	  "the panes are ordered busiest first; in the entries (L) F6 sorts by the next column" },
	{ { KEY_CTRL('l') }, E, ACT_REDRAW, KEYS_VIEW, "redraw the whole screen" },
	{ { 'q', KEY_F(10) }, E, ACT_QUIT, KEYS_VIEW, "quit (Ctrl-C too)" },
	{ { 'L' }, E, ACT_LIST, KEYS_VIEW,
	  "the entries, a row each (keys below); L or Esc goes back" },
	{ { 'r' }, E, ACT_NAMES, KEYS_VIEW, "names instead of addresses in the list and the panes, "
	  "found in the background (the address shows until its name is found); r again: addresses" },
	{ { 'c' }, E, ACT_CHURN, KEYS_VIEW, "who makes new entries: sources, destinations, ports per "
	  "second (c or Esc goes back)" },
	{ { 'T' }, E, ACT_NAT, KEYS_VIEW, "NAT: each SNAT tuple's share of the port range, DNAT "
	  "services and their backends, the silent ones flagged; Enter lists a row's entries, F9 "
	  "deletes them (T or Esc goes back)" },
	{ { 'x' }, E, ACT_DISMISS, KEYS_VIEW,
	  "put away the TABLE FULL line once the drops have stopped" },
	{ { 'N' }, E, ACT_NAMESPACES, KEYS_VIEW,
	  "every network namespace, fullest first; Enter shows one, Esc comes back" },
	{ { KEY_F(4), '\\' }, IN_LIST, ACT_LIST_FILTER, KEYS_LIST,
	  "filter the entries (the --list language)" },
	{ { KEY_F(6) }, IN_LIST, ACT_LIST_SORT, KEYS_LIST, "sort by the next column" },
	{ { 'I' }, IN_LIST, ACT_LIST_REVERSE, KEYS_LIST, "reverse the order" },
	{ { 'k' }, E, ACT_KILL, KEYS_TUNE, "htop's kill, asking first: in the entries as F9; on a "
	  "row of the panes or of c, that row's entries (a question once they are read); where no "
	  "row stands for entries (help, timeouts, journal, advice, namespaces) it moves up, as vi's k" },
	{ { KEY_F(9) }, E, ACT_DELETE, KEYS_TUNE, "in the entries (L): delete the selected entry, "
	  "or all the filter matches (asks first; a delete cannot be undone); while one runs: stop it" },
	{ { 'A' }, E, ACT_ACCT, KEYS_TUNE, "turn on byte and packet counting (nf_conntrack_acct) "
	  "in this namespace; only new entries are counted" },
	{ { 't' }, E, ACT_TIMEOUTS, KEYS_TUNE,
	  "timeouts view (t or Esc goes back); * marks non-defaults" },
	{ { '\r', '\n', KEY_ENTER }, E, ACT_ENTER, KEYS_TUNE, "edit the selected timeout: 30, 30s, "
	  "10m, 2h, 5d; in advice: act; on a protocol, state, source, destination, port or churn "
	  "row: list its entries" },
	{ { 'e' }, E, ACT_EDIT, KEYS_TUNE, "edit the selected timeout, as Enter" },
	{ { '+', '=' }, E, ACT_STEP_UP, KEYS_TUNE,
	  "selected timeout one step up: 1s 5s 10s 30s 1m 2m ... 5d" },
	{ { '-' }, E, ACT_STEP_DOWN, KEYS_TUNE, "selected timeout one step down" },
	{ { 'm' }, E, ACT_EDIT_MAX, KEYS_TUNE, "change nf_conntrack_max (initial namespace only)" },
	{ { 'b' }, E, ACT_EDIT_BUCKETS, KEYS_TUNE,
	  "change the bucket count, hashsize (initial namespace only)" },
	{ { 'p' }, E, ACT_PROFILES, KEYS_TUNE,
	  "presets: short timeouts, or back to the kernel defaults" },
	{ { 'u' }, E, ACT_UNDO, KEYS_TUNE, "undo the last change (a preset at once), again and again" },
	{ { 'U' }, E, ACT_UNDO_ALL, KEYS_TUNE, "undo everything this session changed" },
	{ { 'w' }, E, ACT_EXPORT, KEYS_TUNE,
	  "write changed settings to sysctl.d (and modprobe.d) for boot" },
	{ { 'J' }, E, ACT_JOURNAL, KEYS_TUNE, "the journal of every change (J or Esc goes back)" },
	{ { 'a' }, E, ACT_ADVICE, KEYS_TUNE, "what the figures suggest (a or Esc goes back)" },
	{ { '[' }, E, ACT_PAST_BACK, KEYS_VIEW, "with --record: the picture before (step back in time)" },
	{ { ']' }, E, ACT_PAST_FORWARD, KEYS_VIEW, "the picture after; past the newest, live again" },
	{ { '{' }, E, ACT_PAST_PREV_INCIDENT, KEYS_VIEW, "the peak of the incident before" },
	{ { '}' }, E, ACT_PAST_NEXT_INCIDENT, KEYS_VIEW, "the peak of the incident after" },
	{ { 'l' }, E, ACT_PAST_LIVE, KEYS_VIEW, "back to the live table from the past" },
	{ { '@' }, E, ACT_PAST_TIME, KEYS_VIEW,
	  "type a time (03:02, 03:02:15, -20m): the recorded picture nearest it" },
	{ { '>' }, E, ACT_RATE_UP, KEYS_DEMO, "more new flows per second" },
	{ { '<' }, E, ACT_RATE_DOWN, KEYS_DEMO, "fewer new flows per second" },
	/* work, but the help says them in words */
	{ { KEY_ESC }, E, ACT_CLOSE, KEYS_VIEW, NULL },
	/* in the help q closes it, as the F1 line says; F10 still quits */
	{ { 'q' }, KEYS_IN_HELP, ACT_CLOSE, KEYS_VIEW, NULL },
	{ { KEY_RESIZE }, E, ACT_RESIZE, KEYS_VIEW, NULL },
	{ { KEY_MOUSE }, E, ACT_MOUSE, KEYS_VIEW, NULL },
};
#define NKEYS (sizeof table / sizeof table[0])

static enum ui_action lookup(int key, enum key_context c)
{
	for (size_t i = 0; i < NKEYS; i++) {
		if (table[i].context != c)
			continue;
		for (size_t k = 0; k < KEYS_PER_BINDING && table[i].keys[k]; k++)
			if (table[i].keys[k] == key)
				return table[i].action;
	}
	return ACT_NONE;
}

enum ui_action keys_action_in(int key, enum key_context c)
{
	enum ui_action a = c != KEYS_EVERYWHERE ? lookup(key, c) : ACT_NONE;
	return a != ACT_NONE ? a : lookup(key, KEYS_EVERYWHERE);
}

enum ui_action keys_action(int key)
{
	return lookup(key, KEYS_EVERYWHERE);
}

const struct key_binding *keys_binding(unsigned i)
{
	return i < NKEYS ? &table[i] : NULL;
}

unsigned keys_count(void)
{
	return NKEYS;
}

static const struct {
	int key;
	const char *name;
} named[] = {
	{ '\t', "Tab" }, { KEY_BTAB, "Shift-Tab" }, { KEY_UP, "Up" }, { KEY_DOWN, "Down" },
	{ KEY_PPAGE, "PgUp" }, { KEY_NPAGE, "PgDn" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
	{ ' ', "Space" }, { '\r', "Enter" }, { KEY_ESC, "Esc" }, { KEY_RESIZE, "resize" },
};

const char *keys_name(int key, char *buf, size_t n)
{
	if (key == '\n' || key == KEY_ENTER)
		return NULL;
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == key)
			return named[i].name;
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, n, "F%d", key - KEY_F0);
	else if (key > 0 && key < ' ')
		snprintf(buf, n, "^%c", key + '@');
	else
		snprintf(buf, n, "%c", key);
	return buf;
}

const char *keys_names(const struct key_binding *b, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < KEYS_PER_BINDING && b->keys[k]; k++) {
		char one[16];
		const char *name = keys_name(b->keys[k], one, sizeof one);
		if (name && len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? " " : "", name);
	}
	return buf;
}
