/* The one write path: every change ctdash makes to the system goes
 * through tune_apply, which validates, compares and sets (the value must
 * still be the one the user saw), journals, writes, and reads back.
 * The UI only builds plans, shows them (confirm.h) and asks for them. */
#ifndef CTDASH_TUNE_H
#define CTDASH_TUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "write/journal.h"
#include "model/model.h"
#include "write/recovery.h"

#define TUNE_MAX_NAME "nf_conntrack_max"
#define TUNE_HASHSIZE_NAME "hashsize"
/* The kernel refuses a bucket array larger than INT_MAX bytes. */
#define TUNE_HASHSIZE_LIMIT (2147483647u / 8)

enum tune_target {
	TUNE_UNKNOWN,
	TUNE_TIMEOUT,  /* /proc/sys/net/netfilter/nf_conntrack_*timeout*, per namespace */
	TUNE_MAX,      /* nf_conntrack_max: global, initial namespace only */
	TUNE_HASHSIZE, /* the bucket count, via the module parameter: initial namespace only */
};

struct tune_change {
	char name[CT_SYSCTL_NAME_MAX]; /* sysctl name, or "hashsize" */
	uint64_t seen;                 /* the value the user was shown */
	uint64_t want;
	char reverts[JOURNAL_ID_MAX];  /* in an undo plan: the transaction it reverts */
};

/* Changes confirmed and applied together: one journal transaction, one
 * undo. A profile is one plan; so is "undo everything". */
struct tune_plan {
	struct tune_change *c;
	unsigned n, cap;
	bool undo;       /* every change reverts an earlier one */
	char title[96];  /* what the confirmation calls it */
};

enum tune_status {
	TUNE_OK,
	TUNE_REFUSED,  /* read-only, no privilege, or the wrong namespace */
	TUNE_INVALID,  /* unknown setting or value out of range */
	TUNE_CHANGED,  /* the system no longer holds the value the user saw */
	TUNE_JOURNAL,  /* the journal could not be written, so nothing was */
	TUNE_WRITE,    /* reading or writing the setting failed */
	TUNE_VERIFY,   /* the kernel kept a value other than the one written */
};

struct tune_result {
	enum tune_status status;
	int index;         /* the change concerned, -1 for none */
	uint64_t current;  /* CHANGED: the value now; VERIFY: the value kept */
	int err;           /* errno behind JOURNAL and WRITE */
	unsigned done;     /* changes of the plan in effect when tune_apply returned */
	char msg[512];     /* one or two sentences for the status line */
};

/* A change this session made and has not undone. */
struct tune_done {
	char txid[JOURNAL_ID_MAX];
	char name[CT_SYSCTL_NAME_MAX];
	uint64_t old_value, new_value;
	bool undone;
};

struct tune_ctx {
	/* where the settings live; tests point these at temporary files */
	char sysctl_dir[256];
	char max_path[256];
	char hashsize_path[256];
	char journal_path[512];
	bool read_only;
	int initial_ns;  /* 1 in the initial network namespace, 0 not, -1 unknown */
	uint64_t nsid;   /* inode of the current network namespace */
	char ns[JOURNAL_NS_MAX]; /* its name as the user gave it, "" for ctdash's own */
	bool ns_named;   /* that name pointed at it when tune_init ran */
	struct journal journal;
	struct tune_done *done;
	size_t ndone, capdone;
};

/* For the namespace ctdash is in now (enter it first). ns_label is ""
 * for ctdash's own namespace, the --netns NAME, or "pid:N"; journal_path
 * NULL means JOURNAL_DEFAULT_PATH. Nothing is opened until a write. */
void tune_init(struct tune_ctx *t, const char *ns_label, const char *journal_path, bool read_only);
void tune_free(struct tune_ctx *t);

enum tune_target tune_target_of(const char *name);
/* The file behind a setting. 0 or -EINVAL for an unknown name. */
int tune_path(const struct tune_ctx *t, const char *name, char *buf, size_t n);
/* The value the system holds now. 0 or -errno. */
int tune_read(const struct tune_ctx *t, const char *name, uint64_t *value);

/* Why no write at all is possible (read-only mode), or NULL. */
const char *tune_writes_refused(const struct tune_ctx *t);
/* Why this setting cannot be written here (read-only mode, privilege,
 * namespace, missing), or NULL when it can. buf holds the sentence. */
const char *tune_refusal(const struct tune_ctx *t, const char *name, char *buf, size_t n);
/* Whether value is one ctdash writes to name; NULL or why not. */
const char *tune_validate(const char *name, uint64_t value, char *buf, size_t n);

void tune_plan_init(struct tune_plan *p, const char *title);
/* 0 or -ENOMEM / -EINVAL (name too long). */
int tune_plan_add(struct tune_plan *p, const char *name, uint64_t seen, uint64_t want,
		  const char *reverts);
/* After TUNE_CHANGED and a new confirmation: what the user now saw. */
void tune_plan_rebase(struct tune_plan *p, unsigned i, uint64_t seen);
void tune_plan_free(struct tune_plan *p);

/* Apply every change of the plan, in order. An apply plan is all or
 * nothing: when a change fails, the ones before it are reverted (and
 * journalled as undone). An undo plan stops at the failing change and
 * keeps what it undid. res says what happened; the status is returned. */
enum tune_status tune_apply(struct tune_ctx *t, const struct tune_plan *p, struct tune_result *res);

/* Changes this session made that are still not undone. */
unsigned tune_session_pending(const struct tune_ctx *t);
/* The plan that undoes the last transaction of this session (`u`), or
 * everything this session changed, newest first (`U`). 0, or -ENOENT
 * when nothing is left to undo, or -ENOMEM. */
int tune_plan_undo_last(const struct tune_ctx *t, struct tune_plan *p);
int tune_plan_undo_all(const struct tune_ctx *t, struct tune_plan *p);

/* From the journal: the changes in this namespace still in force
 * (oldest first), for the review at an interactive start. Returns how
 * many, or -errno (the journal unreadable). log must be freed. */
int tune_unreverted(const struct tune_ctx *t, struct journal_log *log,
		    struct recovery_item *items, size_t max);
/* The plan that reverts all of them, newest first (the review's "undo
 * all"). 0 or -ENOMEM. */
int tune_plan_from_unreverted(const struct recovery_item *items, size_t n, struct tune_plan *p);
/* The plan that reverts the most recent transaction still in force in
 * this namespace (`--undo-last`). Returns how many changes, 0 when none
 * is in force, or -errno; err says why on error. */
int tune_plan_undo_journal(const struct tune_ctx *t, struct tune_plan *p, char *err, size_t errlen);

#endif
