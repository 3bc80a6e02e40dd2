/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The demo's network namespace, made the way `ip netns add` makes one:
 * unshare, then a bind mount at /run/netns/NAME. Internal to the demo
 * library. */
#ifndef CTDASH_DEMO_NETNS_H
#define CTDASH_DEMO_NETNS_H

#include <stddef.h>

/* Unshare into a new network namespace and bind it at path. On failure
 * ctdash is back in the namespace it came from (or err says that it could
 * not get back), and path does not exist. 0 or -errno. */
int demo_netns_create(const char *path, char *err, size_t errlen);
/* Unmount and unlink: two plain system calls, safe in a signal handler
 * and in the janitor. */
void demo_netns_remove(const char *path);
/* Bring up lo in the current namespace. 0 or -errno. */
int demo_loopback_up(void);

#endif
