/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entering another network namespace before anything is read. */
#ifndef CTDASH_NETNS_H
#define CTDASH_NETNS_H

#include <stddef.h>
#include <sys/types.h>

/* Enter /run/netns/NAME, as ip-netns(8) names them. 0 or -errno
 * (-EINVAL for a name with a slash, -ENOENT when there is no such one). */
int netns_enter_name(const char *name);
/* Why ctdash refuses a namespace name, or NULL. It must fit in a label
 * (NAME_MAX bytes), may not hold a control character (a newline in it
 * reached the exported sysctl file as a setting of its own) and may not
 * start with "pid:", which names --netns-pid's labels (the "same by
 * hand" command took such a name for a process). */
const char *netns_name_problem(const char *name);
/* Enter the namespace of a running process. */
int netns_enter_pid(pid_t pid);

/* Enter the namespace an open descriptor names (the calling thread only).
 * 0 or -errno. */
int netns_enter_fd(int fd);

/* Whether label, as main.c makes it ("" for ctdash's own namespace, the
 * --netns NAME, or "pid:N"), still names the namespace ctdash is in: an
 * operator may delete the name, or the process may exit, while ctdash
 * keeps the namespace alive by being in it. 1 yes, 0 no, -1 unknown. */
int netns_label_is_current(const char *label);

#endif
