/* The kernel's default for every conntrack timeout sysctl. */
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

/* A new network namespace starts with the kernel's defaults, whatever the
 * current one was set to: a child unshares one, reads every timeout
 * sysctl there and sends them back over a pipe. Needs CAP_SYS_ADMIN.
 * Returns how many were stored, or a negative errno. */
int timeout_defaults_from_fresh_netns(struct ct_timeout *out, unsigned max);

/* The built-in table: the values in the kernel's nf_conntrack_proto_*.c
 * (Linux 6.x), for when no namespace can be made. */
void timeout_defaults_builtin(struct timeout_defaults *d);

/* Fresh namespace first, the built-in table when that fails. */
void timeout_defaults_load(struct timeout_defaults *d);

/* The default of a sysctl, or -1 when it is not known. Names the fresh
 * namespace did not list fall back to the built-in table. */
long timeout_default(const struct timeout_defaults *d, const char *name);

#endif
