#include "write/recovery.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool same_ns(const struct journal_rec *r, uint64_t nsid, const char *ns)
{
	/* the inode alone could be reused by a later namespace */
	return r->nsid == nsid && strcmp(r->ns, ns) == 0;
}

/* The value record i left on the system: an "actual" record of the same
 * transaction and sysctl that follows it corrects what it meant to set. */
static uint64_t outcome(const struct journal_log *log, size_t i)
{
	const struct journal_rec *r = &log->rec[i];
	for (size_t k = i + 1; k < log->n; k++) {
		const struct journal_rec *a = &log->rec[k];
		if (a->kind == JOURNAL_ACTUAL && strcmp(a->txid, r->txid) == 0 &&
		    strcmp(a->name, r->name) == 0 && a->nsid == r->nsid)
			return a->new_value;
	}
	return r->new_value;
}

/* Whether an undo record that took effect reverts apply record i. */
static bool undone(const struct journal_log *log, size_t i)
{
	const struct journal_rec *r = &log->rec[i];
	for (size_t k = i + 1; k < log->n; k++) {
		const struct journal_rec *u = &log->rec[k];
		if (u->kind == JOURNAL_UNDO && strcmp(u->reverts, r->txid) == 0 &&
		    strcmp(u->name, r->name) == 0 && u->nsid == r->nsid &&
		    strcmp(u->ns, r->ns) == 0 && outcome(log, k) == u->new_value)
			return true;
	}
	return false;
}

/* Whether a later apply record of the same sysctl and namespace, one that
 * changed something and was not undone, stands above record i. */
static bool superseded(const struct journal_log *log, size_t i, const bool *live)
{
	const struct journal_rec *r = &log->rec[i];
	for (size_t k = i + 1; k < log->n; k++)
		if (live[k] && strcmp(log->rec[k].name, r->name) == 0 &&
		    log->rec[k].nsid == r->nsid && strcmp(log->rec[k].ns, r->ns) == 0)
			return true;
	return false;
}

int recovery_in_force(const struct journal_log *log, uint64_t nsid, const char *ns,
		      recovery_read_fn read, void *arg, struct recovery_item *out, size_t max)
{
	if (log->n == 0)
		return 0;
	bool *live = calloc(log->n, sizeof *live);
	if (!live)
		return -ENOMEM;
	for (size_t i = 0; i < log->n; i++) {
		const struct journal_rec *r = &log->rec[i];
		live[i] = r->kind == JOURNAL_APPLY && same_ns(r, nsid, ns) &&
			  outcome(log, i) != r->old_value && !undone(log, i);
	}
	size_t found = 0;
	for (size_t i = 0; i < log->n; i++) {
		if (!live[i] || superseded(log, i, live))
			continue;
		uint64_t now;
		if (read(log->rec[i].name, &now, arg) < 0 || now != outcome(log, i))
			continue;
		if (found < max)
			out[found] = (struct recovery_item){ &log->rec[i], now };
		found++;
	}
	free(live);
	return (int)found;
}

int recovery_last_tx(const struct journal_log *log, uint64_t nsid, const char *ns,
		     recovery_read_fn read, void *arg, struct recovery_item *out, size_t max)
{
	size_t cap = log->n ? log->n : 1;
	struct recovery_item *all = malloc(cap * sizeof *all);
	if (!all)
		return -ENOMEM;
	int n = recovery_in_force(log, nsid, ns, read, arg, all, cap);
	if (n <= 0) {
		free(all);
		return n;
	}
	const char *tx = all[n - 1].rec->txid;
	size_t k = 0;
	for (int i = n; i-- > 0;)
		if (strcmp(all[i].rec->txid, tx) == 0 && k < max)
			out[k++] = all[i];
	free(all);
	return (int)k;
}
