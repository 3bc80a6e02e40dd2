/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's default for every conntrack timeout sysctl: the table
 * ctdash knows, or what collect/timeout_fresh.c read. */
#ifndef CTDASH_TIMEOUT_DEFAULTS_H
#define CTDASH_TIMEOUT_DEFAULTS_H

#include "model/model.h"

enum td_source {
	TD_FRESH_NETNS, /* read from a network namespace made for the purpose */
	TD_BUILTIN,     /* the table in timeout_defaults.c */
};

struct timeout_defaults {
	struct ct_timeout v[CT_TIMEOUT_MAX]; /* sorted by name */
	unsigned n;
	enum td_source source;
	char why_builtin[160]; /* when source is TD_BUILTIN: why */
};

/* The built-in table: the values in the kernel's nf_conntrack_proto_*.c
 * (Linux 6.x), for when no namespace can be made. */
void timeout_defaults_builtin(struct timeout_defaults *d);

/* The default of a sysctl, or -1 when it is not known. Names the fresh
 * namespace did not list fall back to the built-in table. */
long timeout_default(const struct timeout_defaults *d, const char *name);

#endif
