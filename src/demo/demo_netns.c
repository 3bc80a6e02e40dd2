/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "demo/demo_netns.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo/demo.h"

void demo_netns_remove(const char *path)
{
	umount2(path, MNT_DETACH);
	unlink(path);
}

/* As ip-netns(8) does: /run/netns is a shared mount point, so a namespace
 * bound there is seen from every mount namespace. */
static int prepare_netns_dir(void)
{
	if (mkdir(DEMO_NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mount("", DEMO_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) == 0)
		return 0;
	if (errno != EINVAL)
		return -errno;
	if (mount(DEMO_NETNS_DIR, DEMO_NETNS_DIR, "none", MS_BIND | MS_REC, NULL) < 0)
		return -errno;
	return mount("", DEMO_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) < 0 ? -errno : 0;
}

/* Back to the namespace ctdash came from after the bind failed: if even
 * that fails, ctdash would go on in a namespace nobody can name, so the
 * caller must stop. */
static int go_home(int home, const char *path, char *err, size_t errlen)
{
	if (setns(home, CLONE_NEWNET) == 0)
		return 0;
	int ret = -errno;
	snprintf(err, errlen, "cannot bind the namespace at %s, nor go back to the namespace "
		 "ctdash started in: %s", path, strerror(errno));
	return ret;
}

int demo_netns_create(const char *path, char *err, size_t errlen)
{
	int ret = prepare_netns_dir();
	if (ret < 0) {
		snprintf(err, errlen, "cannot prepare %s: %s", DEMO_NETNS_DIR, strerror(-ret));
		return ret;
	}
	int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		return ret;
	}
	close(fd);
	int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0 || unshare(CLONE_NEWNET) < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot make a network namespace: %s", strerror(errno));
	} else if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot bind the namespace at %s: %s", path, strerror(errno));
		int back = go_home(home, path, err, errlen);
		if (back < 0)
			ret = back;
	}
	if (home >= 0)
		close(home);
	if (ret < 0)
		unlink(path);
	return ret;
}

int demo_loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	int ret = 0;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		ret = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (ret == 0 && ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		ret = -errno;
	close(fd);
	return ret;
}
