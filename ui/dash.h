/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dashboard's state, shared by its loop (dashboard.c), its input
 * modes (modes.c) and what the keys do (actions.c, actions_netns.c). Nothing outside those
 * three includes this: the rest of ui/ are modules they use. */
#ifndef CTDASH_DASH_H
#define CTDASH_DASH_H

#include <stdbool.h>
#include <stdint.h>

#include "ui.h"
#include "collect/sampler.h"
#include "record/timebar.h"
#include "banner.h"
#include "help.h"
#include "input.h"
#include "keys.h"
#include "layout.h"
#include "model/history.h"
#include "panes.h"
#include "statusline.h"
#include "dlg_tune.h"
#include "views.h"
#include "record/picture.h"

struct demo;
struct rdns;
struct replay;

/* The past on a dashboard that records (timeline.c): a picture read back
 * from the recording shown instead of the live snapshots. */
struct past {
	bool on;
	struct replay *rp;        /* opened at the first step back */
	struct rec_picture pic;   /* the picture shown while on */
	double at;                /* its time */
	const struct ct_snapshot *live; /* the newest live snapshot */
	char incident[48];        /* "incident 2 of 3" when the picture is in one */
	char bar[TIMEBAR_MAX_CELLS + 3]; /* "[--!--|-]": its place, the incidents' */
	bool typing;              /* @: the search's input line takes a time */
};

/* A relief action from the advice (actions_relief.c), from Enter until
 * its effect is said. */
struct relief {
	char filter[CT_LIST_FILTER_MAX]; /* the delete's, while the list reads it */
	bool asking;       /* the list opened: the question comes once its rows show */
	bool asked;        /* the question is open, or its delete runs */
	bool setting;      /* the value line or confirmation of a max is open */
	bool watching;     /* done: judge it after RELIEF_SETTLE snapshots */
	unsigned seen_after;
	char what[CT_LIST_FILTER_MAX + 32]; /* for the journal */
	char short_what[64];                /* for the status line */
	uint64_t count_before, max_before;
	double rate_before; /* drops a second when it began */
};

/* Who the keys go to: one state, one dispatch (modes.c). What is shown
 * under a mode (the panes or a view) is the views' business. */
enum ui_mode {
	UI_BROWSE,   /* the panes or a view: keys move, open views, act */
	UI_HELP,     /* the help screen */
	UI_SEARCH,   /* typing a search, over the mode it started from */
	UI_DIALOG,   /* a tuning input line or dialog has every key */
	UI_MODE_COUNT
};

/* What a key asks of the loop after it is handled, as htop's key
 * handlers answer: flags, or'ed. */
enum reaction {
	R_NONE = 0,
	R_REDRAW = 1 << 0,    /* draw the screen again */
	R_RELAYOUT = 1 << 1,  /* the terminal's size changed: place everything again */
};

struct dash {
	const struct ui_settings *o;
	const char *netns;
	struct demo *demo;        /* --demo's, NULL when none runs */
	struct sampler *smp;
	const struct ct_snapshot *snap;  /* NULL until the first arrives */
	struct sampler_info info;
	struct history hist;
	struct panes panes;
	struct help help;
	struct statusline status;
	struct input search;
	struct layout lay;

	enum ui_mode mode;
	enum ui_mode under;       /* what a search or a dialog returns to */
	int focus;                /* the pane the keys move in: its index in panes.c */
	bool paused, quit;
	char refused[320];        /* why nothing can be written, "" when it can */
	struct tuning tu;
	struct views views;       /* the full-width views in the panes' place */
	bool wrote_this_step;     /* a y applied a plan: time it to the screen */
	int exit_status;
	char last_search[INPUT_MAX];
	int search_origin;        /* the selection a search started from */
	double last_complete;     /* realtime of the newest complete dump */
	double started;           /* monotonic, at start */
	uint64_t drawn_progress;
	bool drawn_dumping;
	struct help_figures fig;
	/* the namespaces view's Enter (actions_netns.c): where Esc returns */
	int home_fd;              /* 0 until the first switch */
	char home_label[128];
	char netns_buf[128];      /* the label of the namespace switched to */
	struct advice_tracker tracker;  /* what rose between the last two snapshots */
	struct banner banner;           /* TABLE FULL, while the kernel drops */
	int banner_rows;                /* the layout's lines for it and the relief under it */
	struct rdns *rdns;              /* names for addresses (r), NULL until first asked */
	/* k on a row of the panes: its entries are being read, and the
	 * delete question opens once they show (actions_list.c) */
	bool kill_pending;
	struct relief relief;           /* the relief advice acted on, until its effect shows */
	struct past past;               /* [ and ]: the recording instead of the live table */
};

/* ---- modes.c ---- */
/* One key (a getch() value), to whichever mode has the keys. */
enum reaction dash_key(struct dash *d, int key);
/* Enter mode m; a search or a dialog remembers the mode it came over. */
void dash_enter(struct dash *d, enum ui_mode m);
/* Back from a search or a dialog to the mode under it. */
void dash_leave(struct dash *d);
/* The mode whose screen shows: under a search or a dialog, the one below. */
enum ui_mode dash_shown(const struct dash *d);
/* The list the keys move in now, and its name for messages. */
struct panel *dash_panel(struct dash *d);
const char *dash_panel_name(const struct dash *d);

/* ---- actions_relief.c ---- */
/* Enter on a relief item of the advice: true when a is one (refused or
 * begun), false to act on it as on any other. */
bool act_relief(struct dash *d, const struct advice *a);
/* Why a relief item cannot be acted on here, or NULL. */
const char *act_relief_refusal(struct dash *d, const struct advice *a, char *buf, size_t n);
/* After each snapshot: the delete question once the list shows, and the
 * effect once it settled. */
void act_relief_snapshot(struct dash *d);
/* After each tuning call; applied: a plan was written. */
void act_relief_after_tuning(struct dash *d, bool applied);
/* A delete ended. */
void act_relief_deleted(struct dash *d);

/* ---- actions.c ---- */
bool dash_loaded(const struct dash *d);
/* The context every view is handed (views.h). */
struct view_ctx dash_view_ctx(const struct dash *d);
void act_refresh_refusal(struct dash *d);
bool act_take_snapshot(struct dash *d);
void act_update_help(struct dash *d);
void act_toggle_help(struct dash *d);
void act_toggle_pause(struct dash *d);
void act_search_start(struct dash *d);
void act_search_key(struct dash *d, int key);
void act_search_next(struct dash *d);
void act_view(struct dash *d, const struct view_class *vc);
void act_focus(struct dash *d, enum ui_action a);
void act_close(struct dash *d);
/* k (htop's kill): delete what the selected row stands for, asking
 * first; where no row stands for entries, up. */
void act_kill(struct dash *d);
/* F4 or \ outside the list: the selected row's entries, the filter open. */
void act_pane_filter(struct dash *d);
/* F6 outside the list: says how the panes are ordered. */
void act_pane_sort(struct dash *d);
/* F5: a refresh now. */
void act_refresh(struct dash *d);
/* x: put away the banner of drops that have stopped. */
void act_dismiss_banner(struct dash *d);
/* The tuning, demo and view keys; false when a is none of them. */
bool act_tuning(struct dash *d, enum ui_action a);
/* A key for the open dialog. */
void act_dialog_key(struct dash *d, int key);
/* What the last tuning call left to show: its message, the mode, the
 * values read again after a write. */
void act_after_tuning(struct dash *d);

/* ---- actions_names.c ---- */
/* r: names instead of addresses, or back. */
void act_toggle_names(struct dash *d);
/* The resolver's descriptor was readable: new names to draw. */
void act_names_arrived(struct dash *d);
/* The resolver's figures for the help. */
void act_names_figures(struct dash *d, struct help_figures *f);
/* At the end: the resolver's threads stopped. */
void act_names_stop(struct dash *d);
/* ---- actions_list.c ---- */
/* F9 or k in the list of entries: the question about deleting them. */
void act_delete(struct dash *d);
/* A: the confirmation that turns nf_conntrack_acct on here. */
void act_acct(struct dash *d);
/* A delete running: its progress or result to the status line; true
 * when the screen must be drawn again. */
bool act_poll_delete(struct dash *d);
/* After a snapshot: the question k asked for once the row's entries show. */
void act_kill_pending(struct dash *d);

/* ---- actions_mouse.c ---- */
/* KEY_MOUSE: a press focuses the pane under it and selects the row; the
 * wheel moves the selection of the list under it, three rows a notch. */
void act_mouse(struct dash *d);
/* KEY_MOUSE where the mouse does nothing (a dialog, a search): the event
 * is taken off the queue. */
void act_mouse_ignore(void);

/* ---- timeline.c ---- */
/* [ ] { } and l: step through the recording, back to live. */
void act_past(struct dash *d, enum ui_action a);
/* Whether a is refused while the past shows (tuning, deletes, switching
 * namespace): then the status line says why. */
bool act_past_refuses(struct dash *d, enum ui_action a);
/* The rates the banner and the views show: the picture's in the past. */
const struct advice_rates *dash_rates(const struct dash *d);
/* The title's pieces for the past, "" when live: the time and incident,
 * and the bar of the recording. */
void past_title(const struct dash *d, char *buf, size_t n, char *bar, size_t nbar);
void past_free(struct dash *d);
/* --replay on the dashboard: show the picture nearest the asked time. */
void past_start(struct dash *d);
/* @ and the keys typed then: a time, the picture nearest it. */
void act_past_time_start(struct dash *d);
void act_past_time_key(struct dash *d, int key);

/* ---- actions_netns.c ---- */
/* Enter on the namespaces view: show the dashboard for that namespace. */
void act_netns_switch(struct dash *d);
/* Esc on the dashboard after a switch: back to the first namespace; false
 * when there is nothing to go back to. */
bool act_netns_back(struct dash *d);

#endif
