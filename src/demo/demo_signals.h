/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ways out the demo must clean up after: exit() and the fatal
 * signals (SIGINT, SIGTERM, SIGHUP) while no one else handles them.
 * Internal to the demo library. */
#ifndef CTDASH_DEMO_SIGNALS_H
#define CTDASH_DEMO_SIGNALS_H

struct demo;

/* d is the demo this process runs: remove it on exit() and on the fatal
 * signals still at their default. */
void demo_signals_watch(struct demo *d);
/* d no longer needs it (demo_stop); the signals go back to their
 * default. */
void demo_signals_release(struct demo *d);
/* The demo watched now, or NULL. Only the cleanup needs it: the
 * dashboard is handed its demo by main. */
struct demo *demo_signals_live(void);

#endif
