/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/filetrust.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fdio.h"

const char *file_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

const char *dir_untrusted(const char *what, const char *path, char *buf, size_t n)
{
	int dfd = open_dir_of(path);
	if (dfd < 0)
		return snprintf(buf, n, "the directory of %s cannot be opened: %s", what,
				strerror(-dfd)), buf;
	struct stat st;
	int ret = fstat(dfd, &st);
	close(dfd);
	if (ret < 0)
		return snprintf(buf, n, "the directory of %s cannot be examined", what), buf;
	if (st.st_uid != geteuid() && st.st_uid != 0)
		return snprintf(buf, n, "the directory of %s belongs to uid %u, not to "
				"uid %u or root: whoever owns it can swap the file", what,
				(unsigned)st.st_uid, (unsigned)geteuid()), buf;
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		return snprintf(buf, n, "the directory of %s is writable by %s: they "
				"could swap the file (chmod go-w it)", what,
				st.st_mode & S_IWOTH ? "everyone" : "its group"), buf;
	return NULL;
}
