/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tuning's dialogs and views without a terminal (test_dlg_tune.c,
 * test_tune_views.c): a temporary folder standing in for /proc/sys and
 * /sys/module, the tuning state over it, a snapshot of those files, and
 * keys typed into the dialogs. */
#ifndef CTDASH_TUNEUI_H
#define CTDASH_TUNEUI_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "ui/dlg_tune.h"
#include "write/journal.h"

#define TW "nf_conntrack_tcp_timeout_time_wait"
#define PREFIX "nf_conntrack_"

/* Every timeout the router preset sets, and their kernel defaults. */
struct tt_timeout {
	const char *name;
	long def;
};
#define TT_NTIMEOUTS 8
extern const struct tt_timeout tt_timeouts[TT_NTIMEOUTS];

extern char tt_dir[64];
extern struct tuning tu;      /* large: not on the stack */
extern struct ct_snapshot snap;

void tt_path_of(const char *name, char *buf, size_t n);
/* A number into the file name of the folder, and back. */
void tt_put(const char *name, unsigned long long v);
unsigned long long tt_get(const char *name);
/* Records of a kind in the journal. */
unsigned tt_records(enum journal_kind kind);
/* A snapshot as the sampler would make it of those files. */
void tt_make_snapshot(void);
void tt_init_tuning(bool read_only);
/* cmocka's setup and teardown: the folder, the snapshot, the tuning. */
int tt_setup(void **state);
int tt_teardown(void **state);
/* Keys into the open dialog; ^U, the text and Enter. */
void tt_type(const char *text);
void tt_clear_and_type(const char *text);
/* The dialog's lines as one text, for looking things up. */
const char *tt_dialog_text(int width);
void tt_assert_contains(const char *text, const char *part);

#endif
