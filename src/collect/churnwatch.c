/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/churnwatch.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter/nfnetlink.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/worker.h"
#include "collect/churncount.h"
#include "collect/ctmsg.h"
#include "collect/nlconn.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* what a window may leave queued: about a period's budget of events */
#define RCVBUF (256 * 1024)
#define BATCH 256            /* datagrams read per socket per pass */
#define REMEMBERED 64        /* results kept of namespaces watched before */
#define REMEMBER_S 120.0     /* and shown this long */
#define PERIOD_S 1.0         /* a sampling period: one window each */

struct target {              /* a namespace wanted, as the scan saw it */
	uint64_t inode;
	bool in_turn;            /* chosen only in turn: held NSCHURN_HOLD_S */
	struct ns_info info;     /* for nsscan_open */
};

struct watcher {
	bool used;
	uint64_t inode;
	bool in_turn;
	struct nlconn nc;
	bool open;
	int err;                 /* opening it failed: a negative errno */
	double started;
	/* sampling: each period's window opens at its start and closes
	 * once it has heard the period's budget of events */
	bool member;
	double period_at, window_at;
	uint64_t heard;          /* events this period */
	double listened;         /* seconds in the group this measurement */
	/* the measurement under way, and the last one done */
	struct churncount cc;
	double meas_at;
	struct ns_churn done;
	double done_at;
	bool have_done;
};

struct remembered {
	uint64_t inode;
	double turn_at;          /* when its last watch began */
	struct ns_churn result;  /* state CHURN_NONE: none */
	double result_at;
};

struct churnwatch {
	pthread_t thread;
	pthread_mutex_t lock;    /* everything below */
	bool stop;
	int home_fd;
	struct target want[NSCHURN_WATCH_MAX];
	unsigned nwant;
	bool want_changed;
	struct watcher w[NSCHURN_WATCH_MAX];
	struct remembered mem[REMEMBERED];
	double cpu_ms;
};

static double now_s(void)
{
	return mono_ms() / 1e3;
}

/* --- what each watcher has measured ------------------------------------- */

static void result_of(const struct watcher *x, double now, struct ns_churn *r)
{
	double took = now - x->meas_at;
	double heard_s = x->listened + (x->member ? now - x->window_at : 0);
	memset(r, 0, sizeof *r);
	/* a source's share of what was heard is its share of the whole: the
	 * rates are what was heard over the time listened */
	r->sampled_k = heard_s > 0 ? (unsigned)(took / heard_s + 0.5) : 1;
	if (took < NSCHURN_MIN_LISTEN_S && x->have_done) {
		*r = x->done;
		r->age_s = now - x->done_at;
		return;
	}
	r->listened_s = took;
	if (took < NSCHURN_MIN_LISTEN_S) {
		r->state = CHURN_MEASURING;
		r->why = "watched for less than a second";
		return;
	}
	const struct churn_slot *top = churncount_top(&x->cc);
	if (heard_s <= 0)
		heard_s = took;
	r->new_per_s = (double)x->cc.total / heard_s;
	if (!top) {
		r->state = CHURN_QUIET;
		r->why = "no new entry while watched";
		return;
	}
	r->state = CHURN_MEASURED;
	r->family = top->family;
	memcpy(r->addr, top->addr, sizeof r->addr);
	r->top_per_s = (double)top->count / heard_s;
	r->top_error_per_s = (double)top->error / heard_s;
}

static struct remembered *memory_of(struct churnwatch *w, uint64_t inode, bool make)
{
	struct remembered *oldest = &w->mem[0];
	for (unsigned i = 0; i < REMEMBERED; i++) {
		if (w->mem[i].inode == inode)
			return &w->mem[i];
		if (w->mem[i].turn_at < oldest->turn_at)
			oldest = &w->mem[i];
	}
	if (!make)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	oldest->inode = inode;
	return oldest;
}

/* --- sockets ------------------------------------------------------------ */

static void membership(struct watcher *x, bool on, double now)
{
	int group = NFNLGRP_CONNTRACK_NEW;
	if (x->member == on)
		return;
	/* a failure leaves it as it was: the time listened says what counted */
	if (setsockopt(mnl_socket_get_fd(x->nc.nl), SOL_NETLINK,
		       on ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP, &group, sizeof group) < 0)
		return;
	x->member = on;
	if (on)
		x->window_at = now;
	else
		x->listened += now - x->window_at;
}

/* A NEW-only socket inside the namespace: this thread enters it, opens
 * the socket (which stays bound to it) and comes back. */
static int open_in(struct churnwatch *w, struct watcher *x, const struct ns_info *ns, double now)
{
	int fd = nsscan_open(ns);
	if (fd < 0)
		return fd;
	int ret = setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
	close(fd);
	if (ret == 0) {
		ret = nlconn_open(&x->nc);
		if (setns(w->home_fd, CLONE_NEWNET) < 0) {
			/* nowhere safe to stay: stop watching at all */
			if (ret == 0)
				nlconn_close(&x->nc);
			w->stop = true;
			return -errno;
		}
	}
	if (ret < 0)
		return ret;
	int sock = mnl_socket_get_fd(x->nc.nl), bytes = RCVBUF;
	int fl = fcntl(sock, F_GETFL);
	if (fl < 0 || fcntl(sock, F_SETFL, fl | O_NONBLOCK) < 0) {
		ret = -errno;
		nlconn_close(&x->nc);
		return ret;
	}
	if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) < 0)
		(void)setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
	x->open = true;
	membership(x, true, now);
	return 0;
}

static void start(struct churnwatch *w, struct watcher *x, const struct target *t, double now)
{
	memset(x, 0, sizeof *x);
	x->used = true;
	x->inode = t->inode;
	x->in_turn = t->in_turn;
	x->started = x->meas_at = x->period_at = now;
	churncount_init(&x->cc);
	x->err = open_in(w, x, &t->info, now);
	struct remembered *m = memory_of(w, t->inode, true);
	m->turn_at = now;
}

static void finish(struct churnwatch *w, struct watcher *x, double now)
{
	struct remembered *m = memory_of(w, x->inode, false);
	if (m && x->err == 0) {
		result_of(x, now, &m->result);
		m->result_at = now - m->result.age_s;
		m->result.age_s = 0;
		if (m->result.state == CHURN_MEASURING)
			m->result.state = CHURN_NONE;
	}
	if (x->open)
		nlconn_close(&x->nc);
	x->used = false;
}

static const struct target *wanted(const struct churnwatch *w, uint64_t inode)
{
	for (unsigned i = 0; i < w->nwant; i++)
		if (w->want[i].inode == inode)
			return &w->want[i];
	return NULL;
}

/* Close what is no longer wanted, open what is newly wanted. */
static void apply(struct churnwatch *w, double now)
{
	for (unsigned i = 0; i < NSCHURN_WATCH_MAX; i++) {
		const struct target *t = w->w[i].used ? wanted(w, w->w[i].inode) : NULL;
		if (w->w[i].used && !t)
			finish(w, &w->w[i], now);
		else if (t)
			w->w[i].in_turn = t->in_turn;
	}
	for (unsigned j = 0; j < w->nwant && !w->stop; j++) {
		bool have = false;
		int free_at = -1;
		for (int i = 0; i < NSCHURN_WATCH_MAX; i++) {
			have |= w->w[i].used && w->w[i].inode == w->want[j].inode;
			if (!w->w[i].used && free_at < 0)
				free_at = i;
		}
		if (!have && free_at >= 0)
			start(w, &w->w[free_at], &w->want[j], now);
	}
	w->want_changed = false;
}

/* --- hearing ------------------------------------------------------------ */

static void count_datagram(struct watcher *x, const uint8_t *buf, size_t len)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	for (int left = (int)len; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		struct ct_entry e;
		enum ct_event_kind kind;
		if (ct_parse_event(nlh, &e, &kind) == CT_PARSE_OK && kind == CT_EVENT_NEW && e.has_src)
			churncount_add(&x->cc, e.family, e.orig.src, 1);
	}
}

/* Read what is queued; the window closes once it has heard the
 * period's budget (a flood costs a short window, not a long read). A
 * lost datagram (ENOBUFS) only makes the window's rates a little low. */
static void drain(struct watcher *x, double now)
{
	for (int i = 0; i < BATCH; i++) {
		ssize_t n = nlconn_recv(&x->nc);
		if (n == -ENOBUFS)
			continue;
		if (n < 0)
			return; /* -EAGAIN: all read; a bad datagram is skipped */
		x->heard++;
		count_datagram(x, x->nc.buf, (size_t)n);
		if (x->member && (double)x->heard >= CHURNWATCH_EVENTS_S * PERIOD_S)
			membership(x, false, now);
	}
}

/* Open the window at each period's start, and roll the measurement over. */
static void tick(struct watcher *x, double now)
{
	if (!x->open)
		return;
	if (now - x->period_at >= PERIOD_S) {
		x->period_at = now;
		x->heard = 0;
		membership(x, true, now);
	}
	if (now - x->meas_at >= CHURNWATCH_MEASURE_S) {
		result_of(x, now, &x->done);
		x->done_at = now;
		x->have_done = true;
		churncount_reset(&x->cc);
		x->meas_at = now;
		x->listened = 0;
		if (x->member)
			x->window_at = now;
	}
}

static void *watch(void *arg)
{
	struct churnwatch *w = arg;
	for (;;) {
		struct pollfd p[NSCHURN_WATCH_MAX];
		int idx[NSCHURN_WATCH_MAX], n = 0;
		pthread_mutex_lock(&w->lock);
		double now = now_s();
		if (w->want_changed)
			apply(w, now);
		bool stop = w->stop;
		for (int i = 0; i < NSCHURN_WATCH_MAX; i++) {
			if (!w->w[i].used || !w->w[i].open)
				continue;
			tick(&w->w[i], now);
			p[n] = (struct pollfd){ .fd = mnl_socket_get_fd(w->w[i].nc.nl), .events = POLLIN };
			idx[n++] = i;
		}
		w->cpu_ms = thread_cpu_ms();
		pthread_mutex_unlock(&w->lock);
		if (stop)
			return NULL;
		/* 100 ms: windows open and close on time, a stop is heard */
		if (poll(p, (nfds_t)n, 100) <= 0)
			continue;
		pthread_mutex_lock(&w->lock);
		for (int j = 0; j < n; j++)
			if (p[j].revents & (POLLIN | POLLERR) && w->w[idx[j]].used)
				drain(&w->w[idx[j]], now_s());
		w->cpu_ms = thread_cpu_ms();
		pthread_mutex_unlock(&w->lock);
	}
}

/* --- the screen's side ---------------------------------------------------- */

struct churnwatch *churnwatch_start(void)
{
	struct churnwatch *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->home_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	pthread_mutex_init(&w->lock, NULL);
	int err = w->home_fd < 0 ? errno : thread_start_unsignalled(&w->thread, watch, w);
	if (err) {
		if (w->home_fd >= 0)
			close(w->home_fd);
		pthread_mutex_destroy(&w->lock);
		free(w);
		errno = err;
		return NULL;
	}
	return w;
}

void churnwatch_stop(struct churnwatch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	for (int i = 0; i < NSCHURN_WATCH_MAX; i++)
		if (w->w[i].used && w->w[i].open)
			nlconn_close(&w->w[i].nc);
	close(w->home_fd);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* When the namespace was last given its turn: one being watched in turn
 * keeps it NSCHURN_HOLD_S (-1, before all), a namespace never watched
 * comes next (0), then the least recently watched. Called locked. */
static double turn_of(void *arg, uint64_t inode)
{
	struct churnwatch *w = arg;
	double now = now_s();
	for (int i = 0; i < NSCHURN_WATCH_MAX; i++)
		if (w->w[i].used && w->w[i].inode == inode && now - w->w[i].started < NSCHURN_HOLD_S)
			return -1;
	const struct remembered *m = memory_of(w, inode, false);
	return m ? m->turn_at : 0;
}

void churnwatch_want(struct churnwatch *w, const struct ns_table *t, uint64_t selected)
{
	uint64_t pick[NSCHURN_WATCH_MAX];
	pthread_mutex_lock(&w->lock);
	unsigned n = nschurn_choose(t, selected, turn_of, w, pick, NSCHURN_WATCH_MAX);
	w->nwant = 0;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < t->n; j++) {
			const struct ns_info *ns = &t->ns[j];
			if (ns->inode != pick[i])
				continue;
			struct target *tg = &w->want[w->nwant++];
			tg->inode = ns->inode;
			tg->info = *ns;
			tg->in_turn = ns->inode != selected && !(ns->st.have_rate &&
				      (ns->st.drop_rate > 0 || ns->st.growth_rate > 0));
			break;
		}
	w->want_changed = true;
	pthread_mutex_unlock(&w->lock);
}

void churnwatch_settle(struct churnwatch *w, double min_s, double timeout_s)
{
	double until = now_s() + timeout_s;
	for (;;) {
		bool all = true;
		pthread_mutex_lock(&w->lock);
		double now = now_s();
		all = !w->want_changed;
		for (int i = 0; all && i < NSCHURN_WATCH_MAX; i++)
			all = !w->w[i].used || !w->w[i].open || now - w->w[i].meas_at >= min_s;
		bool stop = w->stop;
		pthread_mutex_unlock(&w->lock);
		if (all || stop || now >= until)
			return;
		sleep_ms(20);
	}
}

static void fill_one(struct churnwatch *w, struct ns_info *ns, double now)
{
	struct ns_churn *r = &ns->churn;
	memset(r, 0, sizeof *r);
	for (int i = 0; i < NSCHURN_WATCH_MAX; i++) {
		const struct watcher *x = &w->w[i];
		if (!x->used || x->inode != ns->inode)
			continue;
		if (x->err) {
			r->state = CHURN_UNREADABLE;
			r->why = x->err == -EPERM ? "no event socket: needs CAP_NET_ADMIN there"
						  : "no event socket could be opened there";
		} else {
			result_of(x, now, r);
		}
		return;
	}
	if (wanted(w, ns->inode)) {
		r->state = CHURN_MEASURING;
		r->why = "being opened";
		return;
	}
	const struct remembered *m = memory_of(w, ns->inode, false);
	if (ns->err) {
		r->state = CHURN_UNREADABLE;
		r->why = "could not be entered";
	} else if (m && m->result.state != CHURN_NONE && now - m->result_at <= REMEMBER_S) {
		*r = m->result;
		r->age_s = now - m->result_at;
	} else if (ns->count == 0 && !(ns->st.have_rate && ns->st.drop_rate > 0)) {
		r->state = CHURN_QUIET;
		r->why = "holds no entries";
	} else {
		r->state = CHURN_NOT_WATCHED;
		r->why = "beyond the " NSCHURN_WATCH_MAX_TEXT " busiest";
	}
}

void churnwatch_fill(struct churnwatch *w, struct ns_table *t)
{
	pthread_mutex_lock(&w->lock);
	double now = now_s();
	for (unsigned i = 0; i < t->n; i++)
		fill_one(w, &t->ns[i], now);
	pthread_mutex_unlock(&w->lock);
}

double churnwatch_cpu_ms(struct churnwatch *w)
{
	pthread_mutex_lock(&w->lock);
	double ms = w->cpu_ms;
	pthread_mutex_unlock(&w->lock);
	return ms;
}
