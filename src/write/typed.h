/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Values as a person types them into the dashboard: a count with its
 * thousands separators, a duration or a count by setting, the bucket
 * count the kernel will really keep, and a path an export can go to.
 * Every answer that refuses says why in words the input line shows. */
#ifndef CTDASH_TYPED_H
#define CTDASH_TYPED_H

#include <stddef.h>
#include <stdint.h>

/* A whole number as the meters show them: digits, with ',' or '_'
 * between groups (262,144); spaces around. NULL and *v set, or why not. */
const char *typed_count(const char *text, uint64_t *v);
/* A value of setting name: a duration (30, 30s, 10m, 2h, 5d) for a
 * timeout, in seconds; a count for nf_conntrack_max and the buckets. */
const char *typed_value(const char *name, const char *text, uint64_t *v);
/* The bucket count the kernel will really use for want: it allocates
 * whole pages of bucket heads, so it rounds up to a multiple of
 * page_size / 8 (page_size <= 0: no rounding). */
uint64_t typed_round_buckets(uint64_t want, long page_size);
/* Where a file can go: an absolute path, not a directory, in a directory
 * that exists. NULL, or why not (in buf when it names the directory). */
const char *typed_path_problem(const char *path, char *buf, size_t n);

#endif
