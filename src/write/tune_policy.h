/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the write path may touch, and where: the settings ctdash changes
 * (timeouts, nf_conntrack_max, the bucket count, the accounting switch),
 * the file behind each, and why a write is refused (read-only mode, privilege, namespace) or a
 * value is invalid. The context also carries the journal and what this
 * session changed, which the apply engine (tune.h) and undo planning
 * (tune_undo.h) keep. */
#ifndef CTDASH_TUNE_POLICY_H
#define CTDASH_TUNE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "write/journal.h"
#include "model/model.h"

#define TUNE_MAX_NAME "nf_conntrack_max"
#define TUNE_HASHSIZE_NAME "hashsize"
/* The kernel refuses a bucket array larger than INT_MAX bytes. */
#define TUNE_HASHSIZE_LIMIT (2147483647u / 8)

enum tune_target {
	TUNE_UNKNOWN,
	TUNE_TIMEOUT,  /* /proc/sys/net/netfilter/nf_conntrack_*timeout*, per namespace */
	TUNE_MAX,      /* nf_conntrack_max: global, initial namespace only */
	TUNE_HASHSIZE, /* the bucket count, via the module parameter: initial namespace only */
	TUNE_SWITCH,   /* an on/off sysctl of the namespace (nf_conntrack_acct): 0 or 1 */
};

/* Byte and packet counters for new entries, per namespace. */
#define TUNE_ACCT_NAME "nf_conntrack_acct"

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
	/* in another namespace (--netns), started in the initial one: the
	 * global settings are read and written from there (tune_keep_home) */
	bool global_from_home;
	uint64_t nsid;   /* inode of the current network namespace */
	char ns[JOURNAL_NS_MAX]; /* its name as the user gave it, "" for ctdash's own */
	bool ns_named;   /* that name pointed at it when tune_init ran */
	/* tests only: skip the access check before a write, so that what
	 * the kernel itself does when it refuses one can be exercised */
	bool kernel_decides;
	struct journal journal;
	struct tune_done *done;
	size_t ndone, capdone;
};

/* Keep the network namespace ctdash started in, before it enters the
 * one it reads: nf_conntrack_max and the bucket count are global, and
 * the kernel takes them only from the initial namespace, so a session
 * that reads a container's table still writes them there. */
void tune_keep_home(void);
/* Around every read and write of a global setting: in the namespace
 * ctdash started in when t->global_from_home, else nothing. begin
 * returns what end needs (-1: nothing to undo) or -errno. */
int tune_global_begin(const struct tune_ctx *t, const char *name);
void tune_global_end(int back);

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
/* The sentence for a write of name that the kernel refused for want of
 * permission (EACCES or EPERM), in buf. */
const char *tune_permission_problem(const char *name, char *buf, size_t n);
/* Whether value is one ctdash writes to name; NULL or why not. */
const char *tune_validate(const char *name, uint64_t value, char *buf, size_t n);

#endif
