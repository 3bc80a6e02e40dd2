/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "serve/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/filetrust.h"

enum { TEMP_TRIES = 16 };

const char *textfile_refusal(const char *path, char *why, size_t whylen)
{
	char what[4200];
	snprintf(what, sizeof what, "--textfile %s", path);
	const char *bad = dir_untrusted(what, path, why, whylen);
	if (bad)
		return bad;
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return NULL;
		return snprintf(why, whylen, "--textfile %s cannot be examined: %s", path,
				strerror(errno)), why;
	}
	if (!S_ISREG(st.st_mode))
		return snprintf(why, whylen, "--textfile %s is %s: ctdash replaces only a regular "
				"file or a name that does not exist yet", path, file_kind(st.st_mode)), why;
	return NULL;
}

/* A new file named path.tmp.<random>, created here and now: O_EXCL, so a
 * name planted in advance (a FIFO, a link) is never opened, and
 * O_NONBLOCK in case. The descriptor, or a negative errno. */
static int create_temp(const char *path, char *tmp, size_t tmplen)
{
	for (int i = 0; i < TEMP_TRIES; i++) {
		uint64_t r;
		if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
			return -errno;
		if ((size_t)snprintf(tmp, tmplen, "%s.tmp.%016llx", path, (unsigned long long)r) >= tmplen)
			return -ENAMETOOLONG;
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

int textfile_write(const char *path, const char *text, size_t len, char *why, size_t whylen)
{
	if (textfile_refusal(path, why, whylen))
		return -EPERM;
	char tmp[4200];
	int fd = create_temp(path, tmp, sizeof tmp);
	if (fd < 0) {
		snprintf(why, whylen, "cannot create a temporary file beside %s: %s", path, strerror(-fd));
		return fd;
	}
	int ret = write_all(fd, text, len);
	if (close(fd) < 0 && ret == 0)
		ret = -errno;
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -errno;
	if (ret < 0) {
		snprintf(why, whylen, "cannot write %s: %s", path, strerror(-ret));
		unlink(tmp);
	}
	return ret;
}
