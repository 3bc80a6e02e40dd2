/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "demo/demo_generator.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "base/child.h"
#include "base/clock.h"
#include "demo/demo.h"
#include "demo/loadgen.h"

/* Shared between ctdash and the generator: ctdash sets the rate, the
 * generator reports what it made. */
struct demo_shared {
	atomic_uint rate;
	atomic_uint_least64_t tcp, udp, ping;
	atomic_int last_error;
};

#define TICK_MS 100
#define UDP_PORT_LO 20000
#define UDP_PORT_HI 60000
#define DEMO_SOURCES 8 /* 127.0.0.2 … 127.0.0.9 */
/* UDP goes to a few services of their own (127.0.0.50 … 127.0.0.52), so the
 * top destinations pane has more than the web front to show */
#define DEMO_UDP_FIRST 50
#define DEMO_UDP_SERVICES 3

static const unsigned rate_steps[] = { 0, 10, 20, 50, 100, 200, 500, 1000, 2000 };
#define NSTEPS (sizeof rate_steps / sizeof rate_steps[0])

int demo_shared_map(struct demo *d)
{
	struct demo_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return -errno;
	atomic_store(&sh->rate, DEMO_RATE_DEFAULT);
	d->shared = sh;
	return 0;
}

void demo_shared_unmap(struct demo *d)
{
	if (d->shared) {
		munmap(d->shared, sizeof *d->shared);
		d->shared = NULL;
	}
}

static void note_error(struct demo_shared *sh, int ret)
{
	if (ret < 0)
		atomic_store(&sh->last_error, ret);
}

/* Each tick: short TCP connections that end in TIME_WAIT (most of the
 * table, as behind a busy web front), one-way UDP flows, and pings. */
static void one_tick(struct demo_shared *sh, unsigned flows, unsigned round, uint16_t *port)
{
	struct lg_addr dst, src, udp_dst;
	char text[16];
	lg_addr_parse("127.0.0.1", &dst);
	snprintf(text, sizeof text, "127.0.0.%u", 2 + round % DEMO_SOURCES);
	lg_addr_parse(text, &src);
	snprintf(text, sizeof text, "127.0.0.%u", DEMO_UDP_FIRST + round % DEMO_UDP_SERVICES);
	lg_addr_parse(text, &udp_dst);
	unsigned ntcp = flows * 7 / 10, nping = flows / 20, nudp = flows - ntcp - nping;
	if (ntcp) {
		unsigned done = 0;
		note_error(sh, lg_tcp_timewait(&src, &dst, ntcp, &done));
		atomic_fetch_add(&sh->tcp, done);
	}
	if (nudp) {
		if (*port + nudp > UDP_PORT_HI)
			*port = UDP_PORT_LO;
		struct lg_udp_flows f = {
			.src = src, .dst = udp_dst,
			.port_lo = *port, .port_hi = (uint16_t)(*port + nudp - 1),
			.sockets = 1, .limit = nudp,
		};
		uint64_t sent = 0;
		note_error(sh, lg_udp_send(&f, &sent));
		atomic_fetch_add(&sh->udp, sent);
		*port = (uint16_t)(*port + nudp);
	}
	if (nping) {
		unsigned replies = 0;
		note_error(sh, lg_ping(&dst, nping, &replies));
		atomic_fetch_add(&sh->ping, nping);
	}
}

static void __attribute__((noreturn)) generator_main(struct demo_shared *sh, pid_t parent)
{
	/* a SIGKILLed ctdash takes the generator with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	prctl(PR_SET_NAME, "ctdash-loadgen");
	child_quiet_stdio();
	double carry = 0;
	uint16_t port = UDP_PORT_LO;
	for (unsigned round = 0;; round++) {
		double t0 = mono_ms();
		carry += atomic_load(&sh->rate) * (TICK_MS / 1000.0);
		unsigned flows = (unsigned)carry;
		carry -= flows;
		one_tick(sh, flows, round, &port);
		sleep_ms(TICK_MS - (long)(mono_ms() - t0));
	}
}

int demo_generator_start(struct demo *d)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(d->janitor_fd); /* only ctdash may hold it open */
		generator_main(d->shared, parent);
	}
	d->generator = pid;
	return 0;
}

void demo_generator_stop(struct demo *d)
{
	if (d->generator > 0) {
		kill(d->generator, SIGKILL);
		child_wait(d->generator, NULL);
		d->generator = 0;
	}
}

unsigned demo_rate(const struct demo *d)
{
	return d->shared ? atomic_load(&d->shared->rate) : 0;
}

unsigned demo_set_rate(struct demo *d, unsigned per_second)
{
	if (per_second > DEMO_RATE_MAX)
		per_second = DEMO_RATE_MAX;
	if (d->shared)
		atomic_store(&d->shared->rate, per_second);
	return demo_rate(d);
}

unsigned demo_rate_up(struct demo *d)
{
	unsigned cur = demo_rate(d);
	for (unsigned i = 0; i < NSTEPS; i++)
		if (rate_steps[i] > cur)
			return demo_set_rate(d, rate_steps[i]);
	return cur;
}

unsigned demo_rate_down(struct demo *d)
{
	unsigned cur = demo_rate(d);
	for (unsigned i = NSTEPS; i-- > 0;)
		if (rate_steps[i] < cur)
			return demo_set_rate(d, rate_steps[i]);
	return cur;
}

void demo_counts(const struct demo *d, struct demo_counts *c)
{
	memset(c, 0, sizeof *c);
	if (!d->shared)
		return;
	c->tcp = atomic_load(&d->shared->tcp);
	c->udp = atomic_load(&d->shared->udp);
	c->ping = atomic_load(&d->shared->ping);
	c->last_error = atomic_load(&d->shared->last_error);
}
