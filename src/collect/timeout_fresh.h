/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's timeout defaults, read where they still hold: in a network
 * namespace made for the purpose. */
#ifndef CTDASH_TIMEOUT_FRESH_H
#define CTDASH_TIMEOUT_FRESH_H

#include "model/timeout_defaults.h"

/* A new network namespace starts with the kernel's defaults, whatever the
 * current one was set to: a child unshares one, reads every timeout
 * sysctl there and sends them back over a pipe. Needs CAP_SYS_ADMIN.
 * Returns how many were stored, or a negative errno. */
int timeout_defaults_from_fresh_netns(struct ct_timeout *out, unsigned max);

/* Fresh namespace first, the built-in table when that fails. */
void timeout_defaults_load(struct timeout_defaults *d);

#endif
