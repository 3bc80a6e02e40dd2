/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/tune_undo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned tune_session_pending(const struct tune_ctx *t)
{
	unsigned n = 0;
	for (size_t i = 0; i < t->ndone; i++)
		n += !t->done[i].undone;
	return n;
}

static int add_undo(struct tune_plan *p, const struct tune_done *d)
{
	return tune_plan_add(p, d->name, d->new_value, d->old_value, d->txid);
}

int tune_plan_undo_last(const struct tune_ctx *t, struct tune_plan *p)
{
	tune_plan_init(p, "undo the last change");
	p->undo = true;
	const char *tx = NULL;
	for (size_t i = t->ndone; i-- > 0;) {
		const struct tune_done *d = &t->done[i];
		if (d->undone)
			continue;
		if (!tx)
			tx = d->txid;
		if (strcmp(d->txid, tx) == 0 && add_undo(p, d) < 0)
			return -ENOMEM;
	}
	return tx ? 0 : -ENOENT;
}

int tune_plan_undo_all(const struct tune_ctx *t, struct tune_plan *p)
{
	tune_plan_init(p, "undo everything this session changed");
	p->undo = true;
	for (size_t i = t->ndone; i-- > 0;)
		if (!t->done[i].undone && add_undo(p, &t->done[i]) < 0)
			return -ENOMEM;
	return p->n ? 0 : -ENOENT;
}

static int read_for_recovery(const char *name, uint64_t *value, void *arg)
{
	return tune_read(arg, name, value);
}

int tune_unreverted(const struct tune_ctx *t, struct journal_log *log,
		    struct recovery_item *items, size_t max)
{
	int ret = journal_read(t->journal_path, log);
	if (ret < 0)
		return ret;
	int n = recovery_in_force(log, t->nsid, t->ns, read_for_recovery, (void *)t, items, max);
	if (n <= 0)
		return n;
	return (int)recovery_drop_kept(log, items, (size_t)n < max ? (size_t)n : max);
}

int tune_plan_from_unreverted(const struct recovery_item *items, size_t n, struct tune_plan *p)
{
	tune_plan_init(p, "undo the changes a previous session left");
	p->undo = true;
	for (size_t i = n; i-- > 0;)
		if (tune_plan_add(p, items[i].rec->name, items[i].value, items[i].rec->old_value,
				  items[i].rec->txid) < 0)
			return -ENOMEM;
	return 0;
}

int tune_plan_undo_journal(const struct tune_ctx *t, struct tune_plan *p, char *err, size_t errlen)
{
	tune_plan_init(p, "undo the last change still in force");
	p->undo = true;
	struct journal_log log;
	int ret = journal_read(t->journal_path, &log);
	if (ret < 0) {
		if (log.why[0])
			snprintf(err, errlen, "%s", log.why);
		else
			snprintf(err, errlen, "cannot read the journal %s: %s", t->journal_path,
				 strerror(-ret));
		return ret;
	}
	size_t cap = log.n ? log.n : 1;
	struct recovery_item *items = malloc(cap * sizeof *items);
	if (!items) {
		journal_log_free(&log);
		return -ENOMEM;
	}
	int n = recovery_last_tx(&log, t->nsid, t->ns, read_for_recovery, (void *)t, items, cap);
	for (int i = 0; i < n && ret == 0; i++) {
		const struct journal_rec *r = items[i].rec;
		ret = tune_plan_add(p, r->name, items[i].value, r->old_value, r->txid);
	}
	if (n > 0 && ret == 0)
		snprintf(p->title, sizeof p->title, "undo transaction %s", items[0].rec->txid);
	free(items);
	journal_log_free(&log);
	if (n < 0 || ret < 0) {
		int e = n < 0 ? n : ret;
		snprintf(err, errlen, "cannot work out what is in force: %s", strerror(-e));
		return e;
	}
	return n;
}
