/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/export.h"
#include "base/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

struct text {
	char *buf;
	size_t n, len;
	bool full;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	if (t->full)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(t->buf + t->len, t->n - t->len, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= t->n - t->len) {
		t->full = true;
		t->buf[t->len] = '\0';
		return;
	}
	t->len += (size_t)w;
}

/* The comment line export_set_path rewrites. */
#define APPLY_LINE "#   sysctl -p "

int export_set_path(struct export_files *f, const char *sysctl_path)
{
	char *line = strstr(f->sysctl_conf, APPLY_LINE);
	if (!line)
		return 0;
	char *path = line + strlen(APPLY_LINE);
	const char *rest = strchr(path, '\n');
	char tail[EXPORT_TEXT_MAX];
	snprintf(tail, sizeof tail, "%s", rest ? rest : "");
	size_t room = sizeof f->sysctl_conf - (size_t)(path - f->sysctl_conf);
	if (strlen(sysctl_path) + strlen(tail) >= room)
		return -ENOSPC;
	snprintf(path, room, "%s%s", sysctl_path, tail);
	return 0;
}

/* name as it may stand in a '#' comment: a newline in it would end the
 * comment and make the rest a setting, so control bytes become \xNN. */
static const char *comment_safe(const char *name, char *buf, size_t n)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && o + 5 < n; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", *p);
		else
			buf[o++] = (char)*p;
	}
	buf[o] = '\0';
	return buf;
}

int export_render(const struct ct_snapshot *s, const struct timeout_defaults *d,
		  const char *who, time_t now, struct export_files *out)
{
	memset(out, 0, sizeof *out);
	char when[40];
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);

	struct text t = { out->sysctl_conf, sizeof out->sysctl_conf, 0, false };
	put(&t, "# Written by %s on %s.\n", who, when);
	put(&t, "# Conntrack settings that differ from the kernel's defaults. Apply now with\n"
		APPLY_LINE "%s\n"
		"# nf_conntrack must be loaded when this is read at boot (list it in\n"
		"# /etc/modules-load.d/ if nothing else loads it early).\n", EXPORT_SYSCTL_PATH);
	if (s->netns[0]) {
		char name[CT_NETNS_NAME_MAX * 4];
		put(&t, "# Read in network namespace '%s': at boot these apply to the host's\n"
			"# initial namespace; set timeouts again inside each namespace.\n",
		    comment_safe(s->netns, name, sizeof name));
	}
	if (s->max && !s->an.max_is_default) {
		put(&t, "net.netfilter.nf_conntrack_max = %" PRIu64 "\n", s->max);
		out->nsysctl++;
	}
	for (unsigned i = 0; i < s->ntimeouts; i++) {
		long def = timeout_default(d, s->timeouts[i].name);
		if (def < 0 || def == s->timeouts[i].value)
			continue;
		put(&t, "net.netfilter.%s = %ld\n", s->timeouts[i].name, s->timeouts[i].value);
		out->nsysctl++;
	}
	if (s->acct_read && s->acct != s->acct_default) {
		put(&t, "net.netfilter.nf_conntrack_acct = %d\n", s->acct);
		out->nsysctl++;
	}
	if (out->nsysctl == 0)
		put(&t, "# (every setting is at its default: nothing to keep)\n");

	if (s->buckets && !s->an.buckets_is_default) {
		struct text m = { out->modprobe_conf, sizeof out->modprobe_conf, 0, false };
		put(&m, "# Written by %s on %s.\n"
			"# The conntrack hash table's bucket count, set when the module loads.\n"
			"options nf_conntrack hashsize=%" PRIu64 "\n", who, when, s->buckets);
		out->has_modprobe = true;
		if (m.full)
			return -ENOSPC;
	}
	return t.full ? -ENOSPC : 0;
}

int export_preview(const struct export_files *f, const char *sysctl_path,
		   const char *modprobe_path, char *buf, size_t n)
{
	struct text t = { buf, n, 0, false };
	put(&t, "--- %s ---\n%s", sysctl_path, f->sysctl_conf);
	if (f->has_modprobe)
		put(&t, "\n--- %s ---\n%s", modprobe_path, f->modprobe_conf);
	return t.full ? -ENOSPC : 0;
}

int export_write_atomic(const char *path, const char *content, char *err, size_t errlen)
{
	char tmp[600];
	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
		snprintf(err, errlen, "the path %s is too long", path);
		return -ENAMETOOLONG;
	}
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot create a file beside %s: %s", path, strerror(e));
		return -e;
	}
	int ret = write_all(fd, content, strlen(content));
	const char *step = "write";
	if (ret == 0 && fchmod(fd, 0644) < 0)
		ret = -errno, step = "chmod";
	if (ret == 0 && fsync(fd) < 0)
		ret = -errno, step = "fsync";
	if (close(fd) < 0 && ret == 0)
		ret = -errno, step = "close";
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -errno, step = "rename";
	if (ret < 0) {
		unlink(tmp);
		snprintf(err, errlen, "cannot write %s (%s failed: %s)", path, step, strerror(-ret));
		return ret;
	}
	ret = fsync_dir_of(path);
	if (ret < 0)
		snprintf(err, errlen, "%s was written but its directory could not be synced: %s",
			 path, strerror(-ret));
	return ret;
}

int export_write_files(const struct export_files *f, bool read_only, const char *sysctl_path,
		       const char *modprobe_path, char *err, size_t errlen)
{
	if (read_only) {
		snprintf(err, errlen, "read-only mode (--read-only): nothing was written");
		return -EROFS;
	}
	int ret = export_write_atomic(sysctl_path, f->sysctl_conf, err, errlen);
	if (ret < 0 || !f->has_modprobe)
		return ret;
	return export_write_atomic(modprobe_path, f->modprobe_conf, err, errlen);
}

char *export_author(char *buf, size_t n)
{
	struct passwd *pw = getpwuid(geteuid());
	struct utsname u;
	const char *host = uname(&u) == 0 ? u.nodename : "?";
	if (pw)
		snprintf(buf, n, "%s (user %s on host %s)", PACKAGE_STRING, pw->pw_name, host);
	else
		snprintf(buf, n, "%s (uid %u on host %s)", PACKAGE_STRING, (unsigned)geteuid(), host);
	return buf;
}
