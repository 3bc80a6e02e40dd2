/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Deleting conntrack entries: one ctnetlink CT_DELETE each, naming the
 * entry by its original tuple, its zone and its id, so an entry that has
 * gone and come back as another (same tuple, new id) is left alone. */
#ifndef CTDASH_CTDELETE_H
#define CTDASH_CTDELETE_H

#include <stdint.h>

#include "model/entry.h"

/* What names one entry to the kernel: much smaller than a ct_entry, so a
 * big delete holds its targets in little memory. */
struct ct_target {
	struct ct_tuple orig;
	uint32_t id;
	uint16_t zone;
	uint8_t zone_dir; /* CT_ZONE_DIR_*: where the kernel looks for zone */
	uint8_t family;
	bool has_id;
};

void ct_target_of(struct ct_target *t, const struct ct_entry *e);

struct ct_deleter;

/* A socket of its own (kernel datagrams only). NULL with errno set. */
struct ct_deleter *ctdel_open(void);
void ctdel_close(struct ct_deleter *d);
/* 0: deleted; -ENOENT: already gone; another negative errno: failed. */
int ctdel_one(struct ct_deleter *d, const struct ct_target *t);

#endif
