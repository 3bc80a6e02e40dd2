/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctdash --demo: a private network namespace with conntrack active and a
 * load generator on loopback inside, so tuning can be shown live without
 * touching the host. Everything it makes is removed on every way out:
 * demo_stop, exit(), SIGINT, SIGTERM, SIGHUP, and even SIGKILL of ctdash
 * (a janitor process removes the namespace when ctdash is gone, and the
 * generator dies with its parent through PR_SET_PDEATHSIG).
 *
 * The namespace is made the way `ip netns add` makes one (unshare, then a
 * bind mount at /run/netns/NAME) rather than by running ip: `ip netns`
 * and `ip netns exec` see it all the same, iproute2 is not needed, and
 * removing it is two system calls (umount2, unlink) that are safe in a
 * signal handler and in the janitor, where running a program is not. */
#ifndef CTDASH_DEMO_H
#define CTDASH_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DEMO_NAME_PREFIX "ctdash-demo-"
#define DEMO_NETNS_DIR "/run/netns"
/* New flows per second at the start, and the bounds of the rate: at the
 * top, TIME_WAIT entries at the default 120 s stay under 250,000. */
#define DEMO_RATE_DEFAULT 200
#define DEMO_RATE_MAX 2000

struct demo_shared;

struct demo {
	char name[64];    /* ctdash-demo-<pid> */
	char path[128];   /* DEMO_NETNS_DIR/name */
	pid_t generator;
	pid_t janitor;
	int janitor_fd;   /* closing it tells the janitor to clean up */
	struct demo_shared *shared;
	bool active;
};

/* What the generator made so far. */
struct demo_counts {
	uint64_t tcp, udp, ping;
	int last_error;   /* 0, or the negative errno of the last failed batch */
};

/* Create the namespace (bound under /run/netns like `ip netns add`),
 * enter it, bring up lo, load an nft `ct state` rule with `nft -f -`,
 * and start the generator at DEMO_RATE_DEFAULT. 0 or -errno; err says
 * what failed, and nothing is left behind then. */
int demo_start(struct demo *d, char *err, size_t errlen);
/* Stop the generator and remove the namespace. Idempotent. */
void demo_stop(struct demo *d);

unsigned demo_rate(const struct demo *d);
/* Clamped to [0, DEMO_RATE_MAX]; returns the rate set. */
unsigned demo_set_rate(struct demo *d, unsigned per_second);
/* One step along 0 10 20 50 100 200 500 1000 2000. */
unsigned demo_rate_up(struct demo *d);
unsigned demo_rate_down(struct demo *d);
void demo_counts(const struct demo *d, struct demo_counts *c);

/* Wait until the demo's table holds at least min entries, at most
 * timeout_ms; returns the count then (the caller is inside the
 * namespace), or -errno when it cannot be read. */
int64_t demo_wait_for_entries(uint64_t min, unsigned timeout_ms);

#endif
