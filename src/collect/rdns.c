/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/rdns.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/testhooks.h"
#include "collect/rdns_cache.h"
#include "collect/rdns_hosts.h"

/* How long rdns_stop waits for a worker inside the resolver. */
#define STOP_GRACE_S 0.5
/* A worker short of tokens looks again at least this often, so an
 * injected clock that jumps is noticed. */
#define TOKEN_POLL_S 0.1

static int home_netns = -1;

struct worker_arg {
	struct shared *sh;
	unsigned index;
};

/* What the owner and the workers share; freed by whoever leaves last. */
struct shared {
	pthread_mutex_t lock;
	pthread_cond_t work;        /* a request, a token or stop */
	pthread_cond_t gone;        /* a worker left */
	struct rdns_config cfg;
	struct rdns_hosts *hosts;   /* the test hook's table, or NULL */
	struct rdns_cache cache;
	struct rdns_bucket bucket;
	struct rdns_key *queue;     /* a ring: head is the oldest */
	unsigned head, len;
	int wake_fd;                /* an eventfd */
	bool signalled;             /* wake_fd is readable */
	bool stop;
	unsigned refs;              /* the owner and each running worker */
	bool *exited;               /* by worker */
	struct worker_arg *args;    /* by worker: here, so a detached one keeps them */
	struct rdns_stats st;
};

struct rdns {
	struct shared *sh;
	pthread_t *threads;
	unsigned nthreads;
};

static double mono_s(void)
{
	return mono_ms() / 1e3;
}

void rdns_keep_home_netns(void)
{
	if (home_netns < 0)
		home_netns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
}

static int resolve_system(int family, const uint8_t *addr, char *name, size_t n, void *arg)
{
	(void)arg;
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof ss);
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, addr, 16);
		len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, addr, 4);
		len = sizeof *s4;
	}
	int ret = getnameinfo((struct sockaddr *)&ss, len, name, (socklen_t)n, NULL, 0, NI_NAMEREQD);
	if (ret == 0)
		return RDNS_RESOLVED;
	return ret == EAI_NONAME ? RDNS_NO_NAME : RDNS_FAILED;
}

int rdns_config_default(struct rdns_config *cfg)
{
	*cfg = (struct rdns_config){
		.capacity = 4096, .rate = 20, .workers = 2, .queue = 64,
		.ttl_named = 300, .ttl_nameless = 300, .ttl_failed = 30,
	};
	const char *hosts = test_hook_hosts();
	if (!hosts)
		return 0;
	struct rdns_hosts *h = rdns_hosts_load(hosts, test_hook_resolve_ms());
	if (!h)
		return -errno;
	cfg->resolve = rdns_hosts_resolve;
	cfg->resolve_arg = h;
	return 0;
}

static void shared_free(struct shared *sh)
{
	pthread_mutex_destroy(&sh->lock);
	pthread_cond_destroy(&sh->work);
	pthread_cond_destroy(&sh->gone);
	rdns_cache_free(&sh->cache);
	rdns_hosts_free(sh->hosts);
	if (sh->wake_fd >= 0)
		close(sh->wake_fd);
	free(sh->queue);
	free(sh->exited);
	free(sh->args);
	free(sh);
}

/* Drop one reference, under the lock; the last one frees. */
static void release(struct shared *sh)
{
	bool last = --sh->refs == 0;
	pthread_mutex_unlock(&sh->lock);
	if (last)
		shared_free(sh);
}

static void wake(struct shared *sh)
{
	if (sh->signalled)
		return;
	uint64_t one = 1;
	/* a full counter is readable anyway: nothing to do on failure */
	if (write(sh->wake_fd, &one, sizeof one) == (ssize_t)sizeof one)
		sh->signalled = true;
}

static void wait_a_while(struct shared *sh, double seconds)
{
	if (seconds > TOKEN_POLL_S)
		seconds = TOKEN_POLL_S;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	long ns = ts.tv_nsec + (long)(seconds * 1e9) + 1000000; /* at least 1 ms */
	ts.tv_sec += ns / 1000000000L;
	ts.tv_nsec = ns % 1000000000L;
	pthread_cond_timedwait(&sh->work, &sh->lock, &ts);
}

static void answer(struct shared *sh, const struct rdns_key *k, int ret, char *name)
{
	double now = sh->cfg.now();
	struct rdns_slot *s = rdns_cache_put(&sh->cache, k, now);
	if (ret == RDNS_RESOLVED && name[0] && !rdns_name_is_address(name)) {
		rdns_clean_name(name);
		snprintf(s->name, sizeof s->name, "%s", name);
		s->state = RDNS_NAMED;
		s->expires = now + sh->cfg.ttl_named;
	} else {
		s->state = RDNS_NAMELESS;
		s->expires = now + (ret == RDNS_FAILED ? sh->cfg.ttl_failed : sh->cfg.ttl_nameless);
	}
	wake(sh);
}

static void *worker(void *p)
{
	struct worker_arg *wa = p;
	struct shared *sh = wa->sh;
	/* this thread only: the namespace shown may reach no resolver */
	/* on failure (no CAP_SYS_ADMIN, so ctdash never left home) resolve here */
	if (home_netns >= 0)
		(void)setns(home_netns, CLONE_NEWNET);
	unsigned index = wa->index;
	pthread_mutex_lock(&sh->lock);
	while (!sh->stop) {
		if (!sh->len) {
			pthread_cond_wait(&sh->work, &sh->lock);
			continue;
		}
		double now = sh->cfg.now();
		if (!rdns_bucket_take(&sh->bucket, now)) {
			wait_a_while(sh, rdns_bucket_wait(&sh->bucket, now));
			continue;
		}
		struct rdns_key k = sh->queue[sh->head];
		sh->head = (sh->head + 1) % sh->cfg.queue;
		sh->len--;
		sh->st.lookups++;
		pthread_mutex_unlock(&sh->lock);
		char name[RDNS_NAME_MAX] = "";
		int ret = sh->cfg.resolve(k.family, k.addr, name, sizeof name, sh->cfg.resolve_arg);
		pthread_mutex_lock(&sh->lock);
		answer(sh, &k, ret, name);
	}
	sh->exited[index] = true;
	pthread_cond_broadcast(&sh->gone);
	release(sh);
	return NULL;
}

static struct shared *shared_new(const struct rdns_config *cfg)
{
	struct shared *sh = calloc(1, sizeof *sh);
	if (!sh)
		return NULL;
	sh->cfg = *cfg;
	sh->cfg.queue = cfg->queue ? cfg->queue : 1;
	sh->cfg.workers = cfg->workers ? cfg->workers : 1;
	if (!sh->cfg.resolve)
		sh->cfg.resolve = resolve_system;
	if (!sh->cfg.now)
		sh->cfg.now = mono_s;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&sh->lock, NULL);
	pthread_cond_init(&sh->work, &ca);
	pthread_cond_init(&sh->gone, &ca);
	pthread_condattr_destroy(&ca);
	rdns_bucket_init(&sh->bucket, sh->cfg.rate, sh->cfg.rate, sh->cfg.now());
	sh->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	sh->queue = calloc(sh->cfg.queue, sizeof *sh->queue);
	sh->exited = calloc(sh->cfg.workers, sizeof *sh->exited);
	sh->args = calloc(sh->cfg.workers, sizeof *sh->args);
	sh->refs = 1;
	if (sh->wake_fd < 0 || !sh->queue || !sh->exited || !sh->args ||
	    rdns_cache_init(&sh->cache, cfg->capacity ? cfg->capacity : 1) < 0) {
		int err = sh->wake_fd < 0 ? errno : ENOMEM;
		shared_free(sh);
		errno = err;
		return NULL;
	}
	if (sh->cfg.resolve == rdns_hosts_resolve)
		sh->hosts = cfg->resolve_arg; /* rdns_config_default's: ours now */
	return sh;
}

struct rdns *rdns_start(const struct rdns_config *cfg)
{
	struct rdns *r = calloc(1, sizeof *r);
	struct shared *sh = r ? shared_new(cfg) : NULL;
	if (!sh) {
		free(r);
		if (cfg->resolve == rdns_hosts_resolve)
			rdns_hosts_free(cfg->resolve_arg);
		return NULL;
	}
	r->sh = sh;
	r->threads = calloc(sh->cfg.workers, sizeof *r->threads);
	int ret = r->threads ? 0 : ENOMEM;
	for (unsigned i = 0; i < sh->cfg.workers && ret == 0; i++) {
		sh->args[i] = (struct worker_arg){ sh, i };
		pthread_mutex_lock(&sh->lock);
		sh->refs++;
		pthread_mutex_unlock(&sh->lock);
		ret = pthread_create(&r->threads[i], NULL, worker, &sh->args[i]);
		if (ret) {
			pthread_mutex_lock(&sh->lock);
			sh->refs--;
			sh->exited[i] = true; /* never ran: nothing to join */
			pthread_mutex_unlock(&sh->lock);
			break;
		}
		r->nthreads = i + 1;
	}
	if (ret) {
		rdns_stop(r);
		errno = ret;
		return NULL;
	}
	return r;
}

void rdns_stop(struct rdns *r)
{
	if (!r)
		return;
	struct shared *sh = r->sh;
	pthread_mutex_lock(&sh->lock);
	sh->stop = true;
	pthread_cond_broadcast(&sh->work);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	long ns = until.tv_nsec + (long)(STOP_GRACE_S * 1e9);
	until.tv_sec += ns / 1000000000L;
	until.tv_nsec = ns % 1000000000L;
	while (sh->refs > 1 && pthread_cond_timedwait(&sh->gone, &sh->lock, &until) == 0) {
	}
	bool *exited = calloc(r->nthreads ? r->nthreads : 1, sizeof *exited);
	for (unsigned i = 0; exited && i < r->nthreads; i++)
		exited[i] = sh->exited[i];
	pthread_mutex_unlock(&sh->lock);
	for (unsigned i = 0; i < r->nthreads; i++) {
		/* one still in the resolver frees the shared part when done */
		if (exited && exited[i])
			pthread_join(r->threads[i], NULL);
		else
			pthread_detach(r->threads[i]);
	}
	free(exited);
	pthread_mutex_lock(&sh->lock);
	release(sh);
	free(r->threads);
	free(r);
}

/* The newest request wins a full queue: the oldest was asked for by a
 * screen that has since moved on. */
static void enqueue(struct shared *sh, const struct rdns_key *k, double now)
{
	unsigned q = sh->cfg.queue;
	if (sh->len == q) {
		struct rdns_slot *old = rdns_cache_find(&sh->cache, &sh->queue[sh->head], now, false);
		if (old && old->state == RDNS_PENDING)
			rdns_cache_drop(&sh->cache, old);
		sh->head = (sh->head + 1) % q;
		sh->len--;
		sh->st.dropped++;
	}
	sh->queue[(sh->head + sh->len) % q] = *k;
	sh->len++;
	pthread_cond_signal(&sh->work);
}

enum rdns_answer rdns_lookup(struct rdns *r, int family, const void *addr, char *name, size_t n)
{
	struct shared *sh = r->sh;
	struct rdns_key k = rdns_key_of(family, addr);
	enum rdns_answer a = RDNS_ANSWER_PENDING;
	pthread_mutex_lock(&sh->lock);
	double now = sh->cfg.now();
	sh->st.asked++;
	struct rdns_slot *s = rdns_cache_find(&sh->cache, &k, now, true);
	if (!s) {
		rdns_cache_put(&sh->cache, &k, now);
		enqueue(sh, &k, now);
	} else if (s->state == RDNS_NAMED) {
		snprintf(name, n, "%s", s->name);
		a = RDNS_ANSWER_NAME;
		sh->st.hits++;
	} else if (s->state == RDNS_NAMELESS) {
		a = RDNS_ANSWER_NONE;
		sh->st.hits++;
	}
	pthread_mutex_unlock(&sh->lock);
	return a;
}

int rdns_fd(const struct rdns *r)
{
	return r->sh->wake_fd;
}

void rdns_drain(struct rdns *r)
{
	struct shared *sh = r->sh;
	uint64_t count;
	pthread_mutex_lock(&sh->lock);
	/* nonblocking: EAGAIN when nothing was signalled */
	while (read(sh->wake_fd, &count, sizeof count) == (ssize_t)sizeof count) {
	}
	sh->signalled = false;
	pthread_mutex_unlock(&sh->lock);
}

void rdns_get_stats(struct rdns *r, struct rdns_stats *st)
{
	struct shared *sh = r->sh;
	pthread_mutex_lock(&sh->lock);
	*st = sh->st;
	st->evictions = sh->cache.evictions;
	st->held = sh->cache.held;
	st->capacity = rdns_cache_capacity(&sh->cache);
	pthread_mutex_unlock(&sh->lock);
}
