#include "keys.h"

#include <curses.h>
#include <stddef.h>

#define CTRL(c) ((c) & 0x1f)

static const struct {
	int key;
	enum ui_action action;
} bindings[] = {
	{ KEY_F(1), ACT_HELP }, { '?', ACT_HELP },
	{ 'q', ACT_QUIT }, { KEY_F(10), ACT_QUIT },
	{ '\t', ACT_FOCUS_NEXT }, { KEY_BTAB, ACT_FOCUS_PREV },
	{ KEY_UP, ACT_UP }, { 'k', ACT_UP },
	{ KEY_DOWN, ACT_DOWN }, { 'j', ACT_DOWN },
	{ KEY_PPAGE, ACT_PAGE_UP }, { CTRL('b'), ACT_PAGE_UP },
	{ KEY_NPAGE, ACT_PAGE_DOWN }, { CTRL('f'), ACT_PAGE_DOWN },
	{ KEY_HOME, ACT_HOME }, { 'g', ACT_HOME },
	{ KEY_END, ACT_END }, { 'G', ACT_END },
	{ ' ', ACT_PAUSE },
	{ '/', ACT_SEARCH },
	{ 'n', ACT_SEARCH_NEXT }, { KEY_F(3), ACT_SEARCH_NEXT },
	{ CTRL('l'), ACT_REDRAW },
	{ 27, ACT_CLOSE },
	{ KEY_RESIZE, ACT_RESIZE },
};

/* In the order the help lists them. */
static const struct key_help help[] = {
	{ ACT_HELP, "F1 ?", "show this help; the same key, Esc or q closes it" },
	{ ACT_FOCUS_NEXT, "Tab", "focus the next pane" },
	{ ACT_FOCUS_PREV, "Shift-Tab", "focus the previous pane" },
	{ ACT_UP, "Up k", "select the row above" },
	{ ACT_DOWN, "Down j", "select the row below" },
	{ ACT_PAGE_UP, "PgUp ^B", "one page up" },
	{ ACT_PAGE_DOWN, "PgDn ^F", "one page down" },
	{ ACT_HOME, "Home g", "first row" },
	{ ACT_END, "End G", "last row" },
	{ ACT_SEARCH, "/", "search the focused pane: type, Enter keeps the row, Esc goes back" },
	{ ACT_SEARCH_NEXT, "n F3", "next row matching the last search" },
	{ ACT_PAUSE, "Space", "pause or resume refreshing (the title says PAUSED)" },
	{ ACT_REDRAW, "^L", "redraw the whole screen" },
	{ ACT_QUIT, "q F10", "quit (Ctrl-C too)" },
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
