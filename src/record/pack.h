/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A picture as bytes for the recording's blob column, and back for
 * --replay: "CTR", the format's version (2), how the fields are written
 * (0 as they are, 1 deflated behind their length), then the picture's
 * fields by tag (record/tlv.h), so any build and any later version reads
 * it: what it does not know it skips, what the writer did not know stays
 * zero. */
#ifndef CTDASH_RECORD_PACK_H
#define CTDASH_RECORD_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/picture.h"

/* More CPUs than this in a blob is damage, not a machine. */
#define PACK_CPU_MAX 8192

/* More namespaces than this in a blob is damage. */
#define PACK_NS_MAX 100000

/* Pack p (the snapshot's list left out) into a malloc'd buffer; *len its
 * size. NULL when out of memory. The fields deflated (pack_picture_as:
 * or not, for the tests). */
uint8_t *pack_picture(const struct rec_picture *p, size_t *len);
uint8_t *pack_picture_as(const struct rec_picture *p, size_t *len, bool deflate);

/* Unpack into *p (its arrays malloc'd: picture_free frees them). Every
 * count and string is made safe to use whatever the bytes were. 0, or -1
 * with the reason in why (damaged: where); -2 when the picture is in a
 * format this ctdash does not read (0.2.0's; then the file's other
 * pictures of that time are too). */
int unpack_picture(const uint8_t *buf, size_t len, struct rec_picture *p, char *why, size_t whylen);

#endif
