#include "write/ctdel_run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/grow.h"
#include "collect/dump_entries.h"
#include "collect/sysctl.h"
#include "write/journal.h"

bool ctdel_is_big(uint64_t matched, uint64_t total)
{
	if (matched == 0)
		return false;
	/* matched >= total: the whole table, however small. Else matched is
	 * more than total x P / 100 exactly when it is more than its floor,
	 * computed without overflow. */
	uint64_t share = total / 100 * CTDEL_BIG_PERCENT + total % 100 * CTDEL_BIG_PERCENT / 100;
	return matched >= total || matched > share;
}

int ctdel_set_add(struct ctdel_set *s, const struct ct_entry *e)
{
	struct ct_target *t = grow_array(s->target, &s->cap, s->n + 1, sizeof *t, 1024);
	if (!t)
		return -ENOMEM;
	s->target = t;
	if (s->n < CTDEL_SAMPLE)
		s->sample[s->n] = *e;
	ct_target_of(&s->target[s->n++], e);
	return 0;
}

void ctdel_set_free(struct ctdel_set *s)
{
	free(s->target);
	memset(s, 0, sizeof *s);
}

struct collect_run {
	struct ctdel_set *s;
	const struct ct_filter *f;
	ctdel_tick_fn tick;
	void *arg;
};

static int take(const struct ct_entry *e, void *arg)
{
	struct collect_run *cr = arg;
	cr->s->total++;
	return filter_match(cr->f, e) ? ctdel_set_add(cr->s, e) : 0;
}

static bool on_tick(void *arg)
{
	struct collect_run *cr = arg;
	return cr->tick(cr->s->total, cr->arg);
}

int ctdel_collect(struct ctdel_set *s, const struct ct_filter *f, ctdel_tick_fn tick, void *arg)
{
	struct collect_run cr = { .s = s, .f = f, .tick = tick, .arg = arg };
	int ret = -EAGAIN;
	for (int i = 0; i < 3; i++) {
		struct nlconn nc = { 0 };
		struct list_dump_stats st = { 0 };
		uint64_t count;
		s->n = 0;
		s->total = 0;
		ret = nlconn_open(&nc);
		if (ret == 0)
			ret = ct_list_dump_where(&nc, f, take, &cr, &st, tick ? on_tick : NULL, &cr);
		nlconn_close(&nc);
		/* the kernel filtered the dump: the table's size, which the big
		 * share is judged against, is its count */
		if (st.pushed && sysctl_read_u64("nf_conntrack_count", &count) == 0 && count > s->total)
			s->total = count;
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
	}
	return ret;
}

static int journal_note(struct journal *j, const struct ctdel_where *w, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int journal_note(struct journal *j, const struct ctdel_where *w, const char *fmt, ...)
{
	char what[JOURNAL_LINE_MAX / 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return journal_append_note(j, (int64_t)time(NULL), w->nsid, w->ns ? w->ns : "", what);
}

static void delete_each(const struct ctdel_set *s, struct ct_deleter *d, struct ctdel_count *c,
			ctdel_progress_fn progress, void *arg)
{
	for (size_t i = 0; i < s->n; i++) {
		int ret = ctdel_one(d, &s->target[i]);
		if (ret == 0)
			c->deleted++;
		else if (ret == -ENOENT)
			c->gone++;
		else {
			c->failed++;
			if (!c->first_err)
				c->first_err = ret;
		}
		if (progress && !progress(i + 1, arg)) {
			c->untried = s->n - (i + 1);
			return;
		}
	}
}

int ctdel_run(const struct ctdel_where *w, const char *what, const struct ctdel_set *s,
	      struct ctdel_count *c, ctdel_progress_fn progress, void *arg, char *err, size_t errlen)
{
	struct journal j;
	memset(c, 0, sizeof *c);
	err[0] = '\0';
	char why[256];
	int ret = journal_open(&j, w->journal_path ? w->journal_path : JOURNAL_DEFAULT_PATH, why,
			       sizeof why);
	if (ret < 0) {
		snprintf(err, errlen, "the journal cannot be written: %s", why);
		return ret;
	}
	ret = journal_note(&j, w, "delete %s matched=%zu of=%" PRIu64, what, s->n, s->total);
	if (ret < 0) {
		snprintf(err, errlen, "the journal cannot be written: %s", strerror(-ret));
		journal_close(&j);
		return ret;
	}
	struct ct_deleter *d = ctdel_open();
	if (d) {
		delete_each(s, d, c, progress, arg);
		ctdel_close(d);
	} else {
		ret = -errno;
		snprintf(err, errlen, "cannot open a netlink socket: %s", strerror(errno));
	}
	/* the first note is in: the result goes beside it, even "none" */
	char stopped[48] = "";
	if (c->untried)
		snprintf(stopped, sizeof stopped, " stopped untried %" PRIu64, c->untried);
	c->unrecorded = journal_note(&j, w, "deleted %" PRIu64 " already_gone %" PRIu64
				     " failed %" PRIu64 "%s %s", c->deleted, c->gone, c->failed,
				     stopped, what) < 0;
	journal_close(&j);
	return ret;
}
