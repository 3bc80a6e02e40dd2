/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "demo/demo_janitor.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "base/child.h"
#include "base/fdio.h"
#include "demo/demo.h"
#include "demo/demo_netns.h"

/* Waits for ctdash to close the pipe, which happens however ctdash ends,
 * then removes the namespace if ctdash had not. It ignores the terminal's signals so a
 * Ctrl-C or a hang-up to the whole process group cannot stop it first. */
static void __attribute__((noreturn)) janitor_main(int rfd, const char *path)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	prctl(PR_SET_NAME, "ctdash-janitor");
	child_quiet_stdio();
	bool armed = false;
	for (;;) {
		char c;
		ssize_t r = read(rfd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		armed = c == 'a';
	}
	if (armed)
		demo_netns_remove(path);
	_exit(0);
}

int demo_janitor_tell(struct demo *d, char c)
{
	if (d->janitor_fd < 0)
		return -EBADF;
	return write_all(d->janitor_fd, &c, 1);
}

int demo_janitor_start(struct demo *d)
{
	int fd;
	pid_t pid = child_fork_pipe(CHILD_READS, &fd);
	if (pid < 0)
		return (int)pid;
	if (pid == 0)
		janitor_main(fd, d->path);
	d->janitor = pid;
	d->janitor_fd = fd;
	return 0;
}

void demo_janitor_stop(struct demo *d)
{
	if (d->janitor_fd >= 0) {
		close(d->janitor_fd);
		d->janitor_fd = -1;
	}
	if (d->janitor > 0) {
		child_wait(d->janitor, NULL);
		d->janitor = 0;
	}
}
