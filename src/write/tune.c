#include "write/tune.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/names.h"
#include "collect/netns.h"
#include "collect/sysctl.h"

void tune_init(struct tune_ctx *t, const char *ns_label, const char *journal_path, bool read_only)
{
	memset(t, 0, sizeof *t);
	snprintf(t->sysctl_dir, sizeof t->sysctl_dir, "%s", CT_SYSCTL_DIR);
	snprintf(t->max_path, sizeof t->max_path, "%s/%s", CT_SYSCTL_DIR, TUNE_MAX_NAME);
	snprintf(t->hashsize_path, sizeof t->hashsize_path, "%s", CT_HASHSIZE_PATH);
	snprintf(t->journal_path, sizeof t->journal_path, "%s",
		 journal_path ? journal_path : JOURNAL_DEFAULT_PATH);
	snprintf(t->ns, sizeof t->ns, "%s", ns_label ? ns_label : "");
	t->read_only = read_only;
	t->journal.fd = -1;
	t->ns_named = netns_label_is_current(t->ns) == 1;

	struct stat self, init, max;
	t->initial_ns = -1;
	if (stat("/proc/self/ns/net", &self) == 0)
		t->nsid = self.st_ino;
	/* pid 1's namespace is the initial one, when we may look at it;
	 * otherwise the kernel's own mark: outside the initial namespace it
	 * makes nf_conntrack_max read-only (0444) */
	if (t->nsid && stat("/proc/1/ns/net", &init) == 0)
		t->initial_ns = self.st_ino == init.st_ino && self.st_dev == init.st_dev;
	else if (stat(CT_SYSCTL_DIR "/" TUNE_MAX_NAME, &max) == 0)
		t->initial_ns = (max.st_mode & S_IWUSR) != 0;
}

void tune_free(struct tune_ctx *t)
{
	journal_close(&t->journal);
	free(t->done);
	t->done = NULL;
	t->ndone = t->capdone = 0;
}

enum tune_target tune_target_of(const char *name)
{
	if (!name)
		return TUNE_UNKNOWN;
	if (strcmp(name, TUNE_HASHSIZE_NAME) == 0)
		return TUNE_HASHSIZE;
	if (strcmp(name, TUNE_MAX_NAME) == 0)
		return TUNE_MAX;
	return is_timeout_sysctl(name) ? TUNE_TIMEOUT : TUNE_UNKNOWN;
}

int tune_path(const struct tune_ctx *t, const char *name, char *buf, size_t n)
{
	int len;
	switch (tune_target_of(name)) {
	case TUNE_TIMEOUT:
		len = snprintf(buf, n, "%s/%s", t->sysctl_dir, name);
		break;
	case TUNE_MAX:
		len = snprintf(buf, n, "%s", t->max_path);
		break;
	case TUNE_HASHSIZE:
		len = snprintf(buf, n, "%s", t->hashsize_path);
		break;
	default:
		return -EINVAL;
	}
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

int tune_read(const struct tune_ctx *t, const char *name, uint64_t *value)
{
	char path[512];
	int ret = tune_path(t, name, path, sizeof path);
	return ret < 0 ? ret : read_u64_file(path, value);
}

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

const char *tune_writes_refused(const struct tune_ctx *t)
{
	if (t->read_only)
		return "read-only mode (--read-only): ctdash changes nothing";
	/* writes would reach a namespace nobody can name any more */
	if (t->ns_named && netns_label_is_current(t->ns) == 0)
		return "the namespace ctdash was asked to read is gone (its name or process no "
		       "longer points at it): ctdash changes nothing in it";
	return NULL;
}

static const char *ns_shown(const struct tune_ctx *t)
{
	return t->ns[0] ? t->ns : "ctdash's own";
}

const char *tune_refusal(const struct tune_ctx *t, const char *name, char *buf, size_t n)
{
	const char *ro = tune_writes_refused(t);
	if (ro)
		return snprintf(buf, n, "%s", ro), buf;
	enum tune_target target = tune_target_of(name);
	if (target == TUNE_UNKNOWN)
		return snprintf(buf, n, "%s is not a setting ctdash changes", name), buf;
	if (target == TUNE_MAX && t->initial_ns == 0)
		return snprintf(buf, n, "nf_conntrack_max is global: the kernel lets only the initial "
			 "network namespace change it, and this is namespace '%s'", ns_shown(t)), buf;
	if (target == TUNE_HASHSIZE && t->initial_ns == 0)
		return snprintf(buf, n, "the bucket count (hashsize) is global: it can be changed only "
			 "from the initial network namespace, and this is namespace '%s'", ns_shown(t)), buf;
	char path[512];
	if (tune_path(t, name, path, sizeof path) < 0)
		return snprintf(buf, n, "%s: path too long", name), buf;
	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0)
		return NULL;
	int e = errno;
	if (e == ENOENT)
		snprintf(buf, n, "this kernel has no %s (%s)", name, path);
	else if (e == EROFS)
		snprintf(buf, n, "%s is on a read-only file system (as /proc/sys is in many containers)", path);
	else if ((e == EACCES || e == EPERM) && geteuid() == 0 && target == TUNE_MAX)
		snprintf(buf, n, "nf_conntrack_max is read-only here: the kernel lets only the initial "
			 "network namespace change it");
	else if (e == EACCES || e == EPERM)
		snprintf(buf, n, "changing %s needs root (CAP_NET_ADMIN in this namespace)", name);
	else
		snprintf(buf, n, "%s cannot be written: %s", path, strerror(e));
	return buf;
}

const char *tune_validate(const char *name, uint64_t value, char *buf, size_t n)
{
	switch (tune_target_of(name)) {
	case TUNE_TIMEOUT:
		if (value == 0)
			return snprintf(buf, n, "0 would end every entry in this state at once: "
					"ctdash writes at least 1 second"), buf;
		if (value > INT_MAX)
			return snprintf(buf, n, "a timeout can be at most %d seconds", INT_MAX), buf;
		return NULL;
	case TUNE_MAX:
		if (value == 0)
			return snprintf(buf, n, "0 would remove the limit on the table: ctdash writes at least 1"), buf;
		if (value > INT_MAX)
			return snprintf(buf, n, "nf_conntrack_max can be at most %d", INT_MAX), buf;
		return NULL;
	case TUNE_HASHSIZE:
		if (value == 0)
			return snprintf(buf, n, "the table needs at least 1 bucket"), buf;
		if (value > TUNE_HASHSIZE_LIMIT)
			return snprintf(buf, n, "the kernel takes at most %u buckets", TUNE_HASHSIZE_LIMIT), buf;
		return NULL;
	default:
		return snprintf(buf, n, "%s is not a setting ctdash changes", name), buf;
	}
}

void tune_plan_init(struct tune_plan *p, const char *title)
{
	memset(p, 0, sizeof *p);
	snprintf(p->title, sizeof p->title, "%s", title ? title : "");
}

int tune_plan_add(struct tune_plan *p, const char *name, uint64_t seen, uint64_t want,
		  const char *reverts)
{
	if (strlen(name) >= CT_SYSCTL_NAME_MAX || (reverts && strlen(reverts) >= JOURNAL_ID_MAX))
		return -EINVAL;
	if (p->n == p->cap) {
		unsigned cap = p->cap ? p->cap * 2 : 8;
		struct tune_change *v = realloc(p->c, cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		p->c = v;
		p->cap = cap;
	}
	struct tune_change *c = &p->c[p->n++];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->seen = seen;
	c->want = want;
	snprintf(c->reverts, sizeof c->reverts, "%s", reverts ? reverts : "");
	return 0;
}

void tune_plan_rebase(struct tune_plan *p, unsigned i, uint64_t seen)
{
	if (i < p->n)
		p->c[i].seen = seen;
}

void tune_plan_free(struct tune_plan *p)
{
	free(p->c);
	memset(p, 0, sizeof *p);
}

/* --- applying --------------------------------------------------------- */

static enum tune_status fail(struct tune_result *res, enum tune_status st, int index,
			     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum tune_status fail(struct tune_result *res, enum tune_status st, int index,
			     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof res->msg, fmt, ap);
	va_end(ap);
	res->status = st;
	res->index = index;
	return st;
}

/* Appends a sentence to res->msg. */
static void also(struct tune_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void also(struct tune_result *res, const char *fmt, ...)
{
	size_t len = strlen(res->msg);
	if (len + 2 >= sizeof res->msg)
		return;
	res->msg[len++] = ' ';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->msg + len, sizeof res->msg - len, fmt, ap);
	va_end(ap);
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
		snprintf(buf, n, "no permission to write %s: needs root (CAP_NET_ADMIN)", c->name);
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
	int ret = tune_read(t, c->name, &now);
	if (ret < 0)
		return fail(res, TUNE_WRITE, index, "cannot read %s: %s", c->name, strerror(-ret));
	*kept = now;
	if (now != c->seen) {
		res->current = now;
		return fail(res, TUNE_CHANGED, index,
			    "%s is now %" PRIu64 ", not %" PRIu64 " as shown: it was changed outside "
			    "this dialog. Nothing was written; look again.", c->name, now, c->seen);
	}
	struct journal_rec rec;
	make_record(t, &rec, kind, txid, reverts, c->name, c->seen, c->want);
	ret = journal_append(&t->journal, &rec);
	if (ret < 0) {
		res->err = -ret;
		return fail(res, TUNE_JOURNAL, index, "cannot write the journal %s (%s): %s was not changed",
			    t->journal_path, strerror(-ret), c->name);
	}
	char path[512];
	tune_path(t, c->name, path, sizeof path);
	ret = write_value(path, c->want);
	uint64_t after;
	int rret = tune_read(t, c->name, &after);
	if (rret == 0) {
		*kept = after;
		*changed_system = after != c->seen;
	}
	if (rret == 0 && after != c->want) {
		/* the journal must say what the system really holds */
		make_record(t, &rec, JOURNAL_ACTUAL, txid, "", c->name, c->want, after);
		journal_append(&t->journal, &rec);
	}
	if (ret < 0) {
		char why[256];
		res->err = -ret;
		return fail(res, TUNE_WRITE, index, "%s", write_problem(-ret, c, why, sizeof why));
	}
	if (rret < 0)
		return fail(res, TUNE_VERIFY, index, "%s was written but cannot be read back: %s",
			    c->name, strerror(-rret));
	if (after != c->want) {
		res->current = after;
		return fail(res, TUNE_VERIFY, index, "%s: wrote %" PRIu64 " but the kernel kept %" PRIu64,
			    c->name, c->want, after);
	}
	return TUNE_OK;
}

static int remember(struct tune_ctx *t, const char *txid, const char *name,
		    uint64_t old_value, uint64_t new_value)
{
	if (t->ndone == t->capdone) {
		size_t cap = t->capdone ? t->capdone * 2 : 16;
		struct tune_done *v = realloc(t->done, cap * sizeof *v);
		if (!v)
			return -ENOMEM;
		t->done = v;
		t->capdone = cap;
	}
	struct tune_done *d = &t->done[t->ndone++];
	memset(d, 0, sizeof *d);
	snprintf(d->txid, sizeof d->txid, "%s", txid);
	snprintf(d->name, sizeof d->name, "%s", name);
	d->old_value = old_value;
	d->new_value = new_value;
	return 0;
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
		int ret = tune_read(t, c->name, &now);
		if (ret < 0)
			return fail(res, TUNE_WRITE, (int)i, "cannot read %s: %s", c->name, strerror(-ret));
		if (now != c->seen) {
			res->current = now;
			return fail(res, TUNE_CHANGED, (int)i,
				    "%s is now %" PRIu64 ", not %" PRIu64 " as shown: it was changed "
				    "outside this dialog. Nothing was written; look again.",
				    c->name, now, c->seen);
		}
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

/* --- undo ---------------------------------------------------------------- */

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
	return recovery_in_force(log, t->nsid, t->ns, read_for_recovery, (void *)t, items, max);
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
		snprintf(err, errlen, "cannot read the journal %s: %s", t->journal_path,
			 ret == -ELOOP ? "it is a symbolic link" : strerror(-ret));
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
