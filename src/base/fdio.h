/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whole-buffer writes: write(2) may take less than asked, or be
 * interrupted; a journal record or an exported file must go in whole. */
#ifndef CTDASH_FDIO_H
#define CTDASH_FDIO_H

#include <stddef.h>

/* Write all len bytes of buf to fd. 0 or a negative errno. */
int write_all(int fd, const char *buf, size_t len);

/* The directory that holds path ("." for a bare name), opened read-only
 * (close-on-exec) for fstat or fsync. The descriptor or a negative errno. */
int open_dir_of(const char *path);
/* fsync that directory, so a file just created or renamed in it keeps
 * its name after a crash. 0 or a negative errno. */
int fsync_dir_of(const char *path);

/* How many more descriptors this process can open, counted up to want
 * (each is opened and closed again). A limit (ulimit -n) too low for
 * what ctdash opens otherwise shows up later as the wrong failure. */
int fd_headroom(int want);

#endif
