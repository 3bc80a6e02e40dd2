/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The journal of every write ctdash makes to the system: one text line
 * per record, appended and fsync'd before the write it announces, so a
 * crash or a dropped SSH session never leaves a change nobody can find.
 *
 * Line format (fields separated by one space; '#' starts a comment):
 *   TIME KIND TXID REVERTS NSID NS NAME OLD NEW
 *   2025-11-22T00:03:12Z apply 6740f1c0-3e8-1 - 4026531840 - nf_conntrack_tcp_timeout_time_wait 120 10
 * TIME is UTC (ISO 8601; a year outside 1000-9999 has more digits or a
 * sign); KIND is apply, undo, actual or keep; TXID groups the records of
 * one confirmed plan (a profile is one); REVERTS is, for undo, the TXID
 * it reverts, else "-"; NSID is the inode of the network namespace; NS
 * is its name as given (--netns NAME, pid:N) or "-" for ctdash's own,
 * with bytes outside [A-Za-z0-9._:@+=,-] written as %XX; NAME is the
 * sysctl or "hashsize"; OLD and NEW are the values before and after.
 * A "keep" record repeats an apply record (its TXID, NAME, OLD and NEW)
 * that the review at a start was told to keep: it is not offered again
 * there, and u and --undo-last still revert it.
 * An "actual" record follows a write whose result differed from the
 * record before it (the kernel refused or kept another value): its NEW is
 * what the system held afterwards.
 */
#ifndef CTDASH_JOURNAL_H
#define CTDASH_JOURNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"

#define JOURNAL_DEFAULT_PATH "/var/lib/ctdash/journal"
#define JOURNAL_ID_MAX 40
#define JOURNAL_NS_MAX CT_NETNS_NAME_MAX
#define JOURNAL_LINE_MAX 2048 /* a name of 255 bytes, each as %XX */
/* The longest note (before %XX): a whole filter and its counts, and more;
 * readers skip notes, and a note is never cut to fit. */
#define JOURNAL_NOTE_MAX 16384
/* Written before a record when the file does not end in a newline (a
 * crash tore the last record): it ends the torn line in a way the reader
 * recognises and refuses, and starts the record on a fresh line. */
#define JOURNAL_TORN_MARK " #torn\n"

enum journal_kind { JOURNAL_APPLY, JOURNAL_UNDO, JOURNAL_ACTUAL, JOURNAL_KEEP };

struct journal_rec {
	int64_t when;                  /* seconds since the epoch */
	enum journal_kind kind;
	char txid[JOURNAL_ID_MAX];
	char reverts[JOURNAL_ID_MAX];  /* "" unless kind is undo */
	uint64_t nsid;
	char ns[JOURNAL_NS_MAX];       /* "" for ctdash's own namespace */
	char name[CT_SYSCTL_NAME_MAX];
	uint64_t old_value, new_value;
	unsigned line;                 /* 1-based, set by the reader */
};

const char *journal_kind_name(enum journal_kind k);

/* One record as a line (with its newline). Returns the length, or
 * -EINVAL when a field cannot be written (bad id or name). */
int journal_format(const struct journal_rec *r, char *buf, size_t n);
/* One line (newline included or not) into r. Returns NULL, or why the
 * line is not a record. */
const char *journal_parse_line(const char *line, struct journal_rec *r);

/* A transaction id unique to this process and moment. */
void journal_new_txid(char *buf, size_t n);

/* The journal opened for appending. */
struct journal {
	int fd;
	char path[512];
	char why[320];  /* why the last append failed, when more than errno says */
};

/* Create the parent directory (0700) and the file (0600) when missing;
 * never follow a symlink at the last component; refuse a file that is
 * not a regular file on a real file system, or that (or whose directory)
 * someone else owns or may write (journal_file.h). 0 or -errno; err says
 * what failed. */
int journal_open(struct journal *j, const char *path, char *err, size_t errlen);
/* Append r and fsync it, on a fresh line even after a torn one; a
 * journal removed since it was opened is made again. 0 or -errno. */
int journal_append(struct journal *j, const struct journal_rec *r);
/* A record of something that cannot be undone (entries deleted), as a
 * comment line the undo reader skips and people and grep find:
 *   # TIME note NSID NS WHAT
 * WHAT is kept whole on one line (control bytes and % as %XX). 0 or
 * -errno (-E2BIG past JOURNAL_NOTE_MAX). */
int journal_append_note(struct journal *j, int64_t when, uint64_t nsid, const char *ns,
			const char *what);
void journal_close(struct journal *j);

/* What the reader found wrong with one line. */
struct journal_problem {
	unsigned line;
	char why[120];
};

#define JOURNAL_PROBLEMS_KEPT 32

struct journal_log {
	struct journal_rec *rec; /* in file order */
	size_t n, cap;
	struct journal_problem problem[JOURNAL_PROBLEMS_KEPT];
	unsigned nproblems;      /* all of them; the first ones are kept */
	char why[320];           /* why journal_read refused the file, or "" */
};

/* Read a journal strictly: a bad line is noted and skipped. A missing
 * file is an empty journal. 0 or -errno (the file cannot be opened or is
 * not trusted, as journal_open says: a symlink gives -ELOOP); log->why
 * then says why. */
int journal_read(const char *path, struct journal_log *log);
int journal_read_stream(FILE *in, struct journal_log *log);
void journal_log_free(struct journal_log *log);

#endif
