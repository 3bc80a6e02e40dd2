/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The heap keeps the worst of the rows kept at its root: a new row that
 * ranks before it replaces it, one that does not costs one comparison. */
#include "model/rowsort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char *const key_names[SK_COUNT] = {
	[SK_ID] = "id", [SK_L3] = "l3", [SK_L4] = "l4", [SK_STATE] = "state",
	[SK_TIMEOUT] = "timeout", [SK_SRC] = "src", [SK_DST] = "dst",
	[SK_SPORT] = "sport", [SK_DPORT] = "dport", [SK_REPLY_SRC] = "reply_src",
	[SK_REPLY_DST] = "reply_dst", [SK_REPLY_SPORT] = "reply_sport",
	[SK_REPLY_DPORT] = "reply_dport", [SK_MARK] = "mark", [SK_ZONE] = "zone",
	[SK_BYTES] = "bytes", [SK_PACKETS] = "packets", [SK_REPLY_BYTES] = "reply_bytes",
	[SK_REPLY_PACKETS] = "reply_packets",
};

const char *sort_key_name(enum sort_key k)
{
	return k < SK_COUNT ? key_names[k] : NULL;
}

static int key_of(const char *name, size_t len)
{
	for (int k = 0; k < SK_COUNT; k++)
		if (strlen(key_names[k]) == len && strncmp(key_names[k], name, len) == 0)
			return k;
	/* the protocol's usual names, and the list's "proto" column */
	if ((len == 5 && strncmp(name, "proto", 5) == 0))
		return SK_L4;
	return -1;
}

int sort_parse(const char *text, struct sort_spec *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	const char *p = text;
	for (;;) {
		bool desc = *p == '-';
		if (desc)
			p++;
		size_t len = strcspn(p, ",");
		int k = key_of(p, len);
		if (k < 0) {
			snprintf(err, errlen, "unknown sort key '%.*s': expected one of id, l3, l4, "
				 "state, timeout, src, dst, sport, dport, reply_src, reply_dst, "
				 "reply_sport, reply_dport, mark, zone, bytes, packets, reply_bytes, "
				 "reply_packets (a leading - reverses)", (int)len, p);
			return -1;
		}
		if (s->n == SORT_KEYS_MAX) {
			snprintf(err, errlen, "at most %d sort keys", SORT_KEYS_MAX);
			return -1;
		}
		s->key[s->n] = (uint8_t)k;
		s->desc[s->n++] = desc;
		p += len;
		if (!*p)
			return 0;
		p++; /* the comma */
	}
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* Addresses: IPv4 before IPv6, then byte order; an entry without one first. */
static int cmp_addr(const struct ct_entry *a, const struct ct_tuple *ta, const uint8_t *xa,
		    const struct ct_entry *b, const struct ct_tuple *tb, const uint8_t *xb,
		    unsigned flag)
{
	int ha = (ta->has & flag) != 0, hb = (tb->has & flag) != 0;
	if (ha != hb)
		return ha - hb;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return memcmp(xa, xb, 16);
}

static int cmp_port(const struct ct_tuple *ta, uint16_t pa, const struct ct_tuple *tb, uint16_t pb)
{
	int ha = (ta->has & CT_TUPLE_PORTS) != 0, hb = (tb->has & CT_TUPLE_PORTS) != 0;
	return ha != hb ? ha - hb : cmp_u64(pa, pb);
}

static int cmp_key(enum sort_key k, const struct ct_entry *a, const struct ct_entry *b)
{
	switch (k) {
	case SK_ID: return cmp_u64(a->id, b->id);
	case SK_L3: return cmp_u64(a->family, b->family);
	case SK_L4: return cmp_u64(a->l4proto, b->l4proto);
	case SK_STATE:
		return a->has_tcp_state != b->has_tcp_state ? a->has_tcp_state - b->has_tcp_state :
		       cmp_u64(a->tcp_state, b->tcp_state);
	case SK_TIMEOUT: return cmp_u64(a->timeout, b->timeout);
	case SK_SRC: return cmp_addr(a, &a->orig, a->orig.src, b, &b->orig, b->orig.src, CT_TUPLE_SRC);
	case SK_DST: return cmp_addr(a, &a->orig, a->orig.dst, b, &b->orig, b->orig.dst, CT_TUPLE_DST);
	case SK_SPORT: return cmp_port(&a->orig, a->orig.sport, &b->orig, b->orig.sport);
	case SK_DPORT: return cmp_port(&a->orig, a->orig.dport, &b->orig, b->orig.dport);
	case SK_REPLY_SRC:
		return cmp_addr(a, &a->reply, a->reply.src, b, &b->reply, b->reply.src, CT_TUPLE_SRC);
	case SK_REPLY_DST:
		return cmp_addr(a, &a->reply, a->reply.dst, b, &b->reply, b->reply.dst, CT_TUPLE_DST);
	case SK_REPLY_SPORT: return cmp_port(&a->reply, a->reply.sport, &b->reply, b->reply.sport);
	case SK_REPLY_DPORT: return cmp_port(&a->reply, a->reply.dport, &b->reply, b->reply.dport);
	case SK_MARK: return cmp_u64(a->mark, b->mark);
	case SK_ZONE: return cmp_u64(a->zone, b->zone);
	case SK_BYTES: return cmp_u64(a->bytes[CT_DIR_ORIG], b->bytes[CT_DIR_ORIG]);
	case SK_PACKETS: return cmp_u64(a->packets[CT_DIR_ORIG], b->packets[CT_DIR_ORIG]);
	case SK_REPLY_BYTES: return cmp_u64(a->bytes[CT_DIR_REPLY], b->bytes[CT_DIR_REPLY]);
	case SK_REPLY_PACKETS: return cmp_u64(a->packets[CT_DIR_REPLY], b->packets[CT_DIR_REPLY]);
	case SK_COUNT: break;
	}
	return 0;
}

int sort_compare(const struct sort_spec *s, const struct ct_entry *a, const struct ct_entry *b)
{
	for (unsigned i = 0; i < s->n; i++) {
		int c = cmp_key((enum sort_key)s->key[i], a, b);
		if (c)
			return s->desc[i] ? -c : c;
	}
	return cmp_u64(a->id, b->id);
}

void rowheap_init(struct rowheap *h, size_t limit, const struct sort_spec *spec)
{
	memset(h, 0, sizeof *h);
	h->limit = limit;
	h->spec = spec;
}

void rowheap_reset(struct rowheap *h)
{
	h->n = 0;
	h->offered = 0;
}

void rowheap_free(struct rowheap *h)
{
	free(h->row);
	rowheap_init(h, h->limit, h->spec);
}

/* "x ranks after y": the heap's root is the row that ranks last. */
static bool after(const struct rowheap *h, size_t x, size_t y)
{
	return sort_compare(h->spec, &h->row[x], &h->row[y]) > 0;
}

static void swap(struct rowheap *h, size_t x, size_t y)
{
	struct ct_entry t = h->row[x];
	h->row[x] = h->row[y];
	h->row[y] = t;
}

static void sift_up(struct rowheap *h, size_t i)
{
	while (i > 0 && after(h, i, (i - 1) / 2)) {
		swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void sift_down(struct rowheap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < h->n && after(h, l, w))
			w = l;
		if (r < h->n && after(h, r, w))
			w = r;
		if (w == i)
			return;
		swap(h, i, w);
		i = w;
	}
}

static int grow(struct rowheap *h)
{
	size_t cap = h->cap ? h->cap * 2 : 256;
	if (h->limit && cap > h->limit)
		cap = h->limit;
	struct ct_entry *row = realloc(h->row, cap * sizeof *row);
	if (!row)
		return -1;
	h->row = row;
	h->cap = cap;
	return 0;
}

int rowheap_offer(struct rowheap *h, const struct ct_entry *e)
{
	h->offered++;
	if (h->limit && h->n == h->limit) {
		if (sort_compare(h->spec, e, &h->row[0]) >= 0)
			return 0;
		h->row[0] = *e;
		sift_down(h, 0);
		return 0;
	}
	if (h->n == h->cap && grow(h) < 0)
		return -1;
	h->row[h->n++] = *e;
	/* without a limit every row stays: order them once, at the end */
	if (h->limit)
		sift_up(h, h->n - 1);
	return 0;
}

static int qsort_cmp(const void *a, const void *b, void *spec)
{
	return sort_compare(spec, a, b);
}

void rowheap_finish(struct rowheap *h)
{
	/* nothing matched: row is NULL, which qsort_r may not be given */
	if (h->n > 1)
		qsort_r(h->row, h->n, sizeof *h->row, qsort_cmp, (void *)h->spec);
}
