/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/netns.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/parse.h"

static int enter_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int ret = setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

int netns_enter_fd(int fd)
{
	return setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
}

const char *netns_name_problem(const char *name)
{
	if (!*name)
		return "the name is empty";
	if (strchr(name, '/'))
		return "a name holds no '/': it is a file name in /run/netns (as `ip netns list` "
		       "shows), not a path; use --netns-pid for a process's namespace";
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "'.' and '..' are no namespace names (they are /run/netns and its parent)";
	if (strlen(name) > NAME_MAX)
		return "longer than a file name can be (255 bytes)";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "it holds a control character (a newline, a tab...): ctdash cannot "
			       "write it safely into commands, the journal or exported files; rename "
			       "the namespace (ip netns) or use --netns-pid";
	if (strncmp(name, "pid:", 4) == 0)
		return "names starting with 'pid:' stand for --netns-pid's processes in ctdash's "
		       "journal and commands; use --netns-pid with a process inside it";
	return NULL;
}

int netns_enter_name(const char *name)
{
	if (netns_name_problem(name))
		return -EINVAL;
	char path[512];
	snprintf(path, sizeof path, "/run/netns/%s", name);
	return enter_path(path);
}

int netns_enter_pid(pid_t pid)
{
	if (pid <= 0)
		return -EINVAL;
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/net", (int)pid);
	return enter_path(path);
}

int netns_label_is_current(const char *label)
{
	struct stat self, named;
	if (!label || !*label)
		return 1;
	char path[512];
	int pid;
	if (parse_pid_label(label, &pid))
		snprintf(path, sizeof path, "/proc/%d/ns/net", pid);
	else
		snprintf(path, sizeof path, "/run/netns/%s", label);
	if (stat("/proc/self/ns/net", &self) < 0)
		return -1;
	if (stat(path, &named) < 0)
		return errno == ENOENT || errno == ESRCH ? 0 : -1;
	return named.st_dev == self.st_dev && named.st_ino == self.st_ino;
}
