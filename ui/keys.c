#include "keys.h"

#include <curses.h>
#include <stddef.h>

static const struct {
	int key;
	enum ui_action action;
} bindings[] = {
	{ KEY_F(1), ACT_HELP }, { '?', ACT_HELP },
	{ 'q', ACT_QUIT }, { KEY_F(10), ACT_QUIT },
	{ '\t', ACT_FOCUS_NEXT }, { KEY_BTAB, ACT_FOCUS_PREV },
	{ KEY_UP, ACT_UP }, { 'k', ACT_UP },
	{ KEY_DOWN, ACT_DOWN }, { 'j', ACT_DOWN },
	{ KEY_PPAGE, ACT_PAGE_UP }, { KEY_CTRL('b'), ACT_PAGE_UP },
	{ KEY_NPAGE, ACT_PAGE_DOWN }, { KEY_CTRL('f'), ACT_PAGE_DOWN },
	{ KEY_HOME, ACT_HOME }, { 'g', ACT_HOME },
	{ KEY_END, ACT_END }, { 'G', ACT_END },
	{ ' ', ACT_PAUSE },
	{ '/', ACT_SEARCH },
	{ 'n', ACT_SEARCH_NEXT }, { KEY_F(3), ACT_SEARCH_NEXT },
	{ KEY_CTRL('l'), ACT_REDRAW },
	{ KEY_ESC, ACT_CLOSE },
	{ KEY_RESIZE, ACT_RESIZE },
	{ '\r', ACT_ENTER }, { '\n', ACT_ENTER }, { KEY_ENTER, ACT_ENTER },
	{ 't', ACT_TIMEOUTS }, { 'J', ACT_JOURNAL }, { 'a', ACT_ADVICE }, { 'c', ACT_CHURN },
	{ 'L', ACT_LIST },
	{ 'N', ACT_NAMESPACES },
	{ 'e', ACT_EDIT },
	{ '+', ACT_STEP_UP }, { '=', ACT_STEP_UP }, { '-', ACT_STEP_DOWN },
	{ 'm', ACT_EDIT_MAX }, { 'b', ACT_EDIT_BUCKETS },
	{ 'u', ACT_UNDO }, { 'U', ACT_UNDO_ALL },
	{ 'p', ACT_PROFILES }, { 'w', ACT_EXPORT },
	{ '>', ACT_RATE_UP }, { '<', ACT_RATE_DOWN },
	{ 'x', ACT_DISMISS },
	{ 'r', ACT_NAMES },
	{ KEY_F(9), ACT_DELETE }, { 'A', ACT_ACCT },
};

/* In the order the help lists them. */
static const struct key_help help[] = {
	{ ACT_HELP, "F1 ?", "show this help; the same key, Esc or q closes it", KEYS_VIEW },
	{ ACT_FOCUS_NEXT, "Tab", "focus the next pane (under 140 columns sources, destinations "
	  "and ports take turns in one place)", KEYS_VIEW },
	{ ACT_FOCUS_PREV, "Shift-Tab", "focus the previous pane", KEYS_VIEW },
	{ ACT_UP, "Up k", "select the row above", KEYS_VIEW },
	{ ACT_DOWN, "Down j", "select the row below", KEYS_VIEW },
	{ ACT_PAGE_UP, "PgUp ^B", "one page up", KEYS_VIEW },
	{ ACT_PAGE_DOWN, "PgDn ^F", "one page down", KEYS_VIEW },
	{ ACT_HOME, "Home g", "first row", KEYS_VIEW },
	{ ACT_END, "End G", "last row", KEYS_VIEW },
	{ ACT_SEARCH, "/", "search the focused pane: type, Enter keeps the row, Esc goes back",
	  KEYS_VIEW },
	{ ACT_SEARCH_NEXT, "n F3", "next row matching the last search", KEYS_VIEW },
	{ ACT_PAUSE, "Space", "pause or resume refreshing (the title says PAUSED)",
	  KEYS_VIEW },
	{ ACT_REDRAW, "^L", "redraw the whole screen", KEYS_VIEW },
	{ ACT_QUIT, "q F10", "quit (Ctrl-C too)", KEYS_VIEW },
	{ ACT_LIST, "L", "the entries, a row each: F4 or \\ filters (the --list language), F6 "
	  "sorts by the next column, I reverses, L or Esc goes back", KEYS_VIEW },
	{ ACT_NAMES, "r", "names instead of addresses in the list and the panes, found in the "
	  "background (the address shows until its name is found); r again: addresses",
	  KEYS_VIEW },
	{ ACT_DELETE, "F9 k", "in the entries (L): delete the selected entry, or all the filter "
	  "matches (asks first; a delete cannot be undone); while one runs: stop it", KEYS_TUNE },
	{ ACT_ACCT, "A", "turn on byte and packet counting (nf_conntrack_acct) in this namespace; "
	  "only new entries are counted", KEYS_TUNE },
	{ ACT_CHURN, "c", "who makes new entries: sources, destinations, ports per second "
	  "(c or Esc goes back)", KEYS_VIEW },
	{ ACT_DISMISS, "x", "put away the TABLE FULL line once the drops have stopped",
	  KEYS_VIEW },
	{ ACT_TIMEOUTS, "t", "timeouts view (t or Esc goes back); * marks non-defaults", KEYS_TUNE },
	{ ACT_ENTER, "Enter", "edit the selected timeout: 30, 30s, 10m, 2h, 5d; in advice: act; "
	  "on a protocol, state, source, destination, port or churn row: list its entries",
	  KEYS_TUNE },
	{ ACT_EDIT, "e", "edit the selected timeout, as Enter", KEYS_TUNE },
	{ ACT_STEP_UP, "+ =", "selected timeout one step up: 1s 5s 10s 30s 1m 2m ... 5d",
	  KEYS_TUNE },
	{ ACT_STEP_DOWN, "-", "selected timeout one step down", KEYS_TUNE },
	{ ACT_EDIT_MAX, "m", "change nf_conntrack_max (initial namespace only)", KEYS_TUNE },
	{ ACT_EDIT_BUCKETS, "b", "change the bucket count, hashsize (initial namespace only)",
	  KEYS_TUNE },
	{ ACT_PROFILES, "p", "presets: short timeouts, or back to the kernel defaults", KEYS_TUNE },
	{ ACT_UNDO, "u", "undo the last change (a preset at once), again and again", KEYS_TUNE },
	{ ACT_UNDO_ALL, "U", "undo everything this session changed", KEYS_TUNE },
	{ ACT_EXPORT, "w", "write changed settings to sysctl.d (and modprobe.d) for boot",
	  KEYS_TUNE },
	{ ACT_JOURNAL, "J", "the journal of every change (J or Esc goes back)", KEYS_TUNE },
	{ ACT_ADVICE, "a", "what the figures suggest (a or Esc goes back)", KEYS_TUNE },
	{ ACT_NAMESPACES, "N", "every network namespace, fullest first; Enter shows one, Esc comes back",
	  KEYS_VIEW },
	{ ACT_RATE_UP, ">", "more new flows per second", KEYS_DEMO },
	{ ACT_RATE_DOWN, "<", "fewer new flows per second", KEYS_DEMO },
};

enum ui_action keys_action(int key)
{
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key)
			return bindings[i].action;
	return ACT_NONE;
}

const struct key_help *keys_help(unsigned i)
{
	return i < keys_nhelp() ? &help[i] : NULL;
}

unsigned keys_nhelp(void)
{
	return sizeof help / sizeof help[0];
}
