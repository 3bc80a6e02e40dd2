/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Numbers, sizes, durations and addresses as a person reads them. Each
 * writes into buf (size n) and returns buf. */
#ifndef CTDASH_FORMAT_H
#define CTDASH_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define FMT_ADDR_MAX 46 /* INET6_ADDRSTRLEN */

/* 1234567 → "1,234,567" */
char *fmt_count(char *buf, size_t n, uint64_t v);
/* 92758016 → "88.5 MiB" */
char *fmt_bytes(char *buf, size_t n, uint64_t v);
/* seconds → "5d", "2m", "1h30m", "45s"; at most two units */
/* wall-clock seconds → local "14:03:12" ("?" when it cannot be shown) */
char *fmt_clock(char *buf, size_t n, double wall);
char *fmt_duration(char *buf, size_t n, long seconds);
/* An address of family (AF_INET, AF_INET6) in network order; "?" when
 * family is neither. */
char *fmt_ip(char *buf, size_t n, int family, const void *addr);

#endif
