/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/child.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t child_fork_pipe(enum child_pipe dir, int *fd)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	/* fds[0] is the read end: the child's when it reads */
	bool child = pid == 0;
	int mine = (dir == CHILD_READS) == child ? fds[0] : fds[1];
	close(mine == fds[0] ? fds[1] : fds[0]);
	*fd = mine;
	return pid;
}

int child_wait(pid_t pid, int *status)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (status)
		*status = st;
	return 0;
}

void child_quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
}
