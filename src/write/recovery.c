/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/recovery.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool same_ns(const struct journal_rec *r, uint64_t nsid, const char *ns)
{
	/* the inode alone could be reused by a later namespace */
	return r->nsid == nsid && strcmp(r->ns, ns) == 0;
}

/* One pass from the newest record back to the oldest answers, for each
 * record, what only later records decide: the value it left (a later
 * "actual" record corrects it), whether a later undo reverted it, and
 * whether a later live change of the same sysctl stands above it. Three
 * hash sets of record indexes keep that linear in the journal's length
 * (40,000 records took a second when each record scanned the rest). */

enum key_kind {
	KEY_OUTCOME, /* txid, name, nsid: an actual record, for what it corrects */
	KEY_REVERTS, /* reverted txid, name, nsid, ns: an undo that took effect */
	KEY_SETTING, /* name: a live apply record of this namespace */
};

struct recset {
	size_t *slot;  /* record index + 1; 0 is empty */
	size_t mask;
	enum key_kind kind;
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211u; /* FNV-1a */
	return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
	return mix(h, s, strlen(s) + 1); /* the NUL separates the fields */
}

/* The key of record r as stored (as_probe false) or as looked up from
 * an apply record (as_probe true: its own txid stands for "reverts"). */
static uint64_t key_hash(enum key_kind kind, const struct journal_rec *r, bool as_probe)
{
	uint64_t h = 14695981039346656037u;
	switch (kind) {
	case KEY_OUTCOME:
		h = mix_str(mix_str(h, r->txid), r->name);
		return mix(h, &r->nsid, sizeof r->nsid);
	case KEY_REVERTS:
		h = mix_str(mix_str(h, as_probe ? r->txid : r->reverts), r->name);
		return mix_str(mix(h, &r->nsid, sizeof r->nsid), r->ns);
	case KEY_SETTING:
		return mix_str(h, r->name);
	}
	return h;
}

static bool key_equal(enum key_kind kind, const struct journal_rec *stored,
		      const struct journal_rec *probe)
{
	bool same = strcmp(stored->name, probe->name) == 0 && stored->nsid == probe->nsid;
	switch (kind) {
	case KEY_OUTCOME:
		return same && strcmp(stored->txid, probe->txid) == 0;
	case KEY_REVERTS:
		return same && strcmp(stored->reverts, probe->txid) == 0 &&
		       strcmp(stored->ns, probe->ns) == 0;
	case KEY_SETTING:
		return same && strcmp(stored->ns, probe->ns) == 0;
	}
	return false;
}

static int recset_init(struct recset *s, enum key_kind kind, size_t n)
{
	size_t size = 16;
	while (size < 2 * n && size < SIZE_MAX / 4)
		size *= 2;
	s->slot = calloc(size, sizeof *s->slot);
	s->mask = size - 1;
	s->kind = kind;
	return s->slot ? 0 : -ENOMEM;
}

/* The slot holding a record with probe's key, or the empty one where it
 * would go. */
static size_t *recset_slot(const struct recset *s, const struct journal_log *log,
			   const struct journal_rec *probe, bool as_probe)
{
	size_t i = (size_t)key_hash(s->kind, probe, as_probe) & s->mask;
	for (;; i = (i + 1) & s->mask) {
		size_t *slot = &s->slot[i];
		if (*slot == 0 || key_equal(s->kind, &log->rec[*slot - 1], probe))
			return slot;
	}
}

/* Whether two stored records have the same key. */
static bool stored_equal(enum key_kind kind, const struct journal_rec *a, const struct journal_rec *b)
{
	if (strcmp(a->name, b->name) != 0 || a->nsid != b->nsid)
		return false;
	switch (kind) {
	case KEY_OUTCOME:
		return strcmp(a->txid, b->txid) == 0;
	case KEY_REVERTS:
		return strcmp(a->reverts, b->reverts) == 0 && strcmp(a->ns, b->ns) == 0;
	case KEY_SETTING:
		return strcmp(a->ns, b->ns) == 0;
	}
	return false;
}

/* Store record idx under its own key, replacing an entry of that key. */
static void recset_put(struct recset *s, const struct journal_log *log, size_t idx)
{
	const struct journal_rec *r = &log->rec[idx];
	size_t i = (size_t)key_hash(s->kind, r, false) & s->mask;
	for (;; i = (i + 1) & s->mask) {
		size_t *slot = &s->slot[i];
		if (*slot == 0 || stored_equal(s->kind, &log->rec[*slot - 1], r)) {
			*slot = idx + 1;
			return;
		}
	}
}

/* The value record r left on the system: the nearest later "actual"
 * record of its transaction and sysctl corrects what it meant to set. */
static uint64_t outcome(const struct recset *actuals, const struct journal_log *log,
			const struct journal_rec *r)
{
	size_t *slot = recset_slot(actuals, log, r, false);
	return *slot ? log->rec[*slot - 1].new_value : r->new_value;
}

struct pass {
	struct recset actuals, undos, settings;
	size_t *live;     /* indexes of the records in force, newest first */
	uint64_t *value;  /* the value each of them left */
	size_t nlive;
};

static void pass_free(struct pass *p)
{
	free(p->actuals.slot);
	free(p->undos.slot);
	free(p->settings.slot);
	free(p->live);
	free(p->value);
}

static int pass_init(struct pass *p, size_t n)
{
	memset(p, 0, sizeof *p);
	p->live = malloc((n ? n : 1) * sizeof *p->live);
	p->value = malloc((n ? n : 1) * sizeof *p->value);
	if (!p->live || !p->value || recset_init(&p->actuals, KEY_OUTCOME, n) < 0 ||
	    recset_init(&p->undos, KEY_REVERTS, n) < 0 || recset_init(&p->settings, KEY_SETTING, n) < 0) {
		pass_free(p);
		return -ENOMEM;
	}
	return 0;
}

/* Record i, with every later record already seen. */
static void pass_step(struct pass *p, const struct journal_log *log, size_t i,
		      uint64_t nsid, const char *ns)
{
	const struct journal_rec *r = &log->rec[i];
	switch (r->kind) {
	case JOURNAL_ACTUAL:
		recset_put(&p->actuals, log, i);
		break;
	case JOURNAL_UNDO:
		if (outcome(&p->actuals, log, r) == r->new_value)
			recset_put(&p->undos, log, i);
		break;
	case JOURNAL_APPLY:
		/* live: in this namespace, it changed something, not undone */
		if (!same_ns(r, nsid, ns))
			break;
		uint64_t left = outcome(&p->actuals, log, r);
		if (left == r->old_value || *recset_slot(&p->undos, log, r, true))
			break;
		/* the newest live change of a setting is the one in force */
		size_t *slot = recset_slot(&p->settings, log, r, false);
		if (*slot == 0) {
			p->live[p->nlive] = i;
			p->value[p->nlive++] = left;
		}
		*slot = i + 1;
		break;
	case JOURNAL_KEEP:
		break; /* the review's business (recovery_drop_kept), not the undo's */
	}
}

int recovery_in_force(const struct journal_log *log, uint64_t nsid, const char *ns,
		      recovery_read_fn read, void *arg, struct recovery_item *out, size_t max)
{
	if (log->n == 0)
		return 0;
	struct pass p;
	if (pass_init(&p, log->n) < 0)
		return -ENOMEM;
	for (size_t i = log->n; i-- > 0;)
		pass_step(&p, log, i, nsid, ns);
	size_t found = 0;
	for (size_t k = p.nlive; k-- > 0;) { /* oldest first */
		const struct journal_rec *r = &log->rec[p.live[k]];
		uint64_t now;
		if (read(r->name, &now, arg) < 0 || now != p.value[k])
			continue;
		if (found < max)
			out[found] = (struct recovery_item){ r, now };
		found++;
	}
	pass_free(&p);
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

static bool kept(const struct journal_log *log, const struct journal_rec *apply)
{
	for (size_t i = 0; i < log->n; i++) {
		const struct journal_rec *r = &log->rec[i];
		if (r->kind == JOURNAL_KEEP && r->nsid == apply->nsid && strcmp(r->txid, apply->txid) == 0 &&
		    strcmp(r->name, apply->name) == 0 && strcmp(r->ns, apply->ns) == 0)
			return true;
	}
	return false;
}

size_t recovery_drop_kept(const struct journal_log *log, struct recovery_item *items, size_t n)
{
	size_t left = 0;
	for (size_t i = 0; i < n; i++)
		if (!kept(log, items[i].rec))
			items[left++] = items[i];
	return left;
}
