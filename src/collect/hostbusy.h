/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host's busy time (every CPU, /proc/stat) less ctdash's own: what
 * the rest of the host, the kernel's packet path included, spends
 * (model/kshare.h weighs it). */
#ifndef CTDASH_HOSTBUSY_H
#define CTDASH_HOSTBUSY_H

#include <stddef.h>
#include <stdint.h>

/* The busy clock ticks of the "cpu " line of /proc/stat text (user, nice,
 * system, irq, softirq: idle, iowait and steal are not busy). 0, or
 * -EINVAL when the line is missing or malformed. */
int hostbusy_parse(const char *text, size_t len, uint64_t *busy_ticks);
/* Busy seconds of every CPU since boot less this process's CPU, or NaN
 * when /proc/stat cannot be read. */
double hostbusy_others_s(void);

#endif
