/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers the unit tests share: a scratch folder of their own, and
 * snapshots built by hand. (The captured netlink messages are fixture.h;
 * the write path's sandbox is tunebox.h.) */
#ifndef CTDASH_TEST_UTIL_H
#define CTDASH_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* A new folder /tmp/ctdash-test-TAG-XXXXXX, its name in dir (at least 64
 * bytes). 0 or -1. */
int scratch_make(char *dir, size_t n, const char *tag);
/* The folder and all in it. 0 or -1. */
int scratch_remove(const char *dir);

/* A small fast pseudo-random sequence (xorshift32) for shuffles and
 * synthetic keys: *state (not 0) is advanced and returned. */
uint32_t test_xorshift(uint32_t *state);

/* One more timeout sysctl in s, as the collector would have found it. */
void snap_add_timeout(struct ct_snapshot *s, const char *name, long value);

#endif
