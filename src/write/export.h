/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Making runtime changes survive a reboot: the values that differ from
 * the kernel's defaults as a sysctl.d file, the bucket count as a
 * modprobe.d option, each written atomically. */
#ifndef CTDASH_EXPORT_H
#define CTDASH_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/model.h"
#include "model/timeout_defaults.h"

#define EXPORT_SYSCTL_PATH "/etc/sysctl.d/90-conntrack.conf"
#define EXPORT_MODPROBE_PATH "/etc/modprobe.d/nf_conntrack.conf"
#define EXPORT_TEXT_MAX 8192

struct export_files {
	char sysctl_conf[EXPORT_TEXT_MAX];  /* for EXPORT_SYSCTL_PATH */
	unsigned nsysctl;                   /* settings in it */
	char modprobe_conf[512];            /* for EXPORT_MODPROBE_PATH */
	bool has_modprobe;                  /* the bucket count differs from default */
};

/* Build both files from s: every timeout that differs from d's default,
 * nf_conntrack_max when it differs from the default for this host,
 * nf_conntrack_acct when it differs from the module's acct=, and
 * the bucket count as `options nf_conntrack hashsize=N`. who says who
 * wrote it (e.g. "ctdash 0.1.0 run by root on web1"); now stamps it.
 * Returns 0, or -ENOSPC when the text does not fit. */
int export_render(const struct ct_snapshot *s, const struct timeout_defaults *d,
		  const char *who, time_t now, struct export_files *out);

/* Name sysctl_path, where the file will go, in the sysctl.d file's
 * "apply now with sysctl -p PATH" comment (export_render names the
 * default path). 0, or -ENOSPC when the text would not fit. */
int export_set_path(struct export_files *f, const char *sysctl_path);

/* Both files as one text for the preview, each under its path. */
int export_preview(const struct export_files *f, const char *sysctl_path,
		   const char *modprobe_path, char *buf, size_t n);

/* "ctdash 0.1.0 (user root on host web1)", for export_render's who. */
char *export_author(char *buf, size_t n);

/* Write content to path atomically: a temporary file beside it, fsync,
 * mode 0644, rename over path, fsync of the directory. 0 or -errno;
 * err says what failed. */
int export_write_atomic(const char *path, const char *content, char *err, size_t errlen);

/* Both files of f (the modprobe one only when it has something), each
 * atomically; refused in read-only mode (--read-only forbids every
 * write). 0 or -errno (-EROFS when read-only); err says what happened. */
int export_write_files(const struct export_files *f, bool read_only, const char *sysctl_path,
		       const char *modprobe_path, char *err, size_t errlen);

#endif
