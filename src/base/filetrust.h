/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a file or its directory is, before ctdash writes there as root:
 * the journal and --textfile share these rules, so someone else who can
 * write the directory cannot swap what ctdash writes or reads. */
#ifndef CTDASH_FILETRUST_H
#define CTDASH_FILETRUST_H

#include <stddef.h>
#include <sys/types.h>

/* "a FIFO", "a device", "a symbolic link", ...: what a mode that is not a
 * regular file is, for a sentence. */
const char *file_kind(mode_t mode);

/* Whether the directory holding path may be trusted: owned by the
 * effective user or root, writable by nobody else unless sticky (like
 * /tmp). NULL, or why not in buf, naming the file as what ("the journal
 * /var/lib/ctdash/journal"). */
const char *dir_untrusted(const char *what, const char *path, char *buf, size_t n);

#endif
