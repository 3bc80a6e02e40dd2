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
/* The noun for a count: one ("entry") when v is 1, many ("entries")
 * otherwise (0 entries, 2 entries). Also for a verb that agrees with the
 * count ("is"/"are"). */
const char *plural(uint64_t v, const char *one, const char *many);
/* A count with its noun, in agreement and with the thousands separator:
 * (1, "entry", "entries") → "1 entry", 261630 → "261,630 entries". Every
 * user-visible count of things goes through this (or plural beside
 * fmt_count), never a ternary of its own. */
char *fmt_counted(char *buf, size_t n, uint64_t v, const char *one, const char *many);
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
