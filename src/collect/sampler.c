/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/sampler.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/worker.h"
#include "collect/snapshot.h"
#include "collect/dump_rows.h"

struct sampler {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;    /* pause lifted, stop or a new list asked */
	int event_fd;
	int wake_fd;            /* the same for the wait on the event socket */

	struct collector coll;  /* the thread's own */
	unsigned interval_ms;

	/* rotated under lock: the thread fills back, take swaps ready and front;
	 * spare takes partial refreshes */
	struct ct_snapshot snaps[4];
	struct ct_snapshot *back, *ready, *front, *spare;
	/* the thread's alone: the last full snapshot, without its arrays,
	 * for partial refreshes (cfg.partial), and when one was published */
	bool partial;
	bool have_full;
	struct ct_snapshot last_full;
	double published_ms;
	bool ready_fresh;
	struct sampler_info ready_info;

	/* under lock */
	struct list_request list; /* what the list view asks for */
	bool paused;
	unsigned effective_ms;
	uint64_t refreshes;
	double cpu_ms_last, cpu_ms_total, wall_ms_last;

	/* read without the lock by the dump's progress callback and the UI */
	atomic_bool stop;
	atomic_bool now;        /* sampler_refresh_now: the next collection at once */
	atomic_bool dumping;
	atomic_uint_fast64_t progress;
};

unsigned sampler_stretch(unsigned interval_ms, double wall_ms)
{
	double twice = ceil(2 * wall_ms);
	return twice > interval_ms ? (unsigned)twice : interval_ms;
}

static void signal_ready(struct sampler *smp)
{
	uint64_t one = 1;
	/* the counter only saturates if nobody reads for 2^64 refreshes */
	if (write(smp->event_fd, &one, sizeof one) < 0)
		return;
}

/* A partial refresh when the last publication is an interval old: during
 * a long dump (from its progress) and between dumps stretched apart. */
static void maybe_partial(struct sampler *smp)
{
	double now = mono_ms();
	if (!smp->partial || !smp->have_full || now - smp->published_ms < smp->interval_ms)
		return;
	smp->published_ms = now;
	if (collect_partial(&smp->last_full, smp->spare) < 0)
		return;
	struct sampler_info info = { .started = now / 1e3, .partial = true };
	pthread_mutex_lock(&smp->lock);
	struct ct_snapshot *filled = smp->spare;
	smp->spare = smp->ready;
	smp->ready = filled;
	smp->ready_fresh = true;
	info.seq = smp->ready_info.seq;
	smp->ready_info = info;
	pthread_mutex_unlock(&smp->lock);
	signal_ready(smp);
}

/* The collector calls this after every datagram of the dump. */
static bool on_progress(uint64_t entries, void *arg)
{
	struct sampler *smp = arg;
	atomic_store(&smp->progress, entries);
	maybe_partial(smp);
	return !atomic_load(&smp->stop);
}

/* The full snapshot just published, for partial refreshes: a shallow
 * copy without the arrays it does not own. */
static void remember_full(struct sampler *smp, const struct ct_snapshot *full)
{
	smp->last_full = *full;
	smp->last_full.cpu = NULL;
	smp->last_full.ncpu = 0;
	memset(&smp->last_full.list, 0, sizeof smp->last_full.list);
	smp->have_full = true;
}

static void publish(struct sampler *smp, const struct sampler_info *info)
{
	if (smp->partial && info->ret == 0)
		remember_full(smp, smp->back);
	smp->published_ms = mono_ms();
	pthread_mutex_lock(&smp->lock);
	struct ct_snapshot *filled = smp->back;
	smp->back = smp->ready;
	smp->ready = filled;
	smp->ready_fresh = true;
	smp->ready_info = *info;
	smp->refreshes++;
	smp->cpu_ms_last = info->cpu_ms;
	smp->cpu_ms_total += info->cpu_ms;
	smp->wall_ms_last = info->wall_ms;
	/* a paced dump's waits are no sign of a slow host */
	smp->effective_ms = sampler_stretch(smp->interval_ms, info->wall_ms - info->paced_ms);
	pthread_mutex_unlock(&smp->lock);
	signal_ready(smp);
}

/* The list's rows from the collection's own dump, when it makes one. */
static struct list_tap *tap_list(struct collector *c, const struct list_request *rq,
				 struct ct_list *out)
{
	struct list_tap *lt = list_tap_start(rq, out);
	if (lt)
		c->tap = (struct collect_tap){ .begin = list_tap_begin, .entry = list_tap_entry,
					       .arg = lt };
	return lt;
}

/* started: monotonic seconds, the one reading the next collection is
 * scheduled from, so the starts reported are an interval apart */
static void collect_once(struct sampler *smp, uint64_t seq, double started)
{
	struct sampler_info info = { .seq = seq, .started = started };
	double cpu0 = thread_cpu_ms(), paced0 = smp->coll.paced_ms;
	/* back is the thread's alone until published */
	snapshot_free(smp->back);
	atomic_store(&smp->progress, 0);
	atomic_store(&smp->dumping, true);
	/* this collection is the one a refresh asked so far was for: the
	 * list opened at start must not make a second right after it */
	atomic_store(&smp->now, false);
	struct list_request rq;
	pthread_mutex_lock(&smp->lock);
	rq = smp->list;
	pthread_mutex_unlock(&smp->lock);
	struct list_tap *lt = rq.on ? tap_list(&smp->coll, &rq, &smp->back->list) : NULL;
	info.ret = collect_snapshot(&smp->coll, smp->back);
	bool tapped = lt && smp->coll.tap.ran;
	if (lt)
		list_tap_finish(lt, tapped ? smp->coll.tap.ret : -ECANCELED,
				smp->back->tally.entries, &smp->back->list);
	memset(&smp->coll.tap, 0, sizeof smp->coll.tap);
	if (lt && !tapped) /* no rows were made: as if never asked */
		memset(&smp->back->list, 0, sizeof smp->back->list);
	/* no dump this time (events kept the counts): the list's own */
	if (rq.on && !tapped && info.ret == 0 && !atomic_load(&smp->stop))
		list_sample(&rq, &smp->back->list);
	atomic_store(&smp->dumping, false);
	info.wall_ms = mono_ms() - info.started * 1e3;
	info.paced_ms = smp->coll.paced_ms - paced0;
	/* a dump that ran past the interval: its counts are that old, so
	 * read them again (partial mode, the exporter) */
	if (smp->partial && info.ret == 0 && info.wall_ms > smp->interval_ms)
		(void)collect_counts_again(smp->back);
	info.cpu_ms = thread_cpu_ms() - cpu0;
	if (!atomic_load(&smp->stop))
		publish(smp, &info);
}

/* With events, waiting is reading them: poll the event socket (a tenth
 * of a second at most, so a stop is seen soon) and apply what came. */
static bool wait_on_events(struct sampler *smp, double deadline, int fd)
{
	for (;;) {
		pthread_mutex_lock(&smp->lock);
		bool paused = smp->paused;
		pthread_mutex_unlock(&smp->lock);
		if (atomic_load(&smp->stop))
			return false;
		double now = mono_ms() / 1e3;
		if (!paused && (now >= deadline || atomic_exchange(&smp->now, false)))
			return true;
		if (!paused)
			maybe_partial(smp);
		double left_ms = paused ? 100 : (deadline - now) * 1e3 + 1;
		double tick_ms = collector_tick(&smp->coll); /* the sampling window */
		if (tick_ms >= 0 && tick_ms + 1 < left_ms)
			left_ms = tick_ms + 1;
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN },
				       { .fd = smp->wake_fd, .events = POLLIN } };
		if (poll(p, 2, left_ms > 100 ? 100 : (int)left_ms) <= 0)
			continue;
		uint64_t drained;
		if ((p[1].revents & POLLIN) && read(smp->wake_fd, &drained, sizeof drained) < 0)
			continue; /* EAGAIN: another read took it; the flag says the rest */
		if (p[0].revents & POLLIN)
			collector_pump(&smp->coll);
	}
}

/* Sleep until deadline (monotonic seconds), a pause is lifted, or stop.
 * Returns false when the thread should end. */
static bool wait_until(struct sampler *smp, double deadline)
{
	int fd = collector_event_fd(&smp->coll);
	if (fd >= 0)
		return wait_on_events(smp, deadline, fd);
	pthread_mutex_lock(&smp->lock);
	for (;;) {
		if (atomic_load(&smp->stop))
			break;
		double now = mono_ms() / 1e3;
		if (!smp->paused && (now >= deadline || atomic_exchange(&smp->now, false)))
			break;
		if (smp->paused) {
			pthread_cond_wait(&smp->wake, &smp->lock);
			continue;
		}
		double until = deadline;
		if (smp->partial) { /* wake to publish partial refreshes */
			pthread_mutex_unlock(&smp->lock);
			maybe_partial(smp);
			pthread_mutex_lock(&smp->lock);
			if (until > now + 0.1)
				until = now + 0.1;
		}
		struct timespec ts = {
			.tv_sec = (time_t)until,
			.tv_nsec = (long)((until - floor(until)) * 1e9),
		};
		pthread_cond_timedwait(&smp->wake, &smp->lock, &ts);
	}
	pthread_mutex_unlock(&smp->lock);
	return !atomic_load(&smp->stop);
}

/* The dump keeps a CPU busy inside the kernel for as long as it runs; on a
 * small host that CPU may be the one the key reader needs. A nicer sampler
 * lets the scheduler hand it over to the UI thread at once. */
#define SAMPLER_NICE 10

static void *run(void *arg)
{
	struct sampler *smp = arg;
	/* per thread on Linux; lowering needs no privilege, and if it fails
	 * the sampler only runs at the UI's priority */
	(void)setpriority(PRIO_PROCESS, (id_t)gettid(), SAMPLER_NICE);
	double next = mono_ms() / 1e3;
	for (uint64_t seq = 1; wait_until(smp, next); seq++) {
		double started = mono_ms() / 1e3;
		collect_once(smp, seq, started);
		pthread_mutex_lock(&smp->lock);
		next = started + smp->effective_ms / 1e3;
		pthread_mutex_unlock(&smp->lock);
	}
	return NULL;
}

static int init_sync(struct sampler *smp)
{
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca) != 0)
		return -1;
	/* the deadlines are monotonic: a clock change must not stall refresh */
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	int ret = pthread_cond_init(&smp->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (ret != 0)
		return -1;
	if (pthread_mutex_init(&smp->lock, NULL) != 0) {
		pthread_cond_destroy(&smp->wake);
		return -1;
	}
	return 0;
}

struct sampler *sampler_start(const struct sampler_config *cfg)
{
	struct sampler *smp = calloc(1, sizeof *smp);
	if (!smp)
		return NULL;
	smp->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	smp->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (smp->event_fd < 0 || smp->wake_fd < 0 || init_sync(smp) < 0) {
		int err = errno;
		if (smp->event_fd >= 0)
			close(smp->event_fd);
		if (smp->wake_fd >= 0)
			close(smp->wake_fd);
		free(smp);
		errno = err;
		return NULL;
	}
	collector_init(&smp->coll, cfg->top_n);
	/* the event socket opens here, before the thread's first dump */
	smp->coll.interval_ms = cfg->interval_ms;
	collector_use_events(&smp->coll, (enum ct_source_pref)cfg->source, 0);
	smp->coll.netns = cfg->netns_label;
	smp->coll.progress = on_progress;
	smp->coll.progress_arg = smp;
	smp->coll.pace_dumps = cfg->partial;
	smp->interval_ms = smp->effective_ms = cfg->interval_ms;
	smp->back = &smp->snaps[0];
	smp->ready = &smp->snaps[1];
	smp->front = &smp->snaps[2];
	smp->spare = &smp->snaps[3];
	smp->partial = cfg->partial;
	smp->paused = cfg->paused;
	atomic_init(&smp->stop, false);
	atomic_init(&smp->dumping, false);
	atomic_init(&smp->now, false);
	atomic_init(&smp->progress, 0);
	/* the thread takes no signals: SIGWINCH, SIGINT and the like must reach
	 * the UI thread, whose poll() they interrupt */
	int ret = thread_start_unsignalled(&smp->thread, run, smp);
	if (ret != 0) {
		collector_free(&smp->coll);
		pthread_cond_destroy(&smp->wake);
		pthread_mutex_destroy(&smp->lock);
		close(smp->event_fd);
		close(smp->wake_fd);
		free(smp);
		errno = ret;
		return NULL;
	}
	return smp;
}

void sampler_stop(struct sampler *smp)
{
	if (!smp)
		return;
	pthread_mutex_lock(&smp->lock);
	atomic_store(&smp->stop, true);
	pthread_cond_broadcast(&smp->wake);
	pthread_mutex_unlock(&smp->lock);
	pthread_join(smp->thread, NULL);
	for (unsigned i = 0; i < 4; i++)
		snapshot_free(&smp->snaps[i]);
	collector_free(&smp->coll);
	pthread_cond_destroy(&smp->wake);
	pthread_mutex_destroy(&smp->lock);
	close(smp->event_fd);
	close(smp->wake_fd);
	free(smp);
}

int sampler_fd(const struct sampler *smp)
{
	return smp->event_fd;
}

bool sampler_take(struct sampler *smp, const struct ct_snapshot **snap,
		  struct sampler_info *info)
{
	uint64_t drained;
	if (read(smp->event_fd, &drained, sizeof drained) < 0 && errno != EAGAIN)
		return false;
	pthread_mutex_lock(&smp->lock);
	bool fresh = smp->ready_fresh;
	if (fresh) {
		struct ct_snapshot *held = smp->front;
		smp->front = smp->ready;
		smp->ready = held;
		smp->ready_fresh = false;
		*info = smp->ready_info;
		*snap = smp->front;
	}
	pthread_mutex_unlock(&smp->lock);
	return fresh;
}

void sampler_refresh_now(struct sampler *smp)
{
	pthread_mutex_lock(&smp->lock);
	atomic_store(&smp->now, true);
	pthread_cond_broadcast(&smp->wake);
	pthread_mutex_unlock(&smp->lock);
	/* the wait on the event socket polls wake_fd too */
	uint64_t one = 1;
	if (write(smp->wake_fd, &one, sizeof one) < 0)
		return; /* the counter is full: a wake is pending anyway */
}

void sampler_pause(struct sampler *smp, bool paused)
{
	pthread_mutex_lock(&smp->lock);
	smp->paused = paused;
	pthread_cond_broadcast(&smp->wake);
	pthread_mutex_unlock(&smp->lock);
	/* the wait on the event socket polls wake_fd: resume at once */
	uint64_t one = 1;
	if (!paused && write(smp->wake_fd, &one, sizeof one) < 0)
		return; /* the counter is full: a wake is pending anyway */
}

void sampler_get_status(struct sampler *smp, struct sampler_status *st)
{
	st->dumping = atomic_load(&smp->dumping);
	st->progress = atomic_load(&smp->progress);
	pthread_mutex_lock(&smp->lock);
	st->paused = smp->paused;
	st->interval_ms = smp->interval_ms;
	st->effective_ms = smp->effective_ms;
	st->refreshes = smp->refreshes;
	st->cpu_ms_last = smp->cpu_ms_last;
	st->cpu_ms_mean = smp->refreshes ? smp->cpu_ms_total / (double)smp->refreshes : 0.0;
	st->wall_ms_last = smp->wall_ms_last;
	pthread_mutex_unlock(&smp->lock);
}

void sampler_queue_list(struct sampler *smp, bool on, const char *filter,
			const struct sort_spec *sort, unsigned limit)
{
	pthread_mutex_lock(&smp->lock);
	smp->list.on = on;
	snprintf(smp->list.filter, sizeof smp->list.filter, "%s", filter ? filter : "");
	if (sort)
		smp->list.sort = *sort;
	else
		memset(&smp->list.sort, 0, sizeof smp->list.sort);
	smp->list.limit = limit;
	pthread_mutex_unlock(&smp->lock);
}

void sampler_set_list(struct sampler *smp, bool on, const char *filter,
		      const struct sort_spec *sort, unsigned limit)
{
	sampler_queue_list(smp, on, filter, sort, limit);
	/* a list asked anew (opened, filtered, sorted) is collected at once:
	 * waiting for the next refresh doubled the time to the first rows */
	if (on)
		sampler_refresh_now(smp);
}
