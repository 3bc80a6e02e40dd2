/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "demo/demo_nft.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/child.h"
#include "base/fdio.h"

const char demo_nft_ruleset[] =
	"table inet ctdash_demo {\n"
	"	chain out {\n"
	"		type filter hook output priority 0; policy accept;\n"
	"		ct state new,established,related accept\n"
	"	}\n"
	"	chain in {\n"
	"		type filter hook input priority 0; policy accept;\n"
	"		ct state new,established,related accept\n"
	"	}\n"
	"}\n";

/* nft may exit before it has read it all: that must not kill ctdash. */
static int write_all_ignoring_sigpipe(int fd, const char *buf, size_t len)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	if (sigaction(SIGPIPE, &ign, &old) < 0)
		return -errno;
	int ret = write_all(fd, buf, len);
	sigaction(SIGPIPE, &old, NULL);
	return ret;
}

int demo_nft_load(char *err, size_t errlen)
{
	int fd;
	pid_t pid = child_fork_pipe(CHILD_READS, &fd);
	if (pid < 0) {
		snprintf(err, errlen, "cannot start nft: %s", strerror((int)-pid));
		return (int)pid;
	}
	if (pid == 0) {
		dup2(fd, 0);
		execlp("nft", "nft", "-f", "-", (char *)NULL);
		_exit(127);
	}
	/* a short write shows in nft's exit status: it reads a cut ruleset */
	int wret = write_all_ignoring_sigpipe(fd, demo_nft_ruleset, strlen(demo_nft_ruleset));
	close(fd);
	int status;
	int ret = child_wait(pid, &status);
	if (ret < 0) {
		snprintf(err, errlen, "cannot wait for nft: %s", strerror(-ret));
		return ret;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && wret == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(err, errlen, "nft (nftables) is not installed: --demo needs it to make "
			 "conntrack track the demo's traffic");
	else
		snprintf(err, errlen, "nft could not load the demo's `ct state` rule");
	return -ENOEXEC;
}
