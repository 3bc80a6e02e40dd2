/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/tlv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* How a value is written, in a key's low three bits. */
enum { WIRE_VARINT = 0, WIRE_FIXED64 = 1, WIRE_BYTES = 2 };

/* An array index past this is nothing this build holds: the rest of
 * the array is skipped (and no index arithmetic can wrap). */
#define INDEX_LIMIT (1ull << 40)

/* ---- writing ---- */

static bool reserve(struct tlv_buf *b, size_t more)
{
	if (b->failed)
		return false;
	if (b->cap - b->len >= more)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->len < more)
		cap *= 2;
	uint8_t *p = realloc(b->p, cap);
	if (!p) {
		b->failed = 1;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

size_t tlv_varint(uint8_t out[10], uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		out[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

static void put_bytes(struct tlv_buf *b, const void *p, size_t n)
{
	if (n && reserve(b, n)) {
		memcpy(b->p + b->len, p, n);
		b->len += n;
	}
}

void tlv_put_raw(struct tlv_buf *b, const void *p, size_t n)
{
	put_bytes(b, p, n);
}

static void put_varint(struct tlv_buf *b, uint64_t v)
{
	uint8_t tmp[10];
	put_bytes(b, tmp, tlv_varint(tmp, v));
}

static void put_key(struct tlv_buf *b, unsigned tag, unsigned wire)
{
	put_varint(b, (uint64_t)tag << 3 | wire);
}

/* A length-delimited value: one byte kept for its length, which grows
 * when the value turns out longer than 127 bytes. */
static size_t open_len(struct tlv_buf *b)
{
	put_bytes(b, "", 1);
	return b->len;
}

static void close_len(struct tlv_buf *b, size_t start)
{
	if (b->failed)
		return;
	size_t len = b->len - start;
	uint8_t v[10];
	size_t k = tlv_varint(v, len);
	if (k > 1) {
		if (!reserve(b, k - 1))
			return;
		memmove(b->p + start + k - 1, b->p + start, len);
		b->len += k - 1;
	}
	memcpy(b->p + start - 1, v, k);
}

static uint64_t get_uns(const uint8_t *v, size_t w)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64 = 0;
	switch (w) {
	case 1: memcpy(&u8, v, 1); return u8;
	case 2: memcpy(&u16, v, 2); return u16;
	case 4: memcpy(&u32, v, 4); return u32;
	case 8: memcpy(&u64, v, 8); return u64;
	}
	return 0;
}

static int64_t get_signed(const uint8_t *v, size_t w)
{
	int32_t i32;
	int64_t i64 = 0;
	if (w == 4) {
		memcpy(&i32, v, 4);
		return i32;
	}
	if (w == 8)
		memcpy(&i64, v, 8);
	return i64;
}

static bool all_zero(const uint8_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i])
			return false;
	return true;
}

/* Elements of an array of structs to write: the count in use, at most
 * the array's. */
static size_t in_use(const struct tlv_field *f, const uint8_t *obj)
{
	if (f->count_at < 0)
		return f->count;
	unsigned n;
	memcpy(&n, obj + f->count_at, sizeof n);
	return n < f->count ? n : f->count;
}

static void put_structs(struct tlv_buf *b, const struct tlv_field *f, const uint8_t *base, size_t n,
			size_t mark)
{
	put_key(b, f->tag, WIRE_BYTES);
	size_t start = open_len(b), keep = b->len;
	for (size_t i = 0; i < n && base; i++) {
		size_t e = open_len(b);
		tlv_encode(b, f->sub, base + i * f->width);
		bool said = b->len > e;
		close_len(b, e);
		/* trailing empty elements of an array without a count say nothing */
		if (said || f->count_at >= 0)
			keep = b->len;
	}
	if (b->failed)
		return;
	b->len = keep;
	if (b->len == start)
		b->len = mark;
	else
		close_len(b, start);
}

static void put_uns_array(struct tlv_buf *b, const struct tlv_field *f, const uint8_t *v, size_t mark)
{
	put_key(b, f->tag, WIRE_BYTES);
	size_t start = open_len(b), next = 0;
	bool any = false;
	put_varint(b, f->cols);
	for (size_t i = 0; i < f->count; i++) {
		uint64_t x = get_uns(v + i * f->width, f->width);
		if (!x)
			continue;
		put_varint(b, i - next);
		put_varint(b, x);
		next = i + 1;
		any = true;
	}
	if (!any && !b->failed)
		b->len = mark;
	else
		close_len(b, start);
}

static void put_field(struct tlv_buf *b, const struct tlv_field *f, const uint8_t *obj)
{
	const uint8_t *v = obj + f->off;
	size_t mark = b->len;
	switch (f->kind) {
	case TLV_UNS:
	case TLV_BOOL: {
		uint64_t x = get_uns(v, f->width);
		if (x) {
			put_key(b, f->tag, WIRE_VARINT);
			put_varint(b, f->kind == TLV_BOOL ? 1 : x);
		}
		break;
	}
	case TLV_SIGNED: {
		int64_t x = get_signed(v, f->width);
		if (x) {
			put_key(b, f->tag, WIRE_VARINT);
			/* zigzag: all ones for a negative x, without
			 * shifting a signed value (implementation-defined) */
			put_varint(b, ((uint64_t)x << 1) ^ (x < 0 ? UINT64_MAX : 0));
		}
		break;
	}
	case TLV_DOUBLE: {
		uint64_t bits;
		double d;
		memcpy(&d, v, sizeof d);
		memcpy(&bits, &d, sizeof bits);
		if (bits) {
			uint8_t le[8];
			for (int i = 0; i < 8; i++)
				le[i] = (uint8_t)(bits >> (8 * i));
			put_key(b, f->tag, WIRE_FIXED64);
			put_bytes(b, le, 8);
		}
		break;
	}
	case TLV_STR:
	case TLV_BYTES: {
		size_t len = f->kind == TLV_STR ? strnlen((const char *)v, f->width) : f->width;
		if (len && !all_zero(v, len)) {
			put_key(b, f->tag, WIRE_BYTES);
			put_varint(b, len);
			put_bytes(b, v, len);
		}
		break;
	}
	case TLV_UNS_ARRAY:
		put_uns_array(b, f, v, mark);
		break;
	case TLV_SUB: {
		put_key(b, f->tag, WIRE_BYTES);
		size_t start = open_len(b);
		tlv_encode(b, f->sub, v);
		if (b->len == start && !b->failed)
			b->len = mark;
		else
			close_len(b, start);
		break;
	}
	case TLV_SUB_ARRAY:
		put_structs(b, f, v, in_use(f, obj), mark);
		break;
	case TLV_DYN_ARRAY: {
		const uint8_t *base;
		memcpy(&base, v, sizeof base);
		put_structs(b, f, base, base ? in_use(f, obj) : 0, mark);
		break;
	}
	}
}

void tlv_encode(struct tlv_buf *b, const struct tlv_layout *L, const void *obj)
{
	for (unsigned i = 0; i < L->n; i++)
		put_field(b, &L->f[i], obj);
}

/* ---- reading ---- */

/* Readers return 0, DAMAGED with *bad where, or NO_MEMORY. */
enum { DAMAGED = -1, NO_MEMORY = -2 };

struct rd {
	const uint8_t *p;
	size_t n, pos;
};

static int decode(const struct tlv_layout *L, const uint8_t *in, size_t n, uint8_t *obj,
		  const uint8_t **bad);

static int get_varint(struct rd *r, uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->pos >= r->n)
			return -1;
		uint8_t byte = r->p[r->pos++];
		if (shift == 63 && byte > 1)
			return -1; /* past 64 bits */
		x |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

/* A length and that many bytes, into sub. */
static int get_span(struct rd *r, struct rd *sub)
{
	uint64_t len;
	if (get_varint(r, &len) < 0 || len > r->n - r->pos)
		return -1;
	*sub = (struct rd){ r->p + r->pos, (size_t)len, 0 };
	r->pos += (size_t)len;
	return 0;
}

int tlv_get_varint(const uint8_t *in, size_t n, size_t *pos, uint64_t *v)
{
	struct rd r = { in, n, *pos };
	int ret = get_varint(&r, v);
	*pos = r.pos;
	return ret;
}

static int damaged(const struct rd *r, size_t pos, const uint8_t **bad)
{
	*bad = r->p + pos;
	return DAMAGED;
}

static void set_uns(uint8_t *v, size_t w, uint64_t x)
{
	uint8_t u8 = x > UINT8_MAX ? UINT8_MAX : (uint8_t)x;
	uint16_t u16 = x > UINT16_MAX ? UINT16_MAX : (uint16_t)x;
	uint32_t u32 = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x;
	switch (w) {
	case 1: memcpy(v, &u8, 1); break;
	case 2: memcpy(v, &u16, 2); break;
	case 4: memcpy(v, &u32, 4); break;
	case 8: memcpy(v, &x, 8); break;
	}
}

static void set_signed(uint8_t *v, size_t w, int64_t x)
{
	if (w == 4) {
		int32_t i32 = x > INT32_MAX ? INT32_MAX : x < INT32_MIN ? INT32_MIN : (int32_t)x;
		memcpy(v, &i32, 4);
	} else if (w == 8) {
		memcpy(v, &x, 8);
	}
}

static const struct tlv_field *find(const struct tlv_layout *L, uint64_t tag)
{
	for (unsigned i = 0; i < L->n; i++)
		if (L->f[i].tag == tag)
			return &L->f[i];
	return NULL;
}

static unsigned wire_of(enum tlv_kind k)
{
	switch (k) {
	case TLV_UNS:
	case TLV_SIGNED:
	case TLV_BOOL:
		return WIRE_VARINT;
	case TLV_DOUBLE:
		return WIRE_FIXED64;
	default:
		return WIRE_BYTES;
	}
}

static int read_uns_array(const struct tlv_field *f, struct rd *r, uint8_t *v, const uint8_t **bad)
{
	uint64_t cols, next = 0, gap, x;
	size_t here = r->pos;
	if (get_varint(r, &cols) < 0 || cols == 0)
		return damaged(r, here, bad);
	while (r->pos < r->n) {
		here = r->pos;
		if (get_varint(r, &gap) < 0 || get_varint(r, &x) < 0)
			return damaged(r, here, bad);
		if (gap >= INDEX_LIMIT - next)
			return 0; /* past anything held here: the rest too */
		uint64_t i = next + gap, row = i / cols, col = i % cols;
		if (col < f->cols && row < f->count / f->cols)
			set_uns(v + (row * f->cols + col) * f->width, f->width, x);
		next = i + 1;
	}
	return 0;
}

/* Each element of an array of structs into base, at most max of them
 * (none with base NULL); how many there were in *n. */
static int read_structs(const struct tlv_field *f, struct rd *r, uint8_t *base, size_t max,
			size_t *n, const uint8_t **bad)
{
	struct rd e;
	*n = 0;
	while (r->pos < r->n) {
		size_t here = r->pos;
		if (get_span(r, &e) < 0)
			return damaged(r, here, bad);
		if (base && *n < max) {
			int ret = decode(f->sub, e.p, e.n, base + *n * f->width, bad);
			if (ret < 0)
				return ret;
		}
		(*n)++;
	}
	return 0;
}

static int read_dyn_array(const struct tlv_field *f, struct rd *r, uint8_t *obj, const uint8_t **bad)
{
	size_t n;
	struct rd count = *r;
	if (read_structs(f, &count, NULL, 0, &n, bad) < 0)
		return DAMAGED;
	if (n > f->count)
		return damaged(r, 0, bad); /* more than any machine has */
	uint8_t *base = n ? calloc(n, f->width) : NULL, *old;
	if (n && !base)
		return NO_MEMORY;
	memcpy(&old, obj + f->off, sizeof old);
	free(old); /* the same tag twice: the last wins */
	memcpy(obj + f->off, &base, sizeof base);
	unsigned un = (unsigned)n;
	memcpy(obj + f->count_at, &un, sizeof un);
	return read_structs(f, r, base, n, &n, bad);
}

/* A length-delimited value r into field f of obj. */
static int read_value(const struct tlv_field *f, struct rd *r, uint8_t *obj, const uint8_t **bad)
{
	uint8_t *v = obj + f->off;
	size_t k;
	switch (f->kind) {
	case TLV_STR:
		k = r->n < f->width - 1 ? r->n : f->width - 1;
		memcpy(v, r->p, k);
		v[k] = '\0';
		return 0;
	case TLV_BYTES:
		memcpy(v, r->p, r->n < f->width ? r->n : f->width);
		return 0;
	case TLV_UNS_ARRAY:
		return read_uns_array(f, r, v, bad);
	case TLV_SUB:
		return decode(f->sub, r->p, r->n, v, bad);
	case TLV_SUB_ARRAY:
		return read_structs(f, r, v, f->count, &k, bad);
	case TLV_DYN_ARRAY:
		return read_dyn_array(f, r, obj, bad);
	default:
		return 0;
	}
}

static void read_number(const struct tlv_field *f, uint64_t x, uint8_t *obj)
{
	uint8_t *v = obj + f->off;
	bool t = x != 0;
	double d;
	switch (f->kind) {
	case TLV_UNS:
		set_uns(v, f->width, x);
		break;
	case TLV_SIGNED:
		set_signed(v, f->width, (int64_t)(x >> 1) ^ -(int64_t)(x & 1));
		break;
	case TLV_BOOL:
		memcpy(v, &t, sizeof t);
		break;
	case TLV_DOUBLE:
		memcpy(&d, &x, sizeof d);
		memcpy(v, &d, sizeof d);
		break;
	default:
		break;
	}
}

/* One key and its value: the value's wire, the number or the span. */
static int read_key(struct rd *r, uint64_t *tag, unsigned *wire, uint64_t *x, struct rd *span)
{
	uint64_t key;
	if (get_varint(r, &key) < 0 || (key >> 3) == 0)
		return -1;
	*tag = key >> 3;
	*wire = key & 7;
	*x = 0;
	if (*wire == WIRE_VARINT)
		return get_varint(r, x);
	if (*wire == WIRE_FIXED64) {
		if (r->n - r->pos < 8)
			return -1;
		for (int i = 0; i < 8; i++)
			*x |= (uint64_t)r->p[r->pos + i] << (8 * i);
		r->pos += 8;
		return 0;
	}
	return *wire == WIRE_BYTES ? get_span(r, span) : -1;
}

static int decode(const struct tlv_layout *L, const uint8_t *in, size_t n, uint8_t *obj,
		  const uint8_t **bad)
{
	struct rd r = { in, n, 0 };
	while (r.pos < n) {
		size_t here = r.pos;
		uint64_t tag, x;
		unsigned wire;
		struct rd span = { 0 };
		if (read_key(&r, &tag, &wire, &x, &span) < 0)
			return damaged(&r, here, bad);
		const struct tlv_field *f = find(L, tag);
		if (!f || wire_of(f->kind) != wire)
			continue; /* a later version's field, or one that changed: skipped */
		if (wire != WIRE_BYTES) {
			read_number(f, x, obj);
			continue;
		}
		int ret = read_value(f, &span, obj, bad);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int tlv_decode(const struct tlv_layout *L, const uint8_t *in, size_t n, void *obj, size_t *at)
{
	const uint8_t *bad = in;
	int ret = decode(L, in, n, obj, &bad);
	if (ret == NO_MEMORY)
		*at = n + 1;
	else if (ret < 0)
		*at = (size_t)(bad - in);
	return ret < 0 ? -1 : 0;
}
