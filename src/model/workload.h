/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who owns a network namespace: the container runtime and id named by a
 * process's cgroup path, the Kubernetes pod around it, and the names the
 * node's own files give them. Pure parsing of untrusted text (cgroup
 * paths, kubelet directory names, Docker state files, hostnames); the
 * reading is collect/nsowner.c. */
#ifndef CTDASH_WORKLOAD_H
#define CTDASH_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>

enum wl_kind {
	WL_NONE,
	WL_DOCKER,
	WL_CONTAINERD,
	WL_CRIO,
	WL_PODMAN,
	WL_NSPAWN,
	WL_LXC,
	WL_POD,        /* a Kubernetes pod, whatever its runtime */
};

#define WL_ID_MAX 65    /* a container id: 64 hex digits */
#define WL_UID_MAX 37   /* a pod UID: 8-4-4-4-12, or 32 hex (static pods) */
#define WL_NAME_MAX 128 /* a name, escaped (workload_clean) and cut short */

struct workload {
	enum wl_kind kind;
	char container_id[WL_ID_MAX]; /* hex, or "" */
	char pod_uid[WL_UID_MAX];     /* for WL_POD, dashes, or "" */
	char namespace[WL_NAME_MAX];  /* a pod's Kubernetes namespace, or "" */
	char name[WL_NAME_MAX];       /* pod, container or machine name, or "" */
	bool name_from_hostname;      /* name is the sandbox's UTS hostname */
};

/* "docker", "containerd", "crio", "podman", "nspawn", "lxc", "pod", or
 * "" for WL_NONE. */
const char *workload_kind_name(enum wl_kind kind);

/* The owner named by the text of /proc/PID/cgroup (v2 "0::/path" and v1
 * "N:controllers:/path" lines; systemd and cgroupfs drivers). Of all the
 * lines, the one that says most (a pod over a container over nothing).
 * false and w->kind == WL_NONE when no line names one. */
bool workload_from_cgroup(const char *cgroup_text, struct workload *w);

/* A kubelet pod log directory name, "<namespace>_<name>_<uid>": true and
 * the three parts (namespace and name escaped) when it is one. */
bool workload_pod_dir(const char *dirname, char *ns, size_t nsn, char *name, size_t namen,
		      char *uid, size_t uidn);

/* The top-level "Name" of a Docker config.v2.json (its leading '/'
 * dropped), escaped into out; false when there is none. */
bool workload_docker_name(const char *json, size_t len, char *out, size_t n);

/* Untrusted bytes made safe to show anywhere, as one word: printable
 * ASCII but the space kept, every other byte written \xNN, backslash \\,
 * cut at n - 1 bytes with "..." when longer. in need not be terminated. */
void workload_clean(char *out, size_t n, const char *in, size_t len);

/* How the workload reads beside an address or a namespace, one word (a
 * column of --list): "default/web-7d9f", "docker:web",
 * "docker:0123456789ab", "pod:8e6f5d1c" (a pod not named), "" (none). */
const char *workload_label(const struct workload *w, char *buf, size_t n);

#endif
