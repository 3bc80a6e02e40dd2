/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/journal_file.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/filetrust.h"

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163
#endif
#ifndef CONFIGFS_MAGIC
#define CONFIGFS_MAGIC 0x62656570
#endif
#ifndef FUSECTL_MAGIC
#define FUSECTL_MAGIC 0x65735543
#endif

/* File systems whose "regular files" are the kernel's, not storage. */
static const struct {
	unsigned long magic;
	const char *name;
} pseudo_fs[] = {
	{ PROC_SUPER_MAGIC, "/proc" },
	{ SYSFS_MAGIC, "sysfs" },
	{ DEBUGFS_MAGIC, "debugfs" },
	{ TRACEFS_MAGIC, "tracefs" },
	{ CGROUP_SUPER_MAGIC, "cgroupfs" },
	{ CGROUP2_SUPER_MAGIC, "cgroup2fs" },
	{ SECURITYFS_MAGIC, "securityfs" },
	{ BPF_FS_MAGIC, "bpffs" },
	{ DEVPTS_SUPER_MAGIC, "devpts" },
	{ PSTOREFS_MAGIC, "pstore" },
	{ CONFIGFS_MAGIC, "configfs" },
	{ EFIVARFS_MAGIC, "efivarfs" },
	{ SELINUX_MAGIC, "selinuxfs" },
	{ SMACK_MAGIC, "smackfs" },
	{ BINFMTFS_MAGIC, "binfmt_misc" },
	{ FUSECTL_MAGIC, "fusectl" },
	{ NSFS_MAGIC, "nsfs" },
};

static const char *pseudo_fs_name(int fd)
{
	struct statfs fs;
	if (fstatfs(fd, &fs) < 0)
		return NULL;
	for (size_t i = 0; i < sizeof pseudo_fs / sizeof pseudo_fs[0]; i++)
		if ((unsigned long)(uint32_t)fs.f_type == pseudo_fs[i].magic)
			return pseudo_fs[i].name;
	return NULL;
}

/* the directory's rules, said of the file (noun: "the journal") */
static const char *named_dir_untrusted(const char *noun, const char *path, char *buf, size_t n)
{
	char what[4200];
	snprintf(what, sizeof what, "%s %s", noun, path);
	return dir_untrusted(what, path, buf, n);
}

const char *trusted_file_problem(int fd, const char *path, const char *noun, char *buf, size_t n)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return snprintf(buf, n, "%s %s cannot be examined: %s", noun, path, strerror(errno)), buf;
	if (!S_ISREG(st.st_mode))
		return snprintf(buf, n, "%s %s is %s: it must be a regular file", noun, path,
				file_kind(st.st_mode)), buf;
	const char *fs = pseudo_fs_name(fd);
	if (fs)
		return snprintf(buf, n, "%s %s is on %s, not on a real file system", noun, path, fs), buf;
	if (st.st_uid != geteuid())
		return snprintf(buf, n, "%s %s belongs to uid %u, not to uid %u who runs "
				"ctdash: refusing to trust or extend it", noun, path, (unsigned)st.st_uid,
				(unsigned)geteuid()), buf;
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return snprintf(buf, n, "%s %s is writable by %s: refusing to trust it "
				"(chmod 600 it)", noun, path, st.st_mode & S_IWOTH ? "everyone" : "its group"), buf;
	return named_dir_untrusted(noun, path, buf, n);
}

const char *journal_file_untrusted(int fd, const char *path, char *buf, size_t n)
{
	return trusted_file_problem(fd, path, "the journal", buf, n);
}

int trusted_file_open(const char *path, enum journal_file_mode mode, const char *noun,
		      bool *created, char *why, size_t whylen)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	const int base = O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC;
	/* read-write to append: the last byte says whether a crash tore a line */
	int flags = mode == JOURNAL_FILE_READ ? O_RDONLY : O_RDWR | O_APPEND;
	bool made = false;
	int fd;
	if (mode == JOURNAL_FILE_APPEND) {
		/* before creating anything in it */
		if (named_dir_untrusted(noun, path, why, whylen))
			return -EPERM;
		fd = open(path, flags | base | O_CREAT | O_EXCL, 0600);
		made = fd >= 0;
		if (fd < 0 && errno == EEXIST)
			fd = open(path, flags | base);
	} else {
		fd = open(path, flags | base);
	}
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP)
			snprintf(why, whylen, "%s %s is a symbolic link: refusing to follow it", noun, path);
		else if (e == ENXIO)
			snprintf(why, whylen, "%s %s is a FIFO or a socket: it must be a "
				 "regular file", noun, path);
		else
			snprintf(why, whylen, "cannot open %s %s: %s", noun, path, strerror(e));
		return -e;
	}
	const char *bad = trusted_file_problem(fd, path, noun, why, whylen);
	if (bad) {
		close(fd);
		return -EPERM;
	}
	if (fcntl(fd, F_SETFL, flags) < 0) {
		int e = errno;
		close(fd);
		snprintf(why, whylen, "cannot set up %s %s: %s", noun, path, strerror(e));
		return -e;
	}
	/* best effort: the record itself is fsync'd anyway */
	if (made)
		(void)fsync_dir_of(path);
	if (created)
		*created = made;
	return fd;
}

int journal_file_open(const char *path, enum journal_file_mode mode, bool *created,
		      char *why, size_t whylen)
{
	return trusted_file_open(path, mode, "the journal", created, why, whylen);
}
