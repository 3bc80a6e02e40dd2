/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The demo's load generator: a child process in the demo's namespace
 * that makes short TCP connections, UDP flows and pings on loopback at
 * the rate ctdash sets, through memory both share. The rate and count
 * functions of demo.h are here. Internal to the demo library. */
#ifndef CTDASH_DEMO_GENERATOR_H
#define CTDASH_DEMO_GENERATOR_H

struct demo;

/* The memory ctdash and the generator share, at DEMO_RATE_DEFAULT.
 * 0 or -errno. */
int demo_shared_map(struct demo *d);
void demo_shared_unmap(struct demo *d);
/* Fork the generator in the current namespace; sets d->generator. It dies
 * with ctdash (PR_SET_PDEATHSIG). 0 or -errno. */
int demo_generator_start(struct demo *d);
/* Kill it and wait for it. Idempotent. */
void demo_generator_stop(struct demo *d);

#endif
