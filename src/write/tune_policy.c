/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/tune_policy.h"

#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/bufprintf.h"
#include "model/labels.h"
#include "collect/netns.h"
#include "collect/sysctl.h"

static int home_netns = -1;
static bool home_initial;  /* it is pid 1's */

void tune_keep_home(void)
{
	if (home_netns >= 0)
		return;
	home_netns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	/* judged now, as tune_init judges: pid 1's namespace when it may be
	 * looked at, else the kernel's mark (nf_conntrack_max is writable
	 * only in the initial namespace) */
	struct stat home, init, max;
	if (home_netns < 0 || fstat(home_netns, &home) < 0)
		home_initial = false;
	else if (stat("/proc/1/ns/net", &init) == 0)
		home_initial = home.st_ino == init.st_ino && home.st_dev == init.st_dev;
	else
		home_initial = stat(CT_SYSCTL_DIR "/" TUNE_MAX_NAME, &max) == 0 &&
			       (max.st_mode & S_IWUSR) != 0;
}

static bool home_is_initial(void)
{
	return home_netns >= 0 && home_initial;
}

static bool is_global(const char *name)
{
	enum tune_target target = tune_target_of(name);
	return target == TUNE_MAX || target == TUNE_HASHSIZE;
}

int tune_global_begin(const struct tune_ctx *t, const char *name)
{
	if (!t->global_from_home || !is_global(name))
		return -1;
	/* this thread only: the sampler's threads stay where they read */
	int back = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (back < 0)
		return -errno;
	if (setns(home_netns, CLONE_NEWNET) < 0) {
		int e = errno;
		close(back);
		return -e;
	}
	return back;
}

void tune_global_end(int back)
{
	if (back < 0)
		return;
	/* the namespace it came from still exists: back holds it */
	(void)setns(back, CLONE_NEWNET);
	close(back);
}

void tune_init(struct tune_ctx *t, const char *ns_label, const char *journal_path, bool read_only)
{
	memset(t, 0, sizeof *t);
	snprintf(t->sysctl_dir, sizeof t->sysctl_dir, "%s", CT_SYSCTL_DIR);
	snprintf(t->max_path, sizeof t->max_path, "%s/%s", CT_SYSCTL_DIR, TUNE_MAX_NAME);
	snprintf(t->hashsize_path, sizeof t->hashsize_path, "%s", CT_HASHSIZE_PATH);
	snprintf(t->journal_path, sizeof t->journal_path, "%s",
		 journal_path ? journal_path : JOURNAL_DEFAULT_PATH);
	snprintf(t->ns, sizeof t->ns, "%s", ns_label ? ns_label : "");
	t->read_only = read_only;
	t->journal.fd = -1;
	t->ns_named = netns_label_is_current(t->ns) == 1;

	struct stat self, init, max;
	t->initial_ns = -1;
	if (stat("/proc/self/ns/net", &self) == 0)
		t->nsid = self.st_ino;
	/* pid 1's namespace is the initial one, when we may look at it;
	 * otherwise the kernel's own mark: outside the initial namespace it
	 * makes nf_conntrack_max read-only (0444) */
	if (t->nsid && stat("/proc/1/ns/net", &init) == 0)
		t->initial_ns = self.st_ino == init.st_ino && self.st_dev == init.st_dev;
	else if (stat(CT_SYSCTL_DIR "/" TUNE_MAX_NAME, &max) == 0)
		t->initial_ns = (max.st_mode & S_IWUSR) != 0;
	t->global_from_home = t->initial_ns == 0 && home_is_initial();
}

void tune_free(struct tune_ctx *t)
{
	journal_close(&t->journal);
	free(t->done);
	t->done = NULL;
	t->ndone = t->capdone = 0;
}

enum tune_target tune_target_of(const char *name)
{
	if (!name)
		return TUNE_UNKNOWN;
	if (strcmp(name, TUNE_HASHSIZE_NAME) == 0)
		return TUNE_HASHSIZE;
	if (strcmp(name, TUNE_MAX_NAME) == 0)
		return TUNE_MAX;
	if (strcmp(name, TUNE_ACCT_NAME) == 0)
		return TUNE_SWITCH;
	return is_timeout_sysctl(name) ? TUNE_TIMEOUT : TUNE_UNKNOWN;
}

int tune_path(const struct tune_ctx *t, const char *name, char *buf, size_t n)
{
	int len;
	switch (tune_target_of(name)) {
	case TUNE_TIMEOUT:
	case TUNE_SWITCH:
		len = snprintf(buf, n, "%s/%s", t->sysctl_dir, name);
		break;
	case TUNE_MAX:
		len = snprintf(buf, n, "%s", t->max_path);
		break;
	case TUNE_HASHSIZE:
		len = snprintf(buf, n, "%s", t->hashsize_path);
		break;
	default:
		return -EINVAL;
	}
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

int tune_read(const struct tune_ctx *t, const char *name, uint64_t *value)
{
	char path[512];
	int ret = tune_path(t, name, path, sizeof path);
	if (ret < 0)
		return ret;
	int back = tune_global_begin(t, name);
	if (back < -1)
		return back;
	ret = read_u64_file(path, value);
	tune_global_end(back);
	return ret;
}
const char *tune_writes_refused(const struct tune_ctx *t)
{
	if (t->read_only)
		return "read-only mode (--read-only): ctdash changes nothing";
	/* writes would reach a namespace nobody can name any more */
	if (t->ns_named && netns_label_is_current(t->ns) == 0)
		return "the namespace ctdash was asked to read is gone (its name or process no "
		       "longer points at it): ctdash changes nothing in it";
	return NULL;
}

static const char *ns_shown(const struct tune_ctx *t)
{
	return t->ns[0] ? t->ns : "ctdash's own";
}

const char *tune_refusal(const struct tune_ctx *t, const char *name, char *buf, size_t n)
{
	const char *ro = tune_writes_refused(t);
	if (ro)
		return buf_printf(buf, n, "%s", ro);
	enum tune_target target = tune_target_of(name);
	if (target == TUNE_UNKNOWN)
		return buf_printf(buf, n, "%s is not a setting ctdash changes", name);
	if (target == TUNE_MAX && t->initial_ns == 0 && !t->global_from_home)
		return buf_printf(buf, n, "nf_conntrack_max is global: the kernel lets only the initial "
			 "network namespace change it, and this is namespace '%s'", ns_shown(t));
	if (target == TUNE_HASHSIZE && t->initial_ns == 0 && !t->global_from_home)
		return buf_printf(buf, n, "the bucket count (hashsize) is global: it can be changed only "
			 "from the initial network namespace, and this is namespace '%s'", ns_shown(t));
	char path[512];
	if (tune_path(t, name, path, sizeof path) < 0)
		return buf_printf(buf, n, "%s: path too long", name);
	if (t->kernel_decides)
		return NULL;
	int back = tune_global_begin(t, name);
	if (back < -1)
		return buf_printf(buf, n, "%s is global, and ctdash cannot go back to the initial "
				  "namespace to change it: %s", name, strerror(-back));
	int ok = faccessat(AT_FDCWD, path, W_OK, AT_EACCESS);
	int e = errno;
	tune_global_end(back);
	if (ok == 0)
		return NULL;
	if (e == ENOENT)
		snprintf(buf, n, "this kernel has no %s (%s)", name, path);
	else if (e == EROFS)
		snprintf(buf, n, "%s is on a read-only file system (as /proc/sys is in many containers)", path);
	else if ((e == EACCES || e == EPERM) && geteuid() == 0 && target == TUNE_MAX)
		snprintf(buf, n, "nf_conntrack_max is read-only here: the kernel lets only the initial "
			 "network namespace change it");
	else if (e == EACCES || e == EPERM)
		tune_permission_problem(name, buf, n);
	else
		snprintf(buf, n, "%s cannot be written: %s", path, strerror(e));
	return buf;
}

const char *tune_permission_problem(const char *name, char *buf, size_t n)
{
	/* uid 0 in a user namespace that does not own the network namespace
	 * is root to itself only: say so, "needs root" would puzzle it */
	if (geteuid() == 0)
		return buf_printf(buf, n, "the kernel does not let this process change %s: it needs "
				  "CAP_NET_ADMIN over this network namespace (root of a user "
				  "namespace that does not own it is not enough)", name);
	return buf_printf(buf, n, "changing %s needs root (CAP_NET_ADMIN in this namespace)", name);
}

const char *tune_validate(const char *name, uint64_t value, char *buf, size_t n)
{
	switch (tune_target_of(name)) {
	case TUNE_TIMEOUT:
		if (value == 0)
			return buf_printf(buf, n, "0 would end every entry in this state at once: "
					"ctdash writes at least 1 second");
		if (value > INT_MAX)
			return buf_printf(buf, n, "a timeout can be at most %d seconds", INT_MAX);
		return NULL;
	case TUNE_MAX:
		if (value == 0)
			return buf_printf(buf, n, "0 would remove the limit on the table: ctdash writes at least 1");
		if (value > INT_MAX)
			return buf_printf(buf, n, "nf_conntrack_max can be at most %d", INT_MAX);
		return NULL;
	case TUNE_HASHSIZE:
		if (value == 0)
			return buf_printf(buf, n, "the table needs at least 1 bucket");
		if (value > TUNE_HASHSIZE_LIMIT)
			return buf_printf(buf, n, "the kernel takes at most %u buckets", TUNE_HASHSIZE_LIMIT);
		return NULL;
	case TUNE_SWITCH:
		if (value > 1)
			return buf_printf(buf, n, "%s is a switch: 0 (off) or 1 (on)", name);
		return NULL;
	default:
		return buf_printf(buf, n, "%s is not a setting ctdash changes", name);
	}
}
