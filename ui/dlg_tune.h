/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the tuning keys open: the line that asks for a value
 * (dlg_tune_value.c), the confirmation before a write (dlg_tune_confirm.c), the
 * preset menu (dlg_tune_presets.c), the export's paths and preview
 * (dlg_tune_export.c), and the review of changes an earlier session left in
 * force (dlg_tune_review.c); dlg_tune.c holds their state and gives each key
 * to the screen open. Every write is src/'s (tune_apply,
 * export_write_files); this only asks and shows. The dialogs' text is
 * built without curses, so tests can read it and drive the keys without
 * a terminal. */
#ifndef CTDASH_TUNING_H
#define CTDASH_TUNING_H

#include <stdbool.h>
#include <stdint.h>

#include "dlg_box.h"
#include "write/ctdel_job.h"
#include "write/export.h"
#include "input.h"
#include "layout.h"
#include "model/model.h"
#include "write/profiles.h"
#include "model/timeout_defaults.h"
#include "write/tune.h"

enum tuning_mode {
	TM_IDLE,
	TM_INPUT,        /* a value for one setting */
	TM_CONFIRM,      /* the plan, then y / n (in a review: r, then y / n) */
	TM_PROFILES,     /* choosing a preset */
	TM_EXPORT_PATH,  /* where the export goes */
	TM_EXPORT,       /* the preview; y writes the files */
	TM_DELETE,       /* deleting entries: the question, then for a big one "yes" */
	TM_DELETE_STOP,  /* a delete runs: stop it? */
};

/* What the list view offers to delete (F9, k): the selected entry, or
 * every entry its filter matches, with the counts and rows it showed. */
struct delete_ask {
	struct ct_entry entry;                /* the selected row */
	char filter[CT_LIST_FILTER_MAX];      /* the list's, "" for every entry */
	uint64_t matched, total;              /* the list's counts */
	struct ct_entry sample[CTDEL_SAMPLE]; /* the list's first rows */
	unsigned nsample;
};

enum tuning_plan_kind {
	TPK_CHANGE,   /* one setting: typed, stepped or suggested */
	TPK_PROFILE,
	TPK_UNDO,     /* u or U */
	TPK_REVIEW,   /* what an earlier session left: r, then y reverts; n keeps */
};

/* Changes a review lists: at most every timeout, max and hashsize. */
#define TUNING_REVIEW_MAX (CT_TIMEOUT_MAX + 2)

struct tuning {
	struct tune_ctx t;
	struct timeout_defaults defaults;
	enum tuning_mode mode;

	/* TM_INPUT */
	struct input in;
	char name[CT_SYSCTL_NAME_MAX];  /* the setting asked for */
	uint64_t seen;                  /* its value when asked */

	/* TM_CONFIRM */
	struct tune_plan plan;
	enum tuning_plan_kind kind;
	bool undo_all;                  /* TPK_UNDO: U rather than u */
	const struct profile *profile;
	char note[640];   /* said first: why it asks again, what was adjusted */
	bool note_warn;
	int64_t review_when[TUNING_REVIEW_MAX]; /* TPK_REVIEW: when each was set */
	bool review_sure;   /* TPK_REVIEW: r was pressed, y now reverts */

	/* TM_PROFILES */
	unsigned profile_sel;

	/* export */
	struct export_files exp;
	int exp_step;                  /* 0: the sysctl.d path, 1: the modprobe.d one */
	char exp_path[2][INPUT_MAX];

	/* TM_DELETE (dlg_delete.c) */
	struct delete_ask del;
	bool del_all;        /* every entry matching, not the selected one */
	bool del_sure;       /* a big delete: y was pressed, "yes" is typed now */
	char del_typed[8];
	struct ctdel_job *del_job;  /* started, until tuning_delete_poll ends it */

	struct dialog dlg;   /* rebuilt on every draw; keeps its scroll in top */

	/* for the dashboard, after each key */
	char msg[640];
	bool msg_error, msg_new;
	bool wrote;          /* something was written: what is shown is stale */
	bool applied;        /* the last key applied a plan (timed by the caller) */
	double apply_ms;     /* the last tune_apply, journal fsync included */
};

/* For the namespace ctdash is in now (entered already); reads the
 * kernel's default timeouts, which starts a short-lived child: call it
 * before any thread starts. */
void tuning_init(struct tuning *tu, const char *ns_label, const char *journal, bool read_only);
void tuning_free(struct tuning *tu);

/* A dialog or an input line is open: every key goes to tuning_key. */
bool tuning_busy(const struct tuning *tu);
/* s is the newest snapshot (for entries and memory figures), may be NULL. */
void tuning_key(struct tuning *tu, const struct ct_snapshot *s, int key);

/* Why nothing can be written here (read-only mode, no privilege), or
 * NULL when the timeouts can be. buf holds the sentence. */
const char *tuning_refused(const struct tuning *tu, char *buf, size_t n);

/* Ask for a new value of name (a timeout, TUNE_MAX_NAME or
 * TUNE_HASHSIZE_NAME); suggest, when not NULL, is typed in already. */
void tuning_edit(struct tuning *tu, const char *name, const char *suggest);
/* One step of the ladder up (dir > 0) or down for a timeout, then confirm. */
void tuning_step(struct tuning *tu, const char *name, int dir);
/* u (all false) and U (all true). */
void tuning_undo(struct tuning *tu, bool all);
void tuning_profiles(struct tuning *tu);
void tuning_export(struct tuning *tu, const struct ct_snapshot *s);
/* Set name to want (a switch: TUNE_ACCT_NAME), through the confirmation;
 * note, when not NULL, is said first in it. */
void tuning_set(struct tuning *tu, const char *name, uint64_t want, const char *note);
/* F9 or k in the list: ask about deleting ask's entry (or its filter's).
 * Read-only mode refuses in the message. */
void tuning_delete(struct tuning *tu, const struct delete_ask *ask);
/* The same, offering every entry the ask's filter matches first (k on a
 * row of the panes: that row's entries). */
void tuning_delete_all(struct tuning *tu, const struct delete_ask *ask);
/* F9 or k while a delete runs: ask whether to stop it. */
void tuning_delete_stop_ask(struct tuning *tu);
/* A delete runs (the loop wakes often to show its progress). */
bool tuning_deleting(const struct tuning *tu);
/* Its progress or, once it ended, its result in the message; true when
 * there is something new to show. *ended is set when it ended now. */
bool tuning_delete_poll(struct tuning *tu, bool *ended);

/* At an interactive start: offer to revert what the journal says an
 * earlier session left in force here. Returns how many changes. */
int tuning_review(struct tuning *tu);

/* The dialog of the current mode, width columns wide at most. */
void tuning_build_dialog(struct tuning *tu, const struct ct_snapshot *s, int width);
/* The input line in status, or the dialog over a rows x cols screen. */
void tuning_draw(struct tuning *tu, const struct ct_snapshot *s, struct rect status,
		 int rows, int cols);

#endif
