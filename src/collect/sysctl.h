/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading the conntrack sysctls of the current network namespace. */
#ifndef CTDASH_SYSCTL_H
#define CTDASH_SYSCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

/* A file holding one unsigned decimal number. 0 or a negative errno
 * (-EINVAL when the content is not such a number). */
int read_u64_file(const char *path, uint64_t *out);
/* Read an open sysctl file again from its start: one pread, for values
 * watched while something else runs. 0 or a negative errno. */
int read_u64_fd(int fd, uint64_t *out);
/* A boolean module parameter ("Y" or "N"): true only when it reads Y. */
bool read_param_bool(const char *path);
/* CT_SYSCTL_DIR/name. */
int sysctl_read_u64(const char *name, uint64_t *out);
/* Every nf_conntrack_*timeout* sysctl present, sorted by name. Returns how
 * many were stored, or a negative errno if the directory is unreadable. */
int sysctl_discover_timeouts(struct ct_timeout *out, unsigned max);

#endif
