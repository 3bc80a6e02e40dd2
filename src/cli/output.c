/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A report not on a terminal is written whole at the end when it fits:
 * a failed write is then seen by output_finish with its own errno, not
 * lost in the middle of a printf that flushed a full buffer. */
static char out_buf[64 * 1024];

static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0 || errno != EBADF;
}

int output_check_std(void)
{
	bool out_closed = !fd_open(STDOUT_FILENO);
	/* in order, so open() hands out exactly the missing number */
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fd_open(fd))
			continue;
		int null = open("/dev/null", O_RDWR);
		if (null >= 0 && null != fd) {
			dup2(null, fd);
			close(null);
		}
	}
	if (out_closed) {
		fprintf(stderr, "ctdash: standard output is closed: nothing could be reported\n");
		return -1;
	}
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
	return 0;
}

int output_finish(int status)
{
	/* A write that failed while a longer report was printed left its
	 * errno, but any call since may have set another: the flush writes
	 * what is left and fails the same way, with its own errno, so that
	 * one is said first; the earlier errno only when nothing was left. */
	int earlier = ferror(stdout) ? (errno ? errno : EIO) : 0;
	int err = 0;
	errno = 0;
	if (fflush(stdout) != 0)
		err = errno ? errno : EIO;
	if (fclose(stdout) != 0 && !err)
		err = errno ? errno : EIO;
	if (!err)
		err = earlier;
	if (!err)
		return status;
	fprintf(stderr, "ctdash: cannot write the output: %s\n", strerror(err));
	return status ? status : 1;
}
