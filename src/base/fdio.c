/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int open_dir_of(const char *path)
{
	char dir[4096];
	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return -ENAMETOOLONG;
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int fsync_dir_of(const char *path)
{
	int fd = open_dir_of(path);
	if (fd < 0)
		return fd;
	int ret = fsync(fd) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

int fd_headroom(int want)
{
	int fds[64];
	int n = 0;
	if (want > (int)(sizeof fds / sizeof *fds))
		want = (int)(sizeof fds / sizeof *fds);
	while (n < want) {
		int fd = n ? dup(fds[0]) : open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			break;
		fds[n++] = fd;
	}
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return n;
}
