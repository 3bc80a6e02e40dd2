/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A picture as bytes: the snapshot and the drop tracker's rates, packed
 * for the recording's blob column and read back for --replay. The bytes
 * are the structs' own, runs of zero bytes squeezed (most of a snapshot is
 * empty histogram bins), behind a header that names the layout: a file
 * written by a build with another layout is refused, not misread. */
#ifndef CTDASH_RECORD_PACK_H
#define CTDASH_RECORD_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "record/picture.h"

/* More CPUs than this in a blob is damage, not a machine. */
#define PACK_CPU_MAX 8192

/* More namespaces than this in a blob is damage. */
#define PACK_NS_MAX 1000000

/* Pack p (the snapshot's list left out) into a malloc'd buffer; *len its
 * size. NULL when out of memory. */
uint8_t *pack_picture(const struct rec_picture *p, size_t *len);

/* Unpack into *p (its arrays malloc'd: picture_free frees them). Every
 * count and string is made safe to use whatever the bytes were. 0, or -1
 * with the reason in why; -2 when another build's layout wrote it (then
 * every picture of the file is). */
int unpack_picture(const uint8_t *buf, size_t len, struct rec_picture *p, char *why, size_t whylen);

/* The squeeze alone, for the tests: zero runs as a count, other bytes as
 * themselves. squeeze_bound is the most squeeze can write for n bytes. */
size_t squeeze_bound(size_t n);
size_t squeeze(const uint8_t *in, size_t n, uint8_t *out);
/* Expand into out, exactly want bytes; -1 when the input does not say so. */
int unsqueeze(const uint8_t *in, size_t n, uint8_t *out, size_t want);

#endif
