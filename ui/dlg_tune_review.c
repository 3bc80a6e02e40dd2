/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The review at an interactive start: the changes an earlier session
 * left in force here (a crash, a dropped SSH connection), offered for
 * reverting. r asks to revert them, and nothing is written before a y
 * to that question: a key typed before the dialog appeared must not
 * change a setting. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/format.h"
#include "dlg_tune_int.h"

int tuning_review(struct tuning *tu)
{
	struct journal_log log;
	struct recovery_item *items = calloc(TUNING_REVIEW_MAX, sizeof *items);
	if (!items)
		return 0;
	char why[320];
	const char *refused = tuning_refused(tu, why, sizeof why);
	int n = tune_unreverted(&tu->t, &log, items, TUNING_REVIEW_MAX);
	if (n < 0) {
		/* without the privilege to write, the journal is often not
		 * readable either (it is root's, 0600): nothing to offer then */
		if (log.why[0])
			tuning_message(tu, true, "%s", log.why);
		else if (!refused || tu->t.read_only)
			tuning_message(tu, true, "cannot read the journal %s: %s", tu->t.journal_path,
				strerror(-n));
		free(items);
		return 0;
	}
	if (n > TUNING_REVIEW_MAX)
		n = TUNING_REVIEW_MAX;
	if (n > 0 && refused) {
		tuning_message(tu, false, "%d %s an earlier session made %s still in force (journal %s); "
			"ctdash cannot revert %s here: %s", n, plural((uint64_t)n, "change", "changes"),
			plural((uint64_t)n, "is", "are"), tu->t.journal_path, plural((uint64_t)n, "it", "them"),
			refused);
	} else if (n > 0 && tu->mode == TM_IDLE) {
		if (tune_plan_from_unreverted(items, (size_t)n, &tu->plan) < 0) {
			tune_plan_free(&tu->plan);
			n = 0;
		} else {
			/* the plan lists them newest first */
			for (int i = 0; i < n; i++)
				tu->review_when[i] = items[n - 1 - i].rec->when;
			snprintf(tu->plan.title, sizeof tu->plan.title, "the earlier session's changes");
			tuning_open_plan(tu, TPK_REVIEW);
		}
	}
	journal_log_free(&log);
	free(items);
	return n;
}

/* r asks again; only y to that reverts: a key typed ahead of the dialog
 * must not change a setting (every write is confirmed). */
void tuning_review_key(struct tuning *tu, int key)
{
	enum dialog_result r = dialog_key(&tu->dlg, key);
	if (!tu->review_sure && (key == 'r' || key == 'R')) {
		tu->review_sure = true;
		tu->dlg.top = 0;
	} else if (r == DIALOG_NO) {
		tuning_cancel(tu);
	} else if (tu->review_sure && r == DIALOG_YES) {
		tuning_apply(tu);
	}
}
