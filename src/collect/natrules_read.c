/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/natrules_read.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/child.h"
#include "base/clock.h"
#include "model/natrules.h"

/* A bigger ruleset is not read (the tool then dies of SIGPIPE). */
#define RULESET_MAX (4u << 20)
#define WAIT_MS 2000

/* In the child: stdout the pipe, nothing on ctdash's terminal. */
static void exec_tool(int out, const char *const *paths, const char *const argv[])
{
	child_quiet_stdio();
	dup2(out, 1);
	/* execv takes char *const[] for history's sake; it changes nothing */
	for (unsigned i = 0; paths[i]; i++)
		execv(paths[i], (char *const *)argv);
	_exit(127);
}

/* What the tool wrote on stdout, up to RULESET_MAX bytes (malloc'd, *len
 * set), or NULL when it could not run, failed or took too long. */
static char *run_tool(const char *const *paths, const char *const argv[], size_t *len)
{
	int fd;
	pid_t pid = child_fork_pipe(CHILD_WRITES, &fd);
	if (pid < 0)
		return NULL;
	if (pid == 0)
		exec_tool(fd, paths, argv);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	double deadline = mono_ms() + WAIT_MS;
	bool ok = buf != NULL;
	while (ok) {
		int left = (int)(deadline - mono_ms());
		struct pollfd p = { fd, POLLIN, 0 };
		if (left <= 0 || (poll(&p, 1, left) < 0 && errno != EINTR)) {
			ok = false;
			break;
		}
		if (n == cap && cap < RULESET_MAX) {
			char *more = realloc(buf, cap * 2);
			ok = more != NULL;
			if (!ok)
				break;
			buf = more;
			cap *= 2;
		}
		if (n == cap)
			break;
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (!ok)
		kill(pid, SIGKILL);
	int status = 0;
	child_wait(pid, &status);
	if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static bool from_tool(const char *const *paths, const char *const argv[], const char *name,
		      struct ct_nat_range *r)
{
	size_t len = 0;
	char *text = run_tool(paths, argv, &len);
	unsigned rules = text ? nat_rules_parse(text, len, name, r) : 0;
	free(text);
	return rules > 0;
}

void natrules_read(struct ct_nat_range *r)
{
	static const char *const nft[] = { "/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft", NULL };
	static const char *const ipt[] = { "/usr/sbin/iptables-save", "/sbin/iptables-save",
					   "/usr/bin/iptables-save", NULL };
	static const char *const nft_argv[] = { "nft", "list", "ruleset", NULL };
	static const char *const ipt_argv[] = { "iptables-save", "-t", "nat", NULL };
	if (from_tool(nft, nft_argv, "nft", r) || from_tool(ipt, ipt_argv, "iptables", r))
		return;
	nat_range_default(r);
}
