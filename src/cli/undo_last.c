/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli/undo_last.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "base/format.h"
#include "write/tune.h"

static void show_problems(const struct tune_ctx *t, FILE *err)
{
	struct journal_log log;
	char more[64];
	if (journal_read(t->journal_path, &log) < 0)
		return;
	for (unsigned i = 0; i < log.nproblems && i < JOURNAL_PROBLEMS_KEPT; i++)
		fprintf(err, "ctdash: %s:%u: skipped: %s\n", t->journal_path,
			log.problem[i].line, log.problem[i].why);
	if (log.nproblems > JOURNAL_PROBLEMS_KEPT)
		fprintf(err, "ctdash: %s: %s skipped\n", t->journal_path,
			fmt_counted(more, sizeof more, log.nproblems - JOURNAL_PROBLEMS_KEPT,
				    "more bad line", "more bad lines"));
	journal_log_free(&log);
}

int undo_last_run(const char *ns_label, const char *journal_path, bool read_only,
		  FILE *out, FILE *err)
{
	struct tune_ctx t;
	tune_init(&t, ns_label, journal_path, read_only);
	const char *where = ns_label && *ns_label ? ns_label : "ctdash's own";
	int status = 1;
	const char *ro = tune_writes_refused(&t);
	if (ro) {
		fprintf(err, "ctdash: cannot undo: %s\n", ro);
		tune_free(&t);
		return 1;
	}
	show_problems(&t, err);
	struct tune_plan plan;
	char why[320];
	int n = tune_plan_undo_journal(&t, &plan, why, sizeof why);
	if (n < 0) {
		fprintf(err, "ctdash: %s\n", why);
	} else if (n == 0) {
		fprintf(err, "ctdash: nothing to undo in namespace '%s': no change recorded in %s "
			"is still in force there\n", where, t.journal_path);
	} else {
		struct tune_result res;
		if (tune_apply(&t, &plan, &res) == TUNE_OK) {
			for (unsigned i = 0; i < plan.n; i++)
				fprintf(out, "reverted %s in namespace '%s': %" PRIu64 " -> %" PRIu64
					" (read back; transaction %s)\n", plan.c[i].name, where,
					plan.c[i].seen, plan.c[i].want, plan.c[i].reverts);
			status = 0;
		} else {
			fprintf(err, "ctdash: undo failed: %s\n", res.msg);
		}
	}
	tune_plan_free(&plan);
	tune_free(&t);
	return status;
}
