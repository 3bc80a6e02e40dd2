/* SPDX-License-Identifier: GPL-2.0-or-later */
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
	char *what;
	va_list ap;
	va_start(ap, fmt);
	int len = vasprintf(&what, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -ENOMEM;
	int ret = journal_append_note(j, (int64_t)time(NULL), w->nsid, w->ns ? w->ns : "", what);
	free(what);
	return ret;
}

static void count_failure(struct ctdel_count *c, int err)
{
	c->failed++;
	if (!c->first_err)
		c->first_err = err;
}

/* The targets the kernel said it did not find (-ENOENT), by id. */
struct gone_one {
	const struct ct_target *t;
	bool listed; /* the read-back's dump still lists it */
};

struct gone_list {
	struct gone_one *t;
	size_t n, cap;
	size_t stayed;
};

static int by_id(const void *a, const void *b)
{
	uint32_t x = ((const struct gone_one *)a)->t->id, y = ((const struct gone_one *)b)->t->id;
	return x < y ? -1 : x > y;
}

static bool same_orig(const struct ct_tuple *a, const struct ct_tuple *b)
{
	return a->l4proto == b->l4proto && memcmp(a->src, b->src, sizeof a->src) == 0 &&
	       memcmp(a->dst, b->dst, sizeof a->dst) == 0 && a->sport == b->sport &&
	       a->dport == b->dport && a->icmp_id == b->icmp_id;
}

/* One entry of the read-back: a "gone" target still in the table (same
 * id, same original tuple) is marked, once however often a dump repeats it. */
static int still_there(const struct ct_entry *e, void *arg)
{
	struct gone_list *g = arg;
	if (!e->has_id)
		return 0;
	struct ct_target key_target = { .id = e->id };
	struct gone_one key = { .t = &key_target };
	struct gone_one *hit = bsearch(&key, g->t, g->n, sizeof *g->t, by_id);
	if (hit && !hit->listed && same_orig(&hit->t->orig, &e->orig)) {
		hit->listed = true;
		g->stayed++;
	}
	return 0;
}

/* An entry the kernel did not find by the request's tuple may still be
 * there (a zone the request did not name): "already gone" only after a
 * dump says so. Those still listed, or all of them when the table cannot
 * be read, count as failed. */
static void verify_gone(struct gone_list *g, struct ctdel_count *c)
{
	if (g->n == 0)
		return;
	qsort(g->t, g->n, sizeof *g->t, by_id);
	int ret = -EAGAIN;
	for (int i = 0; i < 3 && ret < 0; i++) {
		struct nlconn nc = { 0 };
		struct list_dump_stats st;
		g->stayed = 0;
		for (size_t k = 0; k < g->n; k++)
			g->t[k].listed = false;
		ret = nlconn_open(&nc);
		if (ret == 0)
			ret = ct_list_dump(&nc, still_there, g, &st, NULL, NULL);
		nlconn_close(&nc);
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
	}
	size_t unproven = ret < 0 ? g->n : g->stayed;
	for (size_t i = 0; i < unproven; i++) {
		c->gone--;
		count_failure(c, ret < 0 ? ret : -ENOENT);
	}
}

static void delete_each(const struct ctdel_set *s, struct ct_deleter *d, struct ctdel_count *c,
			struct gone_list *g, ctdel_progress_fn progress, void *arg)
{
	for (size_t i = 0; i < s->n; i++) {
		int ret = ctdel_one(d, &s->target[i]);
		struct gone_one *slot;
		if (ret == 0)
			c->deleted++;
		else if (ret == -ENOENT && s->target[i].has_id &&
			 (slot = grow_array(g->t, &g->cap, g->n + 1, sizeof *slot, 64))) {
			g->t = slot;
			g->t[g->n++] = (struct gone_one){ .t = &s->target[i] };
			c->gone++;
		} else
			count_failure(c, ret);
		if (progress && !progress(i + 1, arg)) {
			c->untried = s->n - (i + 1);
			return;
		}
	}
}

const char *ctdel_failure_text(int err)
{
	return err == -ENOENT ? "the kernel did not find the entry it was asked for, and it is "
				"still in the table" : strerror(-err);
}

const char *ctdel_refused(const struct ctdel_where *w)
{
	return w->read_only ? "read-only mode (--read-only): ctdash changes nothing" : NULL;
}

int ctdel_run(const struct ctdel_where *w, const char *what, const struct ctdel_set *s,
	      struct ctdel_count *c, ctdel_progress_fn progress, void *arg, char *err, size_t errlen)
{
	struct journal j;
	memset(c, 0, sizeof *c);
	err[0] = '\0';
	const char *refused = ctdel_refused(w);
	if (refused) {
		snprintf(err, errlen, "%s", refused);
		return -EPERM;
	}
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
		struct gone_list g = { 0 };
		delete_each(s, d, c, &g, progress, arg);
		ctdel_close(d);
		verify_gone(&g, c);
		free(g.t);
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
