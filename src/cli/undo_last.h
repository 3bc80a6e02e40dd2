/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctdash --undo-last: after a crash or a dropped SSH session, revert the
 * most recent journalled change still in force in this namespace. */
#ifndef CTDASH_UNDO_LAST_H
#define CTDASH_UNDO_LAST_H

#include <stdbool.h>
#include <stdio.h>

/* In the namespace ctdash is in now (ns_label as for tune_init), with
 * the journal at journal_path (NULL: the default). Says what it did on
 * out, problems on err. Returns the exit status: 0 when a change was
 * reverted, 1 when there was nothing to undo or it could not be done. */
int undo_last_run(const char *ns_label, const char *journal_path, bool read_only,
		  FILE *out, FILE *err);

#endif
