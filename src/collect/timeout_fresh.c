/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/timeout_fresh.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/child.h"
#include "base/clock.h"
#include "collect/sysctl.h"

/* How long the parent waits for the child's answer. Making and tearing
 * down a namespace takes milliseconds; this only guards a stuck child. */
#define FRESH_NETNS_TIMEOUT_MS 3000

/* The child: one "name value" line per sysctl, or "error N". */
static void __attribute__((noreturn)) fresh_child(int wfd)
{
	FILE *out = fdopen(wfd, "w");
	if (!out)
		_exit(1);
	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(out, "error %d\n", errno);
		fclose(out);
		_exit(0);
	}
	struct ct_timeout t[CT_TIMEOUT_MAX];
	int n = sysctl_discover_timeouts(t, CT_TIMEOUT_MAX);
	if (n < 0)
		fprintf(out, "error %d\n", -n);
	else if (n == 0)
		fprintf(out, "error %d\n", ENOENT);
	for (int i = 0; i < n; i++)
		fprintf(out, "%s %ld\n", t[i].name, t[i].value);
	fclose(out);
	_exit(0);
}

/* Read everything the child writes, waiting at most the timeout. */
static int read_answer(int rfd, char *buf, size_t size)
{
	size_t len = 0;
	double t0 = mono_ms();
	for (;;) {
		long spent = (long)(mono_ms() - t0);
		if (spent >= FRESH_NETNS_TIMEOUT_MS)
			return -ETIMEDOUT;
		struct pollfd p = { .fd = rfd, .events = POLLIN };
		int r = poll(&p, 1, (int)(FRESH_NETNS_TIMEOUT_MS - spent));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -ETIMEDOUT;
		if (len + 1 >= size)
			return -EMSGSIZE;
		ssize_t got = read(rfd, buf + len, size - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (got == 0)
			break;
		len += (size_t)got;
	}
	buf[len] = '\0';
	return (int)len;
}

static int parse_answer(char *buf, struct ct_timeout *out, unsigned max)
{
	unsigned n = 0;
	for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int err;
		if (sscanf(line, "error %d", &err) == 1)
			return err > 0 ? -err : -EIO;
		char name[CT_SYSCTL_NAME_MAX];
		long v;
		if (n >= max || sscanf(line, "%63s %ld", name, &v) != 2 || v < 0)
			return -EPROTO;
		snprintf(out[n].name, sizeof out[n].name, "%s", name);
		out[n].value = v;
		n++;
	}
	return n ? (int)n : -ENOENT;
}

int timeout_defaults_from_fresh_netns(struct ct_timeout *out, unsigned max)
{
	int fd;
	pid_t pid = child_fork_pipe(CHILD_WRITES, &fd);
	if (pid < 0)
		return (int)pid;
	if (pid == 0)
		fresh_child(fd);
	char buf[8192];
	int ret = read_answer(fd, buf, sizeof buf);
	close(fd);
	if (ret == -ETIMEDOUT)
		kill(pid, SIGKILL);
	/* the answer, read whole or not, stands whether the child can be
	 * reaped or not (it can fail only with ECHILD) */
	(void)child_wait(pid, NULL);
	if (ret < 0)
		return ret;
	return parse_answer(buf, out, max);
}

void timeout_defaults_load(struct timeout_defaults *d)
{
	struct ct_timeout fresh[CT_TIMEOUT_MAX];
	int n = timeout_defaults_from_fresh_netns(fresh, CT_TIMEOUT_MAX);
	if (n > 0) {
		memset(d, 0, sizeof *d);
		memcpy(d->v, fresh, (size_t)n * sizeof fresh[0]);
		d->n = (unsigned)n;
		d->source = TD_FRESH_NETNS;
		return;
	}
	timeout_defaults_builtin(d);
	if (n == -EPERM)
		snprintf(d->why_builtin, sizeof d->why_builtin,
			 "defaults from ctdash's table: reading the kernel's own needs CAP_SYS_ADMIN (run as root)");
	else
		snprintf(d->why_builtin, sizeof d->why_builtin,
			 "defaults from ctdash's table: a fresh network namespace could not be read (%s)",
			 strerror(-n));
}
