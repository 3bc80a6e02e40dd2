/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/ctdel_job.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/format.h"
#include "base/worker.h"
#include "model/filter.h"
#include "model/labels.h"

struct ctdel_job {
	pthread_t thread;
	pthread_mutex_t lock;
	struct ctdel_request rq;  /* the thread's own copy */
	struct ctdel_status st;   /* under lock */
	atomic_bool stop;         /* ctdel_job_stop: leave the rest */
};

char *ctdel_entry_text(const struct ct_entry *e, char *buf, size_t n)
{
	char s[INET6_ADDRSTRLEN] = "?", d[INET6_ADDRSTRLEN] = "?", num[8];
	const struct ct_tuple *t = &e->orig;
	const char *l4 = ct_l4_name(e->l4proto);
	if (!l4) {
		snprintf(num, sizeof num, "%u", e->l4proto);
		l4 = num;
	}
	if (t->has & CT_TUPLE_SRC)
		inet_ntop(e->family, t->src, s, sizeof s);
	if (t->has & CT_TUPLE_DST)
		inet_ntop(e->family, t->dst, d, sizeof d);
	if (t->has & CT_TUPLE_PORTS)
		snprintf(buf, n, "%s %s port %u -> %s port %u id %" PRIu32, l4, s, t->sport, d,
			 t->dport, e->id);
	else
		snprintf(buf, n, "%s %s -> %s id %" PRIu32, l4, s, d, e->id);
	return buf;
}

static void set_status(struct ctdel_job *job, enum ctdel_phase phase, uint64_t read,
		       uint64_t tried, uint64_t n)
{
	pthread_mutex_lock(&job->lock);
	job->st.phase = phase;
	job->st.read = read;
	job->st.tried = tried;
	job->st.n = n;
	pthread_mutex_unlock(&job->lock);
}

static bool on_read(uint64_t read, void *arg)
{
	struct ctdel_job *job = arg;
	set_status(job, CTDEL_READING, read, 0, 0);
	return !atomic_load(&job->stop);
}

struct deleting {
	struct ctdel_job *job;
	uint64_t n;
};

static bool on_deleted(uint64_t tried, void *arg)
{
	struct deleting *dl = arg;
	set_status(dl->job, CTDEL_DELETING, 0, tried, dl->n);
	return !atomic_load(&dl->job->stop);
}

/* The set to delete: the one entry, or what the filter matches now. 0,
 * or -errno with the sentence in st->msg. */
static int make_set(struct ctdel_job *job, struct ctdel_set *set, struct ctdel_status *st)
{
	const struct ctdel_request *rq = &job->rq;
	if (rq->one) {
		set->total = rq->seen_total;
		return ctdel_set_add(set, &rq->entry);
	}
	struct ct_filter f;
	struct filter_error fe;
	int ret = -EINVAL;
	if (filter_parse(rq->filter, strlen(rq->filter), &f, &fe) < 0)
		snprintf(st->msg, sizeof st->msg, "the filter does not parse at column %zu: %s",
			 fe.pos + 1, fe.msg);
	else if ((ret = ctdel_collect(set, &f, on_read, job)) == -ECANCELED)
		snprintf(st->msg, sizeof st->msg, "the delete was stopped while it read the table: "
			 "nothing deleted");
	else if (ret < 0)
		snprintf(st->msg, sizeof st->msg, "cannot read the conntrack table: %s", strerror(-ret));
	filter_free(&f);
	return ret;
}

/* Nothing to do, or more than the user confirmed: true with st->msg. */
static bool refuse(const struct ctdel_request *rq, const struct ctdel_set *set,
		   struct ctdel_status *st)
{
	char a[32], b[48];
	if (set->n == 0) {
		/* the filter is the list's, shown above: it may be long */
		snprintf(st->msg, sizeof st->msg, "nothing matches the filter any more: nothing deleted");
		return true;
	}
	if (rq->one || rq->big_confirmed || !ctdel_is_big(set->n, set->total))
		return false;
	st->refused = true;
	snprintf(st->msg, sizeof st->msg, "the filter now matches %s of %s, more than %d%% of "
		 "the table, which was not confirmed twice: nothing deleted",
		 fmt_count(a, sizeof a, set->n), fmt_counted(b, sizeof b, set->total, "entry", "entries"),
		 CTDEL_BIG_PERCENT);
	return true;
}

void ctdel_result_text(const struct ctdel_status *st, char *buf, size_t n)
{
	char left[64] = "", d[32], g[32], f[32];
	if (st->c.untried)
		snprintf(left, sizeof left, "stopped with %s left: ", fmt_count(d, sizeof d, st->c.untried));
	snprintf(buf, n, "%sdeleted %s, already gone %s, failed %s%s%s%s", left,
		 fmt_count(d, sizeof d, st->c.deleted), fmt_count(g, sizeof g, st->c.gone),
		 fmt_count(f, sizeof f, st->c.failed), st->c.failed ? " (first failure: " : "",
		 st->c.failed ? ctdel_failure_text(st->c.first_err) : "", st->c.failed ? ")" : "");
	if (st->c.unrecorded)
		snprintf(buf + strlen(buf), n - strlen(buf), "; the result could not be journalled");
}

static void *run(void *arg)
{
	struct ctdel_job *job = arg;
	const struct ctdel_request *rq = &job->rq;
	struct ctdel_set set = { 0 };
	struct ctdel_status st = { .phase = CTDEL_DONE };
	struct ctdel_where w = { rq->journal_path, rq->nsid, rq->ns, rq->read_only };
	const char *no = ctdel_refused(&w);
	int ret = no ? -EPERM : make_set(job, &set, &st);
	if (no)
		snprintf(st.msg, sizeof st.msg, "nothing deleted: %s", no);
	if (ret == 0 && !refuse(rq, &set, &st)) {
		char what[CT_LIST_FILTER_MAX + 200], text[160], err[320];
		struct deleting dl = { job, set.n };
		if (rq->one)
			snprintf(what, sizeof what, "entry='%s'",
				 ctdel_entry_text(&rq->entry, text, sizeof text));
		else
			snprintf(what, sizeof what, "filter='%s'", rq->filter);
		set_status(job, CTDEL_DELETING, 0, 0, set.n);
		ret = ctdel_run(&w, what, &set, &st.c, on_deleted, &dl, err, sizeof err);
		if (ret < 0)
			snprintf(st.msg, sizeof st.msg, "nothing deleted: %s", err);
		else
			ctdel_result_text(&st, st.msg, sizeof st.msg);
	}
	st.err = ret;
	st.stopped = ret == -ECANCELED || st.c.untried > 0;
	st.n = set.n;
	st.tried = st.c.deleted + st.c.gone + st.c.failed;
	st.total = set.total;
	ctdel_set_free(&set);
	pthread_mutex_lock(&job->lock);
	job->st = st;
	pthread_mutex_unlock(&job->lock);
	return NULL;
}

struct ctdel_job *ctdel_job_start(const struct ctdel_request *rq)
{
	struct ctdel_job *job = calloc(1, sizeof *job);
	if (!job)
		return NULL;
	job->rq = *rq;
	job->st.phase = rq->one ? CTDEL_DELETING : CTDEL_READING;
	job->st.n = rq->one ? 1 : 0;
	int ret = pthread_mutex_init(&job->lock, NULL);
	if (ret == 0) {
		/* signals stay the UI thread's, as the sampler's do */
		ret = thread_start_unsignalled(&job->thread, run, job);
		if (ret != 0)
			pthread_mutex_destroy(&job->lock);
	}
	if (ret != 0) {
		free(job);
		errno = ret;
		return NULL;
	}
	return job;
}

void ctdel_job_status(struct ctdel_job *job, struct ctdel_status *st)
{
	pthread_mutex_lock(&job->lock);
	*st = job->st;
	pthread_mutex_unlock(&job->lock);
}

void ctdel_job_stop(struct ctdel_job *job)
{
	if (job)
		atomic_store(&job->stop, true);
}

void ctdel_job_end(struct ctdel_job *job)
{
	if (!job)
		return;
	pthread_join(job->thread, NULL);
	pthread_mutex_destroy(&job->lock);
	free(job);
}
