/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/nsscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/grow.h"
#include "collect/nsowner.h"
#include "collect/sysctl.h"

const char *ns_label(const struct ns_info *ns, char *buf, size_t n)
{
	/* a name that reads as one of the labels made up below (ip netns add
	 * init) is given with its folder: a name holds no '/', so no made-up
	 * label and no other name can be the same */
	if (ns->name[0] && (strcmp(ns->name, "init") == 0 || strncmp(ns->name, "inode:", 6) == 0))
		snprintf(buf, n, "/run/netns/%s", ns->name);
	else if (ns->name[0])
		snprintf(buf, n, "%s", ns->name);
	else if (ns->initial)
		snprintf(buf, n, "init");
	else
		snprintf(buf, n, "inode:%llu", (unsigned long long)ns->inode);
	return buf;
}

const char *ns_dash_label(const struct ns_info *ns, char *buf, size_t n)
{
	if (ns->name[0])
		snprintf(buf, n, "%s", ns->name);
	else if (ns->nholders)
		snprintf(buf, n, "pid:%d", (int)ns->pids[0]);
	else
		buf[0] = '\0';
	return buf;
}

const struct ns_info *nsscan_self(const struct ns_table *t)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->ns[i].inode == t->self_inode)
			return &t->ns[i];
	return NULL;
}

double ns_fill(const struct ns_info *ns, uint64_t max)
{
	return max ? (double)ns->count / (double)max : 0.0;
}

/* --- which container: the cgroup path says (collect/nsowner.c) ---------- */

void nsscan_container(const struct workload *w, char *out, size_t n)
{
	/* the names this short form has always used */
	const char *kind = w->kind == WL_POD ? "kubepods" : w->kind == WL_CRIO ? "cri-o"
			 : workload_kind_name(w->kind);
	if (w->kind == WL_NONE)
		out[0] = '\0';
	else if (w->container_id[0])
		snprintf(out, n, "%s:%.12s", kind, w->container_id);
	else if (w->kind == WL_POD)
		snprintf(out, n, "%s:pod%.8s", kind, w->pod_uid);
	else
		snprintf(out, n, "%s:%s", kind, w->name);
}

/* --- finding the namespaces ------------------------------------------------- */

struct found {
	struct ns_info *ns;
	size_t n, cap;
};

static struct ns_info *by_inode(struct found *f, uint64_t inode)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->ns[i].inode == inode)
			return &f->ns[i];
	struct ns_info *grown = grow_array(f->ns, &f->cap, f->n + 1, sizeof *grown, 16);
	if (!grown)
		return NULL;
	f->ns = grown;
	struct ns_info *ns = &f->ns[f->n++];
	memset(ns, 0, sizeof *ns);
	ns->inode = inode;
	return ns;
}

static int read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t got = read(fd, buf, n - 1);
	int err = errno;
	close(fd);
	if (got < 0)
		return -err;
	buf[got] = '\0';
	return (int)got;
}

static void add_named(struct found *f)
{
	DIR *d = opendir("/run/netns");
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char path[300];
		struct stat st;
		snprintf(path, sizeof path, "/run/netns/%s", e->d_name);
		if (stat(path, &st) < 0 || strlen(e->d_name) >= NS_NAME_MAX)
			continue;
		struct ns_info *ns = by_inode(f, st.st_ino);
		if (ns && !ns->name[0])
			snprintf(ns->name, sizeof ns->name, "%.*s", (int)sizeof ns->name - 1, e->d_name);
	}
	closedir(d);
}

static void note_holder(struct ns_info *ns, pid_t pid, double *owner_cpu_ms)
{
	char path[64], buf[32];
	if (ns->nholders < NS_PIDS_MAX)
		ns->pids[ns->nholders] = pid;
	ns->nholders++;
	if (!ns->comm[0]) {
		snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
		if (read_small(path, buf, sizeof ns->comm) > 0) {
			buf[strcspn(buf, "\n")] = '\0';
			memcpy(ns->comm, buf, sizeof ns->comm); /* read at most 16 */
		}
	}
	if (ns->workload.kind == WL_NONE && ns->nholders <= NS_OWNER_TRIES) {
		double t0 = thread_cpu_ms();
		nsowner_from_pid(pid, &ns->workload);
		*owner_cpu_ms += thread_cpu_ms() - t0;
		nsscan_container(&ns->workload, ns->container, sizeof ns->container);
	}
}

static void add_held(struct found *f, double *owner_cpu_ms)
{
	DIR *d = opendir("/proc");
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		char path[64];
		struct stat st;
		snprintf(path, sizeof path, "/proc/%ld/ns/net", pid);
		if (stat(path, &st) < 0) /* gone, or not ours to look at */
			continue;
		struct ns_info *ns = by_inode(f, st.st_ino);
		if (ns)
			note_holder(ns, (pid_t)pid, owner_cpu_ms);
	}
	closedir(d);
}

/* --- reading each one ------------------------------------------------------- */

int nsscan_open(const struct ns_info *ns)
{
	char path[300];
	if (ns->name[0]) {
		snprintf(path, sizeof path, "/run/netns/%s", ns->name);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			return fd;
	}
	unsigned kept = ns->nholders < NS_PIDS_MAX ? ns->nholders : NS_PIDS_MAX;
	for (unsigned i = 0; i < kept; i++) {
		struct stat st;
		snprintf(path, sizeof path, "/proc/%d/ns/net", (int)ns->pids[i]);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		/* the pid may have been reused by a process elsewhere */
		if (fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == ns->inode)
			return fd;
		if (fd >= 0)
			close(fd);
	}
	return -ENOENT;
}

/* Whether ns is gone: neither its name nor any of its holders leads to it. */
static bool ended(const struct ns_info *ns)
{
	int fd = nsscan_open(ns);
	if (fd >= 0)
		close(fd);
	return fd == -ENOENT;
}

struct reader {
	struct ns_table *t;
	uint64_t self_inode;
	uint64_t here;               /* the namespace the thread is in now */
	struct ct_timeout *init_to;  /* CT_TIMEOUT_MAX of them */
	int init_nto;
	struct ct_timeout *to;       /* scratch */
	double addr_cpu_ms;          /* reading the interfaces' addresses */
	bool counts_only;            /* nsscan_recount: the count and counters */
};

static void read_here(struct reader *r, struct ns_info *ns)
{
	uint64_t count;
	int ret = sysctl_read_u64("nf_conntrack_count", &count);
	if (ret < 0) {
		ns->err = -ret;
		return;
	}
	ns->count = count;
	ns->read_ms = mono_ms();
	if (nsstats_read_here(&ns->st) < 0)
		ns->st.have = false;
	if (r->counts_only)
		return;
	double t0 = thread_cpu_ms();
	nsowner_read_addrs(ns);
	r->addr_cpu_ms += thread_cpu_ms() - t0;
	int nto = sysctl_discover_timeouts(r->to, CT_TIMEOUT_MAX);
	if (ns->initial) {
		memcpy(r->init_to, r->to, sizeof *r->to * (size_t)(nto > 0 ? nto : 0));
		r->init_nto = nto;
		return;
	}
	for (int i = 0; i < nto && ns->ndiff < NS_DIFF_MAX; i++)
		for (int j = 0; j < r->init_nto; j++)
			if (strcmp(r->to[i].name, r->init_to[j].name) == 0 &&
			    r->to[i].value != r->init_to[j].value)
				ns->diff[ns->ndiff++] = r->to[i];
}

/* setns only when not there already: without CAP_SYS_ADMIN the thread's
 * own namespace can still be read. */
static int enter(struct reader *r, struct ns_info *ns, int self_fd)
{
	if (ns->inode == r->here)
		return 0;
	int fd = ns->inode == r->self_inode ? dup(self_fd) : nsscan_open(ns);
	if (fd < 0)
		return fd == -1 ? -errno : fd;
	int ret = setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
	close(fd);
	if (ret == 0)
		r->here = ns->inode;
	return ret;
}

/* The initial namespace first (the others are compared with it), then
 * ctdash's own (readable without entering anything), then the rest. */
static int read_order(const struct reader *r, const struct ns_info *ns)
{
	return ns->initial ? 0 : ns->inode == r->self_inode ? 1 : 2;
}

/* This thread alone changes namespace; it goes back to its own and checks
 * it did before ending, though ending would drop the others anyway. */
static void *reader_thread(void *arg)
{
	struct reader *r = arg;
	struct ns_table *t = r->t;
	int self_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self_fd < 0)
		return (void *)(intptr_t)-errno;
	for (int pass = 0; pass < 3; pass++) {
		for (unsigned i = 0; i < t->n; i++) {
			struct ns_info *ns = &t->ns[i];
			if (read_order(r, ns) != pass)
				continue;
			int ret = enter(r, ns, self_fd);
			if (ret == 0)
				read_here(r, ns);
			/* no name and no process left in it since the listing:
			 * it ended (entering it, or its sysctls, failed for
			 * that), it did not refuse us. EINVAL from setns: the
			 * name is no namespace any more, a plain file that `ip
			 * netns del` has unmounted and not yet removed */
			if ((ret == -EINVAL || ((ret < 0 || ns->err) && ended(ns))) &&
			    ns->inode != r->self_inode) {
				ns->gone = true;
				continue;
			}
			if (ret < 0) {
				ns->err = -ret;
				if (!t->enter_err)
					t->enter_err = -ret;
				continue;
			}
			t->entered += ns->err == 0;
		}
	}
	intptr_t back = 0;
	if (r->here != r->self_inode && setns(self_fd, CLONE_NEWNET) < 0)
		back = -errno;
	struct stat st;
	if (back == 0 && (stat("/proc/thread-self/ns/net", &st) < 0 || st.st_ino != r->self_inode))
		back = -EIO;
	close(self_fd);
	return (void *)back;
}

static int by_fill(const void *a, const void *b)
{
	const struct ns_info *x = a, *y = b;
	if ((x->err == 0) != (y->err == 0))
		return x->err == 0 ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

static int read_all(struct ns_table *t, uint64_t self_inode, bool counts_only)
{
	struct reader r = { .t = t, .self_inode = self_inode, .here = self_inode,
			    .counts_only = counts_only };
	r.init_to = calloc(CT_TIMEOUT_MAX, sizeof *r.init_to);
	r.to = calloc(CT_TIMEOUT_MAX, sizeof *r.to);
	int ret = -ENOMEM;
	pthread_t th;
	if (r.init_to && r.to && (ret = -pthread_create(&th, NULL, reader_thread, &r)) == 0) {
		void *res;
		pthread_join(th, &res);
		ret = (int)(intptr_t)res;
		t->owner_cpu_ms += r.addr_cpu_ms;
	}
	free(r.init_to);
	free(r.to);
	return ret;
}

/* The host's own namespace: pid 1's, or, where pid 1 cannot be looked at
 * (a sandbox that hides it), the kernel threads' (kthreadd, pid 2), which
 * always live in it. */
static bool initial_ns(struct stat *st)
{
	char comm[32];
	if (stat("/proc/1/ns/net", st) == 0)
		return true;
	return read_small("/proc/2/comm", comm, sizeof comm) > 0 &&
	       strcmp(comm, "kthreadd\n") == 0 && stat("/proc/2/ns/net", st) == 0;
}

int nsscan_run(struct ns_table *t)
{
	double t0 = mono_ms();
	struct found f = { 0 };
	struct stat self, init;
	memset(t, 0, sizeof *t);
	if (stat("/proc/self/ns/net", &self) < 0)
		return -errno;
	bool have_init = initial_ns(&init);
	add_named(&f);
	double owner_cpu_ms = 0;
	add_held(&f, &owner_cpu_ms);
	if (!by_inode(&f, self.st_ino)) { /* ctdash's own, at least */
		free(f.ns);
		return -ENOMEM;
	}
	for (size_t i = 0; i < f.n; i++)
		f.ns[i].initial = have_init && f.ns[i].inode == init.st_ino;
	t->ns = f.ns;
	t->n = (unsigned)f.n;
	t->self_inode = self.st_ino;
	if (sysctl_read_u64("nf_conntrack_max", &t->max) < 0)
		t->max = 0;
	int ret = read_all(t, self.st_ino, false);
	nsscan_drop_gone(t);
	t->owner_cpu_ms += owner_cpu_ms + nsowner_name_all(t);
	qsort(t->ns, t->n, sizeof *t->ns, by_fill);
	t->scan_ms = mono_ms() - t0;
	return ret;
}

int nsscan_recount(struct ns_table *t)
{
	t->entered = 0;
	t->enter_err = 0;
	for (unsigned i = 0; i < t->n; i++) {
		t->ns[i].err = 0;
		memset(&t->ns[i].st, 0, sizeof t->ns[i].st);
	}
	int ret = read_all(t, t->self_inode, true);
	nsscan_drop_gone(t);
	return ret;
}

void nsscan_drop_gone(struct ns_table *t)
{
	unsigned kept = 0;
	for (unsigned i = 0; i < t->n; i++)
		if (!t->ns[i].gone)
			t->ns[kept++] = t->ns[i];
	t->n = kept;
}

void nsscan_free(struct ns_table *t)
{
	free(t->ns);
	t->ns = NULL;
	t->n = 0;
}
