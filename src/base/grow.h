/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Arrays that grow by doubling: the one realloc every list in ctdash
 * (journal records, plan changes, this session's changes) uses. */
#ifndef CTDASH_GROW_H
#define CTDASH_GROW_H

#include <stddef.h>

/* Room for at least `need` items of `size` bytes: returns items, moved by
 * realloc when it was too small (then *cap is the new capacity: `first`,
 * or doubled until it holds need), or NULL when memory or size_t runs
 * out, and then items and *cap are unchanged and still valid. */
void *grow_array(void *items, size_t *cap, size_t need, size_t size, size_t first);

#endif
