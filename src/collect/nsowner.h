/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who owns each namespace, read on the node itself (no API server, no
 * runtime socket): its processes' cgroup paths, the kubelet's pod log
 * directories (/var/log/pods/<namespace>_<name>_<uid>), Docker's state
 * files (/var/lib/docker/containers/<id>/config.v2.json) and, for a pod
 * the kubelet's files do not name, its sandbox's UTS hostname. What is
 * read is parsed by model/workload.c. */
#ifndef CTDASH_NSOWNER_H
#define CTDASH_NSOWNER_H

#include <sys/types.h>

#include "model/workload.h"

#include "model/addrowner.h"

struct ns_table;
struct ns_info;

/* The owner the cgroup of pid names, into w (WL_NONE when none). */
void nsowner_from_pid(pid_t pid, struct workload *w);

/* Names for every namespace's workload: pods from the kubelet's
 * directories, else their hostname; Docker containers from their state
 * files. Bounded: one listing of /var/log/pods a call, one small file a
 * Docker container. Returns the CPU it took, in milliseconds (its
 * thread's included). */
double nsowner_name_all(struct ns_table *t);

/* The addresses of the interfaces of the namespace the calling thread is
 * in, into ns (loopback and link-local left out: every namespace has
 * them). */
void nsowner_read_addrs(struct ns_info *ns);

/* Who owns an address: every address of every namespace a workload owns,
 * into m (sorted, ready for addrowners_find). 0 or -ENOMEM. */
int nsowner_addr_map(const struct ns_table *t, struct addr_owners *m);

#endif
