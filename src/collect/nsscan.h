/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every network namespace on the host, and each one's conntrack count:
 * --all-netns. Counts come from each namespace's own /proc/sys, entered
 * once with setns(2) by a short-lived thread; never a dump per namespace,
 * since every dump walks the host's one shared hash table. */
#ifndef CTDASH_NSSCAN_H
#define CTDASH_NSSCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/model.h"
#include "model/workload.h"
#include "collect/nschurn.h"
#include "collect/nsstats.h"

#define NS_PIDS_MAX 8       /* holders kept per namespace (all are counted) */
/* holders whose cgroup is read per namespace, until one names a workload:
 * a container's own processes share its cgroup, but others may enter its
 * namespace first (nsenter, ip netns exec, a wrapped pid) */
#define NS_OWNER_TRIES 64
#define NS_ADDRS_MAX 16     /* interface addresses kept per namespace */

struct ns_addr {
	uint8_t family;             /* AF_INET, AF_INET6 */
	uint8_t addr[16];
};
#define NS_DIFF_MAX 16      /* timeouts kept that differ from the initial's */
#define NS_NAME_MAX CT_NETNS_NAME_MAX /* a /run/netns name, whole */
#define NS_CONTAINER_MAX 80
#define NS_LABEL_MAX (CT_NETNS_NAME_MAX + 96)

struct ns_info {
	uint64_t inode;                 /* the namespace's nsfs inode */
	char name[NS_NAME_MAX];         /* its /run/netns name, or "" */
	bool initial;                   /* the host's own (pid 1's) */
	pid_t pids[NS_PIDS_MAX];        /* some processes in it, lowest first */
	unsigned nholders;              /* how many processes are in it */
	char comm[17];                  /* the first holder's command */
	char container[NS_CONTAINER_MAX]; /* "docker:0123456789ab", … or "" */
	struct workload workload;       /* who owns it (collect/nsowner.c) */

	bool gone;                      /* ended between the listing and the read */
	int err;                        /* 0 when entered and read, else errno */
	uint64_t count;                 /* nf_conntrack_count there */
	double read_ms;                 /* monotonic ms it was read at: a
					   scan of 500 takes seconds, so rates
					   go by each one's own time */
	struct ct_timeout diff[NS_DIFF_MAX]; /* timeouts unlike the initial's */
	unsigned ndiff;
	struct ns_stats st;             /* its own drop, early_drop, … */
	struct ns_addr addrs[NS_ADDRS_MAX]; /* its interfaces' (not loopback) */
	unsigned naddrs;
	struct ns_churn churn;          /* its top churner (collect/churnwatch.c) */
};

struct ns_table {
	struct ns_info *ns;             /* owned; sorted by fill, fullest first */
	unsigned n;
	uint64_t max;                   /* the global nf_conntrack_max */
	uint64_t self_inode;            /* the namespace ctdash is in */
	int enter_err;                  /* errno of the first refused setns, 0 */
	unsigned entered;               /* namespaces whose count was read */
	double scan_ms;
	double owner_cpu_ms;            /* CPU spent naming the workloads and
					   reading their addresses */
	double churn_cpu_ms;            /* CPU spent hearing the top churners
					   (collect/churnwatch.c), 0 when not */
};

/* Find every namespace (/run/netns, /proc/PID/ns/net, one per inode) and
 * read each one's count and timeouts. 0, or a negative errno when even the
 * list could not be had; a namespace that could not be entered keeps its
 * err (EPERM without CAP_SYS_ADMIN) and the rest is still filled. One that
 * ended in between (its name deleted, its last process gone: containers
 * come and go) is left out, not reported as unreadable. */
int nsscan_run(struct ns_table *t);
void nsscan_free(struct ns_table *t);
/* Read again only each namespace's count and counters (no listing, no
 * owners, no addresses, no timeouts): the same namespaces a moment later,
 * for their rates, at a fraction of nsscan_run's cost. Those gone are left
 * out. 0 or a negative errno, as nsscan_run. */
int nsscan_recount(struct ns_table *t);
/* Leave out the namespaces marked gone (nsscan_run does). */
void nsscan_drop_gone(struct ns_table *t);

/* The short form of a workload kept in ns_info.container (and the
 * "container" key and label): "docker:ID12", "containerd:ID12",
 * "cri-o:ID12", "kubepods:ID12", "nspawn:NAME", … or "" (ID12: the first
 * 12 characters of the container id). */
void nsscan_container(const struct workload *w, char *out, size_t n);

/* The label a namespace carries in reports: its /run/netns name, "init"
 * for the host's own, else "inode:N"; a name that is "init" or starts
 * with "inode:" is given as "/run/netns/NAME", so labels never collide. */
const char *ns_label(const struct ns_info *ns, char *buf, size_t n);
/* A descriptor of the namespace, for setns(2): by its name, else by one of
 * its holders (checked to still be in it). A negative errno when gone. */
int nsscan_open(const struct ns_info *ns);
/* The label the dashboard uses for it, as --netns and --netns-pid do: its
 * name, else "pid:N" of its first holder ("" when it has neither). */
const char *ns_dash_label(const struct ns_info *ns, char *buf, size_t n);

/* The entry for ctdash's own namespace (always listed), or NULL. */
const struct ns_info *nsscan_self(const struct ns_table *t);
/* count / max, 0 when max is unknown. */
double ns_fill(const struct ns_info *ns, uint64_t max);

#endif
