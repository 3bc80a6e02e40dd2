/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A dump read by two threads. The kernel builds a dump's next datagram
 * inside the recvmsg() that hands out the one before it, so with one
 * thread the kernel's work and ours add up: at 1,000,000 entries the
 * first complete screen came 1.45 to 1.9 times the bare dump's time. A
 * reader thread of the dump's own receives into a small ring of buffers
 * (the kernel's work) while the caller's thread walks the datagrams
 * already in (ours): the two overlap, and on a machine with a second CPU
 * free the dump takes about the kernel's time alone. The callbacks and
 * the tick run in the caller's thread, as with nlconn_query; the memory
 * is the ring's, whatever the table's size. */
#include "collect/nlpipe.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/worker.h"

/* Datagrams in flight: enough that neither side waits on a jitter of
 * the other, 512 KiB at most. */
#define PIPE_SLOTS 8

struct nlpipe {
	struct nlconn *c;
	uint8_t *mem;                 /* PIPE_SLOTS buffers of NLCONN_BUFSZ */
	ssize_t len[PIPE_SLOTS];      /* a datagram's length or a negative errno */
	unsigned head, tail;          /* filled by the reader, taken by the caller */
	bool done;                    /* the reader has ended */
	pthread_mutex_t lock;
	pthread_cond_t moved;         /* head, tail or done changed */
	atomic_bool stop;
	int stop_fd;                  /* wakes the reader's poll on a stop */
	/* the reader's CPU (the kernel's dump work) is lent to the caller's
	 * thread as it goes (thread_cpu_lend): its cost per refresh, a
	 * paced dump and auto's weighing count it as before */
	clockid_t reader_clock;
	bool clocked;                 /* reader_clock is the reader's */
	double lent_ms;               /* lent so far */
	double reader_cpu_ms;         /* the reader's own figure at its end */
};

/* The reader's clock fails with EINVAL once the reader has ended; that
 * errno must not reach the caller, whose callback may be printing rows
 * and reading errno for its own failed write. */
static double cpu_ms_of(clockid_t id)
{
	struct timespec ts;
	int saved = errno;
	int ret = clock_gettime(id, &ts);
	errno = saved;
	if (ret < 0)
		return -1;
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Lend the caller what the reader used since the last time. */
static void lend(struct nlpipe *pp, double reader_ms)
{
	if (reader_ms > pp->lent_ms) {
		thread_cpu_lend(reader_ms - pp->lent_ms);
		pp->lent_ms = reader_ms;
	}
}

/* Whether the datagram ends the answer: a NLMSG_DONE or NLMSG_ERROR in
 * it, or a message not part of a multipart answer. It was checked whole
 * (nl_datagram_ok) when received. */
static bool ends_answer(const uint8_t *p, size_t len)
{
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR ||
		    !(nlh->nlmsg_flags & NLM_F_MULTI))
			return true;
		size_t step = NLMSG_ALIGN(nlh->nlmsg_len);
		if (step == 0 || step >= len)
			break;
		p += step;
		len -= step;
	}
	return false;
}

/* One datagram, waiting for it or for a stop: its length, a negative
 * errno, or -ECANCELED when stopped. */
static ssize_t receive(struct nlpipe *pp, uint8_t *buf)
{
	struct pollfd p[2] = { { .fd = mnl_socket_get_fd(pp->c->nl), .events = POLLIN },
			       { .fd = pp->stop_fd, .events = POLLIN } };
	for (;;) {
		if (atomic_load(&pp->stop))
			return -ECANCELED;
		ssize_t n = nlconn_recv_into(pp->c, buf, NLCONN_BUFSZ, MSG_DONTWAIT);
		if (n != -EAGAIN)
			return n;
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return -errno;
	}
}

static void *reader(void *arg)
{
	struct nlpipe *pp = arg;
	for (;;) {
		pthread_mutex_lock(&pp->lock);
		while (pp->head - pp->tail == PIPE_SLOTS && !atomic_load(&pp->stop))
			pthread_cond_wait(&pp->moved, &pp->lock);
		unsigned slot = pp->head % PIPE_SLOTS;
		pthread_mutex_unlock(&pp->lock);
		uint8_t *buf = pp->mem + (size_t)slot * NLCONN_BUFSZ;
		ssize_t n = receive(pp, buf);
		if (n == -ECANCELED)
			break;
		pthread_mutex_lock(&pp->lock);
		pp->len[slot] = n;
		pp->head++;
		pthread_cond_broadcast(&pp->moved);
		pthread_mutex_unlock(&pp->lock);
		if (n < 0 || ends_answer(buf, (size_t)n))
			break;
	}
	pthread_mutex_lock(&pp->lock);
	pp->done = true;
	pp->reader_cpu_ms = cpu_ms_of(CLOCK_THREAD_CPUTIME_ID);
	pthread_cond_broadcast(&pp->moved);
	pthread_mutex_unlock(&pp->lock);
	return NULL;
}

/* The next datagram's slot, waiting for the reader; -1 when it ended
 * without one more. */
static int next_slot(struct nlpipe *pp)
{
	pthread_mutex_lock(&pp->lock);
	while (pp->head == pp->tail && !pp->done)
		pthread_cond_wait(&pp->moved, &pp->lock);
	int slot = pp->head == pp->tail ? -1 : (int)(pp->tail % PIPE_SLOTS);
	pthread_mutex_unlock(&pp->lock);
	return slot;
}

static void release_slot(struct nlpipe *pp)
{
	pthread_mutex_lock(&pp->lock);
	pp->tail++;
	pthread_cond_broadcast(&pp->moved);
	pthread_mutex_unlock(&pp->lock);
}

/* The caller's side: every datagram through cb, as run_query does. */
static int walk(struct nlpipe *pp, mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg)
{
	for (;;) {
		int slot = next_slot(pp);
		if (slot < 0)
			return -EIO; /* the reader ended before the answer did */
		ssize_t n = pp->len[slot];
		if (n < 0)
			return (int)n;
		int ret = mnl_cb_run(pp->mem + (size_t)slot * NLCONN_BUFSZ, (size_t)n,
				     pp->c->seq, pp->c->portid, cb, data);
		release_slot(pp);
		if (ret < 0)
			return errno ? -errno : -EIO;
		if (ret == MNL_CB_STOP)
			return 0;
		if (pp->clocked)
			lend(pp, cpu_ms_of(pp->reader_clock));
		if (tick && !tick(tick_arg))
			return -ECANCELED;
	}
}

static void stop_reader(struct nlpipe *pp, pthread_t thread)
{
	uint64_t one = 1;
	pthread_mutex_lock(&pp->lock);
	atomic_store(&pp->stop, true);
	pthread_cond_broadcast(&pp->moved);
	pthread_mutex_unlock(&pp->lock);
	if (write(pp->stop_fd, &one, sizeof one) < 0) {
		/* the counter cannot be full: written once */
	}
	pthread_join(thread, NULL);
	lend(pp, pp->reader_cpu_ms);
}


/* The request is sent; read its answer with the reader thread (an
 * error, -ENOMEM or -EAGAIN, when it cannot be had: the caller closes
 * the socket, as after any failed dump). */
static int run_piped(struct nlconn *c, mnl_cb_t cb, void *data, nl_tick_fn tick, void *tick_arg)
{
	struct nlpipe pp = { .c = c };
	pp.mem = malloc((size_t)PIPE_SLOTS * NLCONN_BUFSZ);
	pp.stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	atomic_init(&pp.stop, false);
	int ret = -ENOMEM;
	if (pp.mem && pp.stop_fd >= 0 && pthread_mutex_init(&pp.lock, NULL) == 0) {
		if (pthread_cond_init(&pp.moved, NULL) == 0) {
			pthread_t thread;
			ret = -thread_start_unsignalled(&thread, reader, &pp); /* signals are the UI thread's */
			if (ret == 0) {
				pp.clocked = pthread_getcpuclockid(thread, &pp.reader_clock) == 0;
				ret = walk(&pp, cb, data, tick, tick_arg);
				stop_reader(&pp, thread);
			}
			pthread_cond_destroy(&pp.moved);
		}
		pthread_mutex_destroy(&pp.lock);
	}
	if (pp.stop_fd >= 0)
		close(pp.stop_fd);
	free(pp.mem);
	return ret;
}

int nlconn_dump(struct nlconn *c, uint16_t msg, mnl_cb_t cb, void *data,
		nl_tick_fn tick, void *tick_arg)
{
	int ret = nlconn_send(c, msg, NLM_F_DUMP);
	return ret < 0 ? ret : run_piped(c, cb, data, tick, tick_arg);
}

int nlconn_dump_msg(struct nlconn *c, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		    nl_tick_fn tick, void *tick_arg)
{
	int ret = nlconn_send_msg(c, nlh);
	return ret < 0 ? ret : run_piped(c, cb, data, tick, tick_arg);
}
