/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The janitor: a child process that removes the demo's namespace when
 * ctdash is gone, however it ended (even by SIGKILL), because the pipe
 * to it closes then. Internal to the demo library. */
#ifndef CTDASH_DEMO_JANITOR_H
#define CTDASH_DEMO_JANITOR_H

struct demo;

/* Start it for d->path; sets d->janitor and d->janitor_fd. 0 or -errno. */
int demo_janitor_start(struct demo *d);
/* 'a': the namespace is ours, remove it when the pipe closes; 'd': it is
 * gone already. Before 'a', a name that existed is never touched. 0, or
 * -errno when the janitor cannot be told (it is gone). */
int demo_janitor_tell(struct demo *d, char c);
/* Close the pipe and wait for the janitor. Idempotent. */
void demo_janitor_stop(struct demo *d);

#endif
