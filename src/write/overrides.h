/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What would undo a conntrack setting made now: boot configuration that
 * sets it again (sysctl.d files in systemd-sysctl's order, /etc/sysctl.conf
 * as sysctl --system reads it, modprobe.d options for the bucket count)
 * and agents known to rewrite these values when they start (kube-proxy).
 *
 * Files and /proc are read under a root directory: "" for the real one;
 * tests set CTDASH_TEST_ROOT to a directory they made, never /etc. */
#ifndef CTDASH_OVERRIDES_H
#define CTDASH_OVERRIDES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/advice.h"
#include "model/model.h"

#define OVERRIDES_MAX 24
#define OVERRIDE_SOURCE_MAX 256

enum override_kind {
	OV_SYSCTL_FILE,   /* a sysctl.d file, or /etc/sysctl.conf */
	OV_MODPROBE,      /* options nf_conntrack hashsize=N */
	OV_AGENT,         /* a running program that sets it when it starts */
};

struct override {
	enum override_kind kind;
	char setting[CT_SYSCTL_NAME_MAX]; /* "nf_conntrack_max", "hashsize", a timeout */
	char source[OVERRIDE_SOURCE_MAX]; /* the file's path, or "kube-proxy (pid 42)" */
	unsigned line;                    /* in the file, 0 for an agent */
	char value[32];                   /* what it sets, "" when an agent's own */
	bool wins;                        /* the last word at boot for this setting */
};

struct overrides {
	struct override items[OVERRIDES_MAX];
	unsigned n;
	/* the sysctl.d file name that sorts after every file setting a
	 * conntrack value, for an export that must win */
	char winning_name[128];
	char beaten[OVERRIDE_SOURCE_MAX];   /* the last such file, "" when none */
};

/* CTDASH_TEST_ROOT, or "" (the real root). */
const char *overrides_root(void);

/* Look under root. Returns how many were found. */
unsigned overrides_find(const char *root, struct overrides *out);

/* The items that concern setting (a sysctl name or "hashsize"), as one
 * sentence for a confirmation: what sets it at boot and who rewrites it.
 * "" when nothing does. Returns buf. */
char *overrides_sentence(const struct overrides *ov, const char *setting, char *buf, size_t n);

/* The value boot configuration gives setting (the winning assignment),
 * or -1 when none does. */
long overrides_boot_value(const struct overrides *ov, const char *setting);

/* An advice item when a value in force now will not stick: boot
 * configuration sets another, or an agent rewrites it. false when none. */
bool overrides_advice(const struct overrides *ov, const struct ct_snapshot *s, struct advice *out);

/* For w: path becomes the sysctl.d file that is read after every other
 * file setting a conntrack value (when it was the default path), and the
 * text says which file it is named to follow. 0, or -ENOSPC. */
struct export_files;
int overrides_prepare_export(const struct overrides *ov, struct export_files *f,
			     char *path, size_t n);

#endif
