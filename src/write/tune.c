/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/tune.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/bufprintf.h"
#include "base/grow.h"

static int write_value(const char *path, uint64_t v)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	char buf[32];
	int len = snprintf(buf, sizeof buf, "%" PRIu64 "\n", v);
	ssize_t w = write(fd, buf, (size_t)len);
	int ret = w == len ? 0 : w < 0 ? -errno : -EIO;
	if (close(fd) < 0 && ret == 0)
		ret = -errno;
	return ret;
}

static enum tune_status fail(struct tune_result *res, enum tune_status st, int index,
			     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum tune_status fail(struct tune_result *res, enum tune_status st, int index,
			     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(res->msg, sizeof res->msg, fmt, ap);
	va_end(ap);
	res->status = st;
	res->index = index;
	return st;
}

/* Appends a sentence to res->msg. */
#define also(res, ...) buf_appendf((res)->msg, sizeof (res)->msg, __VA_ARGS__)

/* Compare and set: the value must still be the one the user saw. */
static enum tune_status check_unchanged(const struct tune_ctx *t, const struct tune_change *c,
					int index, struct tune_result *res, uint64_t *now)
{
	int ret = tune_read(t, c->name, now);
	if (ret < 0)
		return fail(res, TUNE_WRITE, index, "cannot read %s: %s", c->name, strerror(-ret));
	if (*now == c->seen)
		return TUNE_OK;
	res->current = *now;
	return fail(res, TUNE_CHANGED, index,
		    "%s is now %" PRIu64 ", not %" PRIu64 " as shown: it was changed outside "
		    "this dialog. Nothing was written; look again.", c->name, *now, c->seen);
}

static void make_record(const struct tune_ctx *t, struct journal_rec *r, enum journal_kind kind,
			const char *txid, const char *reverts, const char *name,
			uint64_t old_value, uint64_t new_value)
{
	memset(r, 0, sizeof *r);
	r->when = (int64_t)time(NULL);
	r->kind = kind;
	snprintf(r->txid, sizeof r->txid, "%s", txid);
	snprintf(r->reverts, sizeof r->reverts, "%s", kind == JOURNAL_UNDO ? reverts : "");
	r->nsid = t->nsid;
	snprintf(r->ns, sizeof r->ns, "%s", t->ns);
	snprintf(r->name, sizeof r->name, "%s", name);
	r->old_value = old_value;
	r->new_value = new_value;
}

static int ensure_journal(struct tune_ctx *t, char *err, size_t n)
{
	if (t->journal.fd >= 0)
		return 0;
	return journal_open(&t->journal, t->journal_path, err, n);
}

static const char *write_problem(int err, const struct tune_change *c, char *buf, size_t n)
{
	switch (err) {
	case EINVAL:
	case ERANGE:
		if (tune_target_of(c->name) == TUNE_TIMEOUT && c->want > INT_MAX / 1000)
			snprintf(buf, n, "the kernel refused %" PRIu64 " for %s: it keeps timeouts in "
				 "jiffies, so it takes at most INT_MAX/HZ seconds (24 days at HZ=1000)",
				 c->want, c->name);
		else
			snprintf(buf, n, "the kernel refused %" PRIu64 " for %s (invalid argument)",
				 c->want, c->name);
		break;
	case EOPNOTSUPP:
		snprintf(buf, n, "the kernel changes %s only from the initial network namespace", c->name);
		break;
	case ENOMEM:
		snprintf(buf, n, "the kernel could not allocate memory for %s = %" PRIu64, c->name, c->want);
		break;
	case EACCES:
	case EPERM:
		tune_permission_problem(c->name, buf, n);
		break;
	default:
		snprintf(buf, n, "writing %s failed: %s", c->name, strerror(err));
	}
	return buf;
}

/* One change: re-check, journal, write, read back. On failure the result
 * says why, and *kept is what the system holds (when known). */
static enum tune_status apply_one(struct tune_ctx *t, const struct tune_change *c, int index,
				  enum journal_kind kind, const char *txid, const char *reverts,
				  struct tune_result *res, uint64_t *kept, bool *changed_system)
{
	*changed_system = false;
	uint64_t now;
	enum tune_status st = check_unchanged(t, c, index, res, &now);
	if (st != TUNE_OK) {
		if (st == TUNE_CHANGED)
			*kept = now;
		return st;
	}
	*kept = now;
	struct journal_rec rec;
	make_record(t, &rec, kind, txid, reverts, c->name, c->seen, c->want);
	int ret = journal_append(&t->journal, &rec);
	if (ret < 0) {
		res->err = -ret;
		if (t->journal.why[0])
			return fail(res, TUNE_JOURNAL, index, "%s: %s was not changed",
				    t->journal.why, c->name);
		return fail(res, TUNE_JOURNAL, index, "cannot write the journal %s (%s): %s was not changed",
			    t->journal_path, strerror(-ret), c->name);
	}
	char path[512];
	tune_path(t, c->name, path, sizeof path);
	int back = tune_global_begin(t, c->name);
	ret = back < -1 ? back : write_value(path, c->want);
	tune_global_end(back);
	uint64_t after;
	int rret = tune_read(t, c->name, &after);
	if (rret == 0) {
		*kept = after;
		*changed_system = after != c->seen;
	}
	int aret = 0;
	if (rret == 0 && after != c->want) {
		/* the journal must say what the system really holds */
		make_record(t, &rec, JOURNAL_ACTUAL, txid, "", c->name, c->want, after);
		aret = journal_append(&t->journal, &rec);
	}
	if (ret < 0) {
		char why[256];
		res->err = -ret;
		write_problem(-ret, c, why, sizeof why);
		if (rret == 0 && after == c->seen)
			st = fail(res, TUNE_WRITE, index, "%s. It still holds %" PRIu64 ": nothing was "
				  "changed.", why, after);
		else
			st = fail(res, TUNE_WRITE, index, "%s", why);
	} else if (rret < 0) {
		st = fail(res, TUNE_VERIFY, index, "%s was written but cannot be read back: %s",
			  c->name, strerror(-rret));
	} else if (after != c->want) {
		res->current = after;
		st = fail(res, TUNE_VERIFY, index, "%s: wrote %" PRIu64 " but the kernel kept %" PRIu64,
			  c->name, c->want, after);
	}
	if (aret < 0)
		also(res, "The journal could not record that %s is %" PRIu64 " (%s): it still says %"
		     PRIu64 ".", c->name, after, strerror(-aret), c->want);
	return st;
}

/* Room in this session's list for all a plan can add to it: one entry
 * per change applied, and one more per change a failed roll-back leaves
 * moved. Taken before anything is written, so that no change ever goes
 * missing from the undo list for want of memory. */
static int reserve_done(struct tune_ctx *t, unsigned changes)
{
	struct tune_done *v = grow_array(t->done, &t->capdone, t->ndone + 2 * (size_t)changes,
					 sizeof *v, 16);
	if (!v)
		return -ENOMEM;
	t->done = v;
	return 0;
}

/* Within the room reserve_done made. */
static void remember(struct tune_ctx *t, const char *txid, const char *name,
		     uint64_t old_value, uint64_t new_value)
{
	assert(t->ndone < t->capdone);
	struct tune_done *d = &t->done[t->ndone++];
	memset(d, 0, sizeof *d);
	snprintf(d->txid, sizeof d->txid, "%s", txid);
	snprintf(d->name, sizeof d->name, "%s", name);
	d->old_value = old_value;
	d->new_value = new_value;
}

static void forget(struct tune_ctx *t, const char *txid, const char *name)
{
	for (size_t i = t->ndone; i-- > 0;) {
		struct tune_done *d = &t->done[i];
		if (!d->undone && strcmp(d->txid, txid) == 0 && strcmp(d->name, name) == 0) {
			d->undone = true;
			return;
		}
	}
}

/* Put back, newest first, the first `count` changes of an apply plan
 * (transaction txid). cur_last is what the system holds for the last of
 * them, which may differ from its want when the kernel kept another value. */
static void roll_back(struct tune_ctx *t, const struct tune_plan *p, unsigned count,
		      const char *txid, uint64_t cur_last, struct tune_result *res)
{
	if (count == 0)
		return;
	char rtx[JOURNAL_ID_MAX];
	journal_new_txid(rtx, sizeof rtx);
	unsigned failed = 0;
	for (unsigned i = count; i-- > 0;) {
		struct tune_change back = p->c[i];
		back.seen = i == count - 1 ? cur_last : p->c[i].want;
		back.want = p->c[i].seen;
		struct tune_result r = { .index = -1 };
		uint64_t kept;
		bool changed;
		if (back.seen == back.want)
			continue;
		if (apply_one(t, &back, (int)i, JOURNAL_UNDO, rtx, txid, &r, &kept, &changed) == TUNE_OK) {
			forget(t, txid, p->c[i].name);
		} else {
			failed++;
			also(res, "Putting %s back failed (%s); it stays at %" PRIu64 " and `u` or "
			     "--undo-last can revert it.", p->c[i].name, r.msg, kept);
			forget(t, txid, p->c[i].name);
			if (kept != p->c[i].seen)
				remember(t, txid, p->c[i].name, p->c[i].seen, kept);
		}
	}
	if (!failed)
		also(res, "What the plan had changed was put back as it was.");
}

static enum tune_status preflight(const struct tune_ctx *t, const struct tune_plan *p,
				  struct tune_result *res)
{
	char why[320];
	const char *ro = tune_writes_refused(t);
	if (ro)
		return fail(res, TUNE_REFUSED, -1, "%s", ro);
	for (unsigned i = 0; i < p->n; i++) {
		const struct tune_change *c = &p->c[i];
		const char *bad = tune_validate(c->name, c->want, why, sizeof why);
		if (bad)
			return fail(res, TUNE_INVALID, (int)i, "%s: %s", c->name, bad);
		if (p->undo != (c->reverts[0] != '\0'))
			return fail(res, TUNE_INVALID, (int)i, "%s: a plan mixes changes and undos", c->name);
		bad = tune_refusal(t, c->name, why, sizeof why);
		if (bad)
			return fail(res, TUNE_REFUSED, (int)i, "%s", bad);
	}
	/* compare-and-set up front, so a stale plan writes nothing at all;
	 * a later change of the same setting starts from the earlier one */
	for (unsigned i = 0; i < p->n; i++) {
		const struct tune_change *c = &p->c[i];
		int prev = -1;
		for (unsigned k = 0; k < i; k++)
			if (strcmp(p->c[k].name, c->name) == 0)
				prev = (int)k;
		if (prev >= 0) {
			if (p->c[prev].want != c->seen)
				return fail(res, TUNE_INVALID, (int)i, "%s: the plan does not chain "
					    "(%" PRIu64 " then from %" PRIu64 ")", c->name,
					    p->c[prev].want, c->seen);
			continue;
		}
		uint64_t now;
		enum tune_status st = check_unchanged(t, c, (int)i, res, &now);
		if (st != TUNE_OK)
			return st;
	}
	return TUNE_OK;
}

static void success_message(const struct tune_plan *p, struct tune_result *res)
{
	if (p->n == 1)
		snprintf(res->msg, sizeof res->msg, "%s%s: %" PRIu64 " -> %" PRIu64 ", read back %" PRIu64,
			 p->undo ? "undone, " : "", p->c[0].name, p->c[0].seen, p->c[0].want, p->c[0].want);
	else
		snprintf(res->msg, sizeof res->msg, "%s%s: %u changes %s and read back",
			 p->title[0] ? p->title : "plan", p->undo ? " undone" : "", p->n,
			 p->undo ? "reverted" : "applied");
}

enum tune_status tune_apply(struct tune_ctx *t, const struct tune_plan *p, struct tune_result *res)
{
	memset(res, 0, sizeof *res);
	res->index = -1;
	if (p->n == 0) {
		snprintf(res->msg, sizeof res->msg, "nothing to change");
		return TUNE_OK;
	}
	enum tune_status st = preflight(t, p, res);
	if (st != TUNE_OK)
		return st;
	if (reserve_done(t, p->n) < 0) {
		res->err = ENOMEM;
		return fail(res, TUNE_NOMEM, -1, "out of memory: nothing was changed");
	}
	char err[320];
	int ret = ensure_journal(t, err, sizeof err);
	if (ret < 0) {
		res->err = -ret;
		return fail(res, TUNE_JOURNAL, -1, "%s: nothing was changed", err);
	}
	char txid[JOURNAL_ID_MAX];
	journal_new_txid(txid, sizeof txid);
	enum journal_kind kind = p->undo ? JOURNAL_UNDO : JOURNAL_APPLY;
	for (unsigned i = 0; i < p->n; i++) {
		const struct tune_change *c = &p->c[i];
		uint64_t kept;
		bool changed;
		st = apply_one(t, c, (int)i, kind, txid, c->reverts, res, &kept, &changed);
		if (st != TUNE_OK) {
			if (p->undo) {
				res->done = i;
				if (i > 0)
					also(res, "%u of the %u undos before it were done.", i, p->n);
			} else {
				/* the failing change is put back too if it moved the value */
				unsigned moved = changed ? i + 1 : i;
				uint64_t last_now = changed ? kept : i ? p->c[i - 1].want : 0;
				roll_back(t, p, moved, txid, last_now, res);
				res->done = 0;
			}
			return st;
		}
		if (p->undo)
			forget(t, c->reverts, c->name);
		else
			remember(t, txid, c->name, c->seen, c->want);
		res->done = i + 1;
	}
	success_message(p, res);
	return TUNE_OK;
}

int tune_note(struct tune_ctx *t, const char *what, char *err, size_t n)
{
	int ret = ensure_journal(t, err, n);
	if (ret < 0)
		return ret;
	ret = journal_append_note(&t->journal, (int64_t)time(NULL), t->nsid, t->ns, what);
	if (ret < 0)
		snprintf(err, n, "cannot write the journal %s: %s", t->journal_path, strerror(-ret));
	return ret;
}

int tune_keep(struct tune_ctx *t, const struct tune_plan *p, char *err, size_t n)
{
	int ret = ensure_journal(t, err, n);
	for (unsigned i = 0; ret == 0 && i < p->n; i++) {
		const struct tune_change *c = &p->c[i];
		struct journal_rec rec;
		/* the apply record it keeps: its transaction, old and new */
		make_record(t, &rec, JOURNAL_KEEP, c->reverts, "", c->name, c->want, c->seen);
		ret = journal_append(&t->journal, &rec);
		if (ret < 0)
			snprintf(err, n, "cannot write the journal %s: %s", t->journal_path,
				 strerror(-ret));
	}
	return ret;
}
