/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Keys turned into actions, and the text the help and the man page show
 * for them. One table feeds all three, so the help lists exactly the keys
 * that work. */
#ifndef CTDASH_KEYS_H
#define CTDASH_KEYS_H

#include <stddef.h>

/* Keys curses has no name for (it names KEY_UP, KEY_F(1), ...). */
#define KEY_ESC 27                 /* Escape: closes, cancels, goes back */
#define KEY_DEL 127                /* what most terminals send for Backspace */
#define KEY_CTRL(c) ((c) & 0x1f)   /* Ctrl and a letter: KEY_CTRL('l') */

enum ui_action {
	ACT_NONE,
	ACT_HELP,
	ACT_QUIT,
	ACT_FOCUS_NEXT,
	ACT_FOCUS_PREV,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_PAUSE,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_REDRAW,
	ACT_CLOSE,      /* Escape: leave help or a search */
	ACT_RESIZE,
	ACT_ENTER,      /* act on the selected row */
	ACT_TIMEOUTS,   /* the timeouts view */
	ACT_JOURNAL,    /* the journal view */
	ACT_ADVICE,     /* the advice view */
	ACT_CHURN,      /* who makes new entries (churn.c) */
	ACT_NAT,        /* SNAT pressure and DNAT backends (natview.c) */
	ACT_LIST,       /* the entries themselves (listview.c) */
	ACT_NAMESPACES, /* the namespaces view */
	ACT_EDIT,
	ACT_STEP_UP,
	ACT_STEP_DOWN,
	ACT_EDIT_MAX,
	ACT_EDIT_BUCKETS,
	ACT_UNDO,
	ACT_UNDO_ALL,
	ACT_PROFILES,
	ACT_EXPORT,
	ACT_RATE_UP,    /* --demo: more generated flows */
	ACT_RATE_DOWN,
	ACT_DISMISS,    /* put away the banner of drops that stopped */
	ACT_NAMES,      /* names instead of addresses (hostnames.c) */
	ACT_DELETE,     /* delete the selected entry, or those the filter matches */
	ACT_ACCT,       /* turn byte and packet accounting on (nf_conntrack_acct) */
	ACT_LIST_FILTER,  /* in the list: type a filter */
	ACT_LIST_SORT,    /* in the list: sort by the next column */
	ACT_LIST_REVERSE, /* in the list: reverse the order */
	ACT_KILL,         /* k: delete what the selected row stands for, asking first */
	ACT_PANE_FILTER,  /* F4 in the panes: the row's entries, the filter to edit */
	ACT_PANE_SORT,    /* F6 in the panes: how they are ordered */
	ACT_REFRESH,      /* F5: read the table now */
	ACT_MOUSE,        /* a click or the wheel (actions_mouse.c) */
	ACT_PAST_BACK,    /* --record: the picture before the one shown */
	ACT_PAST_FORWARD, /* the picture after it (live after the newest) */
	ACT_PAST_PREV_INCIDENT, /* the peak of the incident before */
	ACT_PAST_NEXT_INCIDENT, /* the peak of the incident after */
	ACT_PAST_LIVE,    /* back to the live table */
	ACT_PAST_TIME,    /* type a time: the picture nearest it */
	ACT_COUNT
};

/* Where a key means what it means: everywhere, only while a view shows
 * (its class says which, ui/view.h), or in the help. A binding of the view's
 * context wins over one of KEYS_EVERYWHERE. */
enum key_context { KEYS_EVERYWHERE, KEYS_IN_LIST, KEYS_IN_HELP };

/* The help's sections, in the order it lists them; KEYS_DEMO is listed
 * only while --demo runs. */
enum key_group { KEYS_VIEW, KEYS_LIST, KEYS_TUNE, KEYS_DEMO };

#define KEYS_PER_BINDING 4

/* One line of the one key table (keys.c): the keys (getch() values, 0
 * ends the list early), where they work, what they do and the help's
 * text for them. It feeds the dispatch (keys_action), the help screen
 * (help.c) and the man page's key section, which test_keys.c checks
 * against it. A binding without text (Esc, a resize, Enter's other
 * codes) works but is not listed. */
struct key_binding {
	int keys[KEYS_PER_BINDING];
	enum key_context context;
	enum ui_action action;
	enum key_group group;
	const char *what;
};

/* The action a key (a getch() value) asks for on the dashboard, in
 * context c, or everywhere. */
enum ui_action keys_action_in(int key, enum key_context c);
enum ui_action keys_action(int key);

/* The table, index 0..keys_count()-1, in the order the help lists it. */
const struct key_binding *keys_binding(unsigned i);
unsigned keys_count(void);
/* A key as the user types it: "F1", "^B", "Tab", "?"; NULL for a code
 * that is another name of a key already named (Enter's \n, KEY_ENTER). */
const char *keys_name(int key, char *buf, size_t n);
/* "F1 ?": every key of b that has a name, by spaces. */
const char *keys_names(const struct key_binding *b, char *buf, size_t n);

#endif
