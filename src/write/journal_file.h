/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening the journal file so that nobody else can steer ctdash through
 * it: --undo-last and the review at start apply what it says, as root.
 * The file must be a regular file on a real file system (not a FIFO that
 * would block, not a file under /proc or /sys), owned by the effective
 * user and writable by nobody else; its directory must be owned by that
 * user or root and writable by nobody else (unless sticky, like /tmp). */
#ifndef CTDASH_JOURNAL_FILE_H
#define CTDASH_JOURNAL_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* How to open: read it, or append to it (creating it 0600 when missing;
 * *created then says so, and the directory is fsync'd so the new name
 * survives a crash). Returns the descriptor (blocking, close-on-exec) or
 * -errno; why holds the sentence. A missing file when reading gives
 * -ENOENT. */
enum journal_file_mode { JOURNAL_FILE_READ, JOURNAL_FILE_APPEND };

int journal_file_open(const char *path, enum journal_file_mode mode, bool *created,
		      char *why, size_t whylen);

/* Whether the descriptor is one ctdash may trust as its journal; NULL or
 * why not (in buf). Exposed for the tests. */
const char *journal_file_untrusted(int fd, const char *path, char *buf, size_t n);

/* The same rules for another file ctdash trusts as root (the recording of
 * --record, --replay): noun names it in the sentences ("the recording"). */
int trusted_file_open(const char *path, enum journal_file_mode mode, const char *noun,
		      bool *created, char *why, size_t whylen);
const char *trusted_file_problem(int fd, const char *path, const char *noun, char *buf, size_t n);

#endif
