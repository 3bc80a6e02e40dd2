/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/pack.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "CTR" and the format's version; then four sizes that name the layout. */
static const uint8_t magic[4] = { 'C', 'T', 'R', 1 };
/* then the sizes of the snapshot, the rates, a CPU's counters, a
 * namespace's line and the namespace table, the CPUs and the namespaces */
#define HEADER_FIELDS 7
#define HEADER_LEN (4 + 4 * HEADER_FIELDS)

/* Zero runs shorter than this stay in the literal: a token costs a byte. */
#define ZERO_RUN_MIN 3

static size_t put_varint(uint8_t *out, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		out[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	out[n++] = (uint8_t)v;
	return n;
}

static int get_varint(const uint8_t *in, size_t n, size_t *pos, uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (*pos >= n)
			return -1;
		uint8_t b = in[(*pos)++];
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

size_t squeeze_bound(size_t n)
{
	/* every literal of up to n bytes has a token of at most 10 bytes */
	return n + n / 2 + 16;
}

static size_t zero_run(const uint8_t *in, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && in[j] == 0)
		j++;
	return j - i;
}

size_t squeeze(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		size_t z = zero_run(in, n, i);
		if (z >= ZERO_RUN_MIN || (z > 0 && i + z == n)) {
			o += put_varint(out + o, (uint64_t)z << 1 | 1);
			i += z;
			continue;
		}
		size_t j = i;
		while (j < n && (in[j] != 0 || (zero_run(in, n, j) < ZERO_RUN_MIN && j + zero_run(in, n, j) < n)))
			j++;
		o += put_varint(out + o, (uint64_t)(j - i) << 1);
		memcpy(out + o, in + i, j - i);
		o += j - i;
		i = j;
	}
	return o;
}

int unsqueeze(const uint8_t *in, size_t n, uint8_t *out, size_t want)
{
	size_t pos = 0, o = 0;
	while (pos < n) {
		uint64_t tok;
		if (get_varint(in, n, &pos, &tok) < 0)
			return -1;
		uint64_t len = tok >> 1;
		if (len > want - o)
			return -1;
		if (tok & 1) {
			memset(out + o, 0, len);
		} else {
			if (len > n - pos)
				return -1;
			memcpy(out + o, in + pos, len);
			pos += len;
		}
		o += len;
	}
	return o == want ? 0 : -1;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* The sizes a build writes and reads, in header order. */
static void layout(uint32_t f[HEADER_FIELDS], const struct rec_picture *p)
{
	f[0] = sizeof p->snap;
	f[1] = sizeof p->rates;
	f[2] = sizeof(struct ct_cpu_stats);
	f[3] = sizeof(struct ns_info);
	f[4] = sizeof p->ns;
	f[5] = p->snap.ncpu;
	f[6] = p->has_ns ? p->ns.n : 0;
}

static size_t raw_size(const uint32_t f[HEADER_FIELDS], bool has_ns)
{
	size_t n = (size_t)f[0] + f[1] + (size_t)f[5] * f[2];
	if (has_ns)
		n += f[4] + (size_t)f[6] * f[3];
	return n;
}

uint8_t *pack_picture(const struct rec_picture *p, size_t *len)
{
	uint32_t f[HEADER_FIELDS];
	layout(f, p);
	size_t raw_len = raw_size(f, p->has_ns);
	uint8_t *raw = malloc(raw_len);
	uint8_t *out = malloc(HEADER_LEN + 1 + squeeze_bound(raw_len));
	if (!raw || !out) {
		free(raw);
		free(out);
		return NULL;
	}
	struct ct_snapshot s = p->snap;
	s.cpu = NULL;
	memset(&s.list, 0, sizeof s.list);
	uint8_t *w = raw;
	memcpy(w, &s, sizeof s), w += sizeof s;
	memcpy(w, &p->rates, sizeof p->rates), w += sizeof p->rates;
	if (p->snap.ncpu)
		memcpy(w, p->snap.cpu, (size_t)f[5] * f[2]), w += (size_t)f[5] * f[2];
	if (p->has_ns) {
		struct ns_table t = p->ns;
		t.ns = NULL;
		memcpy(w, &t, sizeof t), w += sizeof t;
		if (t.n)
			memcpy(w, p->ns.ns, (size_t)f[6] * f[3]);
	}
	memcpy(out, magic, 4);
	for (unsigned i = 0; i < HEADER_FIELDS; i++)
		put_u32(out + 4 + 4 * i, f[i]);
	out[HEADER_LEN] = p->has_ns;
	*len = HEADER_LEN + 1 + squeeze(raw, raw_len, out + HEADER_LEN + 1);
	free(raw);
	return out;
}

/* A bool whose byte is neither 0 nor 1 is undefined to read: say 1. */
#define FIX_BOOL(b)                                  \
	do {                                         \
		unsigned char byte_;                 \
		memcpy(&byte_, &(b), 1);             \
		(b) = byte_ != 0;                    \
	} while (0)
#define FIX_STR(a) ((a)[sizeof(a) - 1] = '\0')
#define CAP(n, max) ((n) = (n) > (max) ? (max) : (n))

static void nat_make_safe(struct ct_nat *nat)
{
	CAP(nat->nsnat, CT_NAT_SNAT_MAX);
	CAP(nat->ndnat, CT_NAT_SVC_MAX);
	for (unsigned i = 0; i < CT_NAT_SVC_MAX; i++) {
		CAP(nat->dnat[i].nbackends, CT_NAT_BACKEND_MAX);
		for (unsigned k = 0; k < CT_NAT_BACKEND_MAX; k++)
			FIX_BOOL(nat->dnat[i].backends[k].answering);
	}
	FIX_BOOL(nat->range.from_rules);
	FIX_BOOL(nat->ages_known);
	FIX_STR(nat->range.origin);
}

/* Whatever the bytes said, nothing read from them indexes out of bounds. */
static void snapshot_make_safe(struct ct_snapshot *s)
{
	FIX_BOOL(s->acct);
	FIX_BOOL(s->acct_default);
	FIX_BOOL(s->acct_read);
	FIX_BOOL(s->entry_size_measured);
	FIX_BOOL(s->netns_gone);
	FIX_BOOL(s->have_global);
	FIX_BOOL(s->complete);
	FIX_BOOL(s->an.max_is_default);
	FIX_BOOL(s->an.buckets_is_default);
	FIX_BOOL(s->rates.valid);
	FIX_BOOL(s->rates.new_known);
	FIX_BOOL(s->events.resynced);
	FIX_STR(s->kernel);
	FIX_STR(s->hostname);
	FIX_STR(s->netns);
	FIX_STR(s->events.why_dump);
	CAP(s->ntimeouts, CT_TIMEOUT_MAX);
	for (unsigned i = 0; i < CT_TIMEOUT_MAX; i++)
		FIX_STR(s->timeouts[i].name);
	CAP(s->ntop, CT_TOP_MAX);
	CAP(s->ntop_dst, CT_TOP_MAX);
	CAP(s->ntop_dport, CT_TOP_MAX);
	CAP(s->n_new_src, CT_CHURN_MAX);
	CAP(s->n_new_dst, CT_CHURN_MAX);
	CAP(s->n_new_dport, CT_CHURN_MAX);
	if ((unsigned)s->events.source > CT_SOURCE_EVENTS)
		s->events.source = CT_SOURCE_DUMP;
	if (s->word_bits != 0 && s->word_bits != 32 && s->word_bits != 64)
		s->word_bits = 64;
	nat_make_safe(&s->nat);
}

static void ns_make_safe(struct ns_table *t)
{
	for (unsigned i = 0; i < t->n; i++) {
		struct ns_info *ns = &t->ns[i];
		FIX_BOOL(ns->initial);
		FIX_BOOL(ns->gone);
		FIX_STR(ns->name);
		FIX_STR(ns->comm);
		FIX_STR(ns->container);
		CAP(ns->ndiff, NS_DIFF_MAX);
		for (unsigned k = 0; k < NS_DIFF_MAX; k++)
			FIX_STR(ns->diff[k].name);
	}
}

static int refuse(char *why, size_t whylen, const char *what)
{
	snprintf(why, whylen, "%s", what);
	return -1;
}

static int check_header(const uint8_t *buf, size_t len, uint32_t f[HEADER_FIELDS], char *why, size_t whylen)
{
	if (len < HEADER_LEN + 1 || memcmp(buf, magic, 4) != 0)
		return refuse(why, whylen, "a picture is not in ctdash's format (damaged)");
	struct rec_picture mine = { .has_ns = false };
	uint32_t want[HEADER_FIELDS];
	layout(want, &mine);
	for (unsigned i = 0; i < HEADER_FIELDS; i++)
		f[i] = get_u32(buf + 4 + 4 * i);
	for (unsigned i = 0; i < 5; i++)
		if (f[i] != want[i]) {
			snprintf(why, whylen, "a picture was recorded by another build of ctdash "
				 "(its layout differs from this one's in field %u: %u, not %u)",
				 i, f[i], want[i]);
			return -2;
		}
	if (f[5] > PACK_CPU_MAX || f[6] > PACK_NS_MAX || buf[HEADER_LEN] > 1)
		return refuse(why, whylen, "a picture's header is damaged");
	return 0;
}

/* Copy the unsqueezed bytes into p's structs and arrays. */
static int unpack_raw(const uint8_t *raw, const uint32_t f[HEADER_FIELDS], bool has_ns,
		      struct rec_picture *p)
{
	memcpy(&p->snap, raw, f[0]), raw += f[0];
	memcpy(&p->rates, raw, f[1]), raw += f[1];
	p->snap.cpu = NULL;
	p->snap.ncpu = 0;
	memset(&p->snap.list, 0, sizeof p->snap.list);
	if (f[5]) {
		if (!(p->snap.cpu = malloc((size_t)f[5] * f[2])))
			return -1;
		memcpy(p->snap.cpu, raw, (size_t)f[5] * f[2]), raw += (size_t)f[5] * f[2];
		p->snap.ncpu = f[5];
	}
	p->has_ns = has_ns;
	if (has_ns) {
		memcpy(&p->ns, raw, f[4]), raw += f[4];
		p->ns.ns = NULL;
		p->ns.n = 0;
		if (f[6]) {
			if (!(p->ns.ns = malloc((size_t)f[6] * f[3])))
				return -1;
			memcpy(p->ns.ns, raw, (size_t)f[6] * f[3]);
			p->ns.n = f[6];
		}
	}
	return 0;
}

int unpack_picture(const uint8_t *buf, size_t len, struct rec_picture *p, char *why, size_t whylen)
{
	memset(p, 0, sizeof *p);
	uint32_t f[HEADER_FIELDS];
	int bad = check_header(buf, len, f, why, whylen);
	if (bad < 0)
		return bad;
	bool has_ns = buf[HEADER_LEN];
	size_t raw_len = raw_size(f, has_ns);
	uint8_t *raw = malloc(raw_len);
	if (!raw)
		return refuse(why, whylen, "out of memory reading a picture");
	if (unsqueeze(buf + HEADER_LEN + 1, len - HEADER_LEN - 1, raw, raw_len) < 0) {
		free(raw);
		return refuse(why, whylen, "a picture's bytes are damaged");
	}
	int ret = unpack_raw(raw, f, has_ns, p);
	free(raw);
	if (ret < 0) {
		picture_free(p);
		return refuse(why, whylen, "out of memory reading a picture");
	}
	snapshot_make_safe(&p->snap);
	FIX_BOOL(p->rates.known);
	FIX_BOOL(p->rates.growth_known);
	ns_make_safe(&p->ns);
	return 0;
}
