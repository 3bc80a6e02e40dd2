/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/nsowner.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/grow.h"
#include "collect/nsscan.h"

#define PODS_DIR "/var/log/pods"
#define DOCKER_DIR "/var/lib/docker/containers"
#define STATE_FILE_MAX (512 * 1024) /* config.v2.json is a few KiB */

/* Up to n - 1 bytes of path, terminated; the count, or a negative errno. */
static ssize_t read_text(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	size_t got = 0;
	while (got < n - 1) {
		ssize_t r = read(fd, buf + got, n - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

void nsowner_from_pid(pid_t pid, struct workload *w)
{
	char path[64], text[4096];
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
	memset(w, 0, sizeof *w);
	if (read_text(path, text, sizeof text) > 0)
		workload_from_cgroup(text, w);
}

/* --- pods: the kubelet's directories ---------------------------------------- */

struct pod_name {
	char uid[WL_UID_MAX];
	char ns[WL_NAME_MAX];
	char name[WL_NAME_MAX];
};

struct pod_names {
	struct pod_name *p;
	size_t n, cap;
};

static int by_uid(const void *a, const void *b)
{
	return strcmp(((const struct pod_name *)a)->uid, ((const struct pod_name *)b)->uid);
}

static void list_pods(struct pod_names *pods)
{
	DIR *d = opendir(PODS_DIR);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		struct pod_name one;
		if (!workload_pod_dir(e->d_name, one.ns, sizeof one.ns, one.name, sizeof one.name,
				      one.uid, sizeof one.uid))
			continue;
		struct pod_name *grown = grow_array(pods->p, &pods->cap, pods->n + 1, sizeof *grown, 64);
		if (!grown)
			break;
		pods->p = grown;
		pods->p[pods->n++] = one;
	}
	closedir(d);
	qsort(pods->p, pods->n, sizeof *pods->p, by_uid);
}

static bool name_pod(const struct pod_names *pods, struct workload *w)
{
	struct pod_name key;
	snprintf(key.uid, sizeof key.uid, "%s", w->pod_uid);
	const struct pod_name *hit = pods->n ? bsearch(&key, pods->p, pods->n, sizeof key, by_uid) : NULL;
	if (!hit)
		return false;
	memcpy(w->namespace, hit->ns, sizeof w->namespace);
	memcpy(w->name, hit->name, sizeof w->name);
	return true;
}

/* --- Docker: its state file -------------------------------------------------- */

static void name_docker(struct workload *w, char **buf)
{
	char path[160];
	if (strlen(w->container_id) != 64)
		return; /* the directory is named by the whole id */
	if (!*buf && !(*buf = malloc(STATE_FILE_MAX)))
		return;
	snprintf(path, sizeof path, DOCKER_DIR "/%s/config.v2.json", w->container_id);
	ssize_t got = read_text(path, *buf, STATE_FILE_MAX);
	if (got > 0)
		workload_docker_name(*buf, (size_t)got, w->name, sizeof w->name);
}

/* --- pods the kubelet's files do not name: their hostname ------------------ */

/* A thread of its own enters each sandbox's UTS namespace: setns changes
 * only the calling thread, and this one ends after. */
struct hostnames {
	struct ns_table *t;
	double cpu_ms;     /* the thread's, handed back */
};

static void *hostnames_thread(void *arg)
{
	struct hostnames *h = arg;
	struct ns_table *t = h->t;
	double t0 = thread_cpu_ms();
	for (unsigned i = 0; i < t->n; i++) {
		struct ns_info *ns = &t->ns[i];
		if (ns->workload.kind != WL_POD || ns->workload.name[0] || !ns->nholders)
			continue;
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/ns/uts", (int)ns->pids[0]);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct utsname u;
		if (setns(fd, CLONE_NEWUTS) == 0 && uname(&u) == 0) {
			workload_clean(ns->workload.name, sizeof ns->workload.name, u.nodename,
				       sizeof u.nodename);
			ns->workload.name_from_hostname = true;
		}
		close(fd);
	}
	h->cpu_ms = thread_cpu_ms() - t0;
	return NULL;
}

double nsowner_name_all(struct ns_table *t)
{
	double t0 = thread_cpu_ms();
	struct pod_names pods = { 0 };
	char *state = NULL;
	bool unnamed = false;
	bool listed = false;
	for (unsigned i = 0; i < t->n; i++) {
		struct workload *w = &t->ns[i].workload;
		if (w->kind == WL_POD) {
			if (!listed) {
				list_pods(&pods);
				listed = true;
			}
			unnamed |= !name_pod(&pods, w);
		} else if (w->kind == WL_DOCKER) {
			name_docker(w, &state);
		}
	}
	free(pods.p);
	free(state);
	pthread_t th;
	struct hostnames h = { t, 0 };
	double spent = thread_cpu_ms() - t0;
	if (unnamed && pthread_create(&th, NULL, hostnames_thread, &h) == 0)
		pthread_join(th, NULL);
	return spent + h.cpu_ms;
}

/* --- who owns an address -------------------------------------------------- */

static bool worth_keeping(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const uint8_t *a = (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
		return a[0] != 127 && !(a[0] == 169 && a[1] == 254);
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		return !IN6_IS_ADDR_LOOPBACK(a) && !IN6_IS_ADDR_LINKLOCAL(a);
	}
	return false;
}

void nsowner_read_addrs(struct ns_info *ns)
{
	struct ifaddrs *all;
	ns->naddrs = 0;
	if (getifaddrs(&all) < 0)
		return;
	for (struct ifaddrs *i = all; i && ns->naddrs < NS_ADDRS_MAX; i = i->ifa_next) {
		if (!i->ifa_addr || !worth_keeping(i->ifa_addr))
			continue;
		struct ns_addr *a = &ns->addrs[ns->naddrs++];
		memset(a, 0, sizeof *a);
		a->family = (uint8_t)i->ifa_addr->sa_family;
		if (a->family == AF_INET)
			memcpy(a->addr, &((const struct sockaddr_in *)i->ifa_addr)->sin_addr, 4);
		else
			memcpy(a->addr, &((const struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
	}
	freeifaddrs(all);
}

int nsowner_addr_map(const struct ns_table *t, struct addr_owners *m)
{
	char label[NS_LABEL_MAX];
	memset(m, 0, sizeof *m);
	for (unsigned i = 0; i < t->n; i++) {
		const struct ns_info *ns = &t->ns[i];
		if (ns->workload.kind == WL_NONE)
			continue;
		ns_label(ns, label, sizeof label);
		for (unsigned a = 0; a < ns->naddrs; a++)
			if (addrowners_add(m, ns->addrs[a].family, ns->addrs[a].addr, &ns->workload, label) < 0)
				return -ENOMEM;
	}
	addrowners_finish(m);
	return 0;
}
