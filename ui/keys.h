/* Keys turned into actions, and the text the help shows for them. One
 * table feeds both, so the help lists exactly the keys that work. */
#ifndef CTDASH_KEYS_H
#define CTDASH_KEYS_H

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
	ACT_COUNT
};

/* The action a key (a getch() value) asks for on the dashboard. */
enum ui_action keys_action(int key);

/* The help's sections; KEYS_DEMO is listed only while --demo runs. */
enum key_group { KEYS_VIEW, KEYS_TUNE, KEYS_DEMO };

/* For the help: every action a key reaches, with its keys as the user
 * types them ("F1 ?") and what it does; index 0..keys_nhelp-1. */
struct key_help {
	enum ui_action action;
	const char *keys;
	const char *what;
	enum key_group group;
};
const struct key_help *keys_help(unsigned i);
unsigned keys_nhelp(void);

#endif
