/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Structs as tagged fields, for the recording's pictures: each field a
 * key (its tag and how its value is written: a varint, 8 bytes, or a
 * length and bytes), so a reader skips the tags it does not know and
 * leaves zero the fields the writer did not write. Fields are named by
 * tables (struct tlv_layout) that say where each tag lives in the
 * struct; a tag, once given, is never given to another field. Nothing in
 * here depends on a struct's layout: another build, another compiler or
 * a later version of ctdash reads what this one wrote.
 *
 * Values: unsigned integers as LEB128 varints; signed ones zigzagged;
 * doubles as their IEEE 754 bits, little-endian; strings and byte arrays
 * as their bytes; integer arrays as their row length then (gap, value)
 * pairs of the non-zero elements; structs as their own fields; arrays of
 * structs as (length, fields) a element. Zero fields are not written. */
#ifndef CTDASH_RECORD_TLV_H
#define CTDASH_RECORD_TLV_H

#include <stddef.h>
#include <stdint.h>

enum tlv_kind {
	TLV_UNS,        /* unsigned integer of width 1, 2, 4 or 8 */
	TLV_SIGNED,     /* signed integer of width 4 or 8 (int, long, an enum) */
	TLV_BOOL,       /* bool */
	TLV_DOUBLE,     /* double */
	TLV_STR,        /* char[width], read back terminated */
	TLV_BYTES,      /* uint8_t[width] */
	TLV_UNS_ARRAY,  /* count unsigned integers of width, cols a row */
	TLV_SUB,        /* a struct, its fields in sub */
	TLV_SUB_ARRAY,  /* count structs of width bytes; in use: the unsigned at count_at */
	TLV_DYN_ARRAY,  /* a malloc'd array of structs (a pointer at off), its
			   length the unsigned at count_at, at most count */
};

struct tlv_layout;

struct tlv_field {
	unsigned tag;                  /* 1..2^28, never reused */
	enum tlv_kind kind;
	size_t off;                    /* in the struct */
	size_t width;                  /* a value's, an element's or the string's bytes */
	unsigned count;                /* arrays: elements (rows * cols); else 1 */
	unsigned cols;                 /* TLV_UNS_ARRAY: elements a row */
	const struct tlv_layout *sub;  /* TLV_SUB, TLV_SUB_ARRAY, TLV_DYN_ARRAY */
	long count_at;                 /* offset of the unsigned count, or -1 */
};

struct tlv_layout {
	const struct tlv_field *f;
	unsigned n;
};

/* A growing output buffer; failed once out of memory. */
struct tlv_buf {
	uint8_t *p;
	size_t len, cap;
	int failed;
};

/* v as a varint into out: its length. */
size_t tlv_varint(uint8_t out[10], uint64_t v);
/* A varint from in[*pos..n) into *v, *pos past it: 0, or -1 (cut or
 * past 64 bits). */
int tlv_get_varint(const uint8_t *in, size_t n, size_t *pos, uint64_t *v);
/* Append n bytes as they are (a header). */
void tlv_put_raw(struct tlv_buf *b, const void *p, size_t n);
/* Append obj's fields as L names them. */
void tlv_encode(struct tlv_buf *b, const struct tlv_layout *L, const void *obj);

/* Read in[0..n) into obj (zeroed by the caller) as L names its fields;
 * unknown tags are skipped. A TLV_DYN_ARRAY is malloc'd (the caller frees
 * it, also after an error). 0, or -1: damaged at byte *at (of in), or out
 * of memory (*at == n + 1). */
int tlv_decode(const struct tlv_layout *L, const uint8_t *in, size_t n, void *obj, size_t *at);

#endif
