/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The picture's fields by tag (record/tlv.h). A tag, once given, is never
 * given to another field: a field that goes keeps its tag unused; a new
 * field takes the next free one; a field whose meaning changes takes a
 * new tag. A reader skips what it does not know, so a file written by
 * another version or build still reads. */
#include "record/pack.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "record/tlv.h"

/* "CTR" and the format's version: 1 was one build's structs (0.2.0),
 * 2 tagged fields. A version past this one would be a format that tags
 * cannot carry: refused. */
#define PACK_VERSION 2
static const uint8_t magic[3] = { 'C', 'T', 'R' };
#define HEADER_LEN 4
/* then how the fields are written: as they are, or deflated behind their
 * length as a varint */
enum { ENC_PLAIN = 0, ENC_DEFLATE = 1 };
/* A picture's fields longer than this are damage (a picture with every
 * namespace of PACK_NS_MAX named is far less). */
#define PACK_RAW_MAX (256u << 20)

#define M(T, m) (((T *)0)->m)
#define F(tag, kind, T, m) { tag, kind, offsetof(T, m), sizeof(M(T, m)), 1, 1, NULL, -1 }
#define U(tag, T, m) F(tag, TLV_UNS, T, m)
#define I(tag, T, m) F(tag, TLV_SIGNED, T, m)
#define B(tag, T, m) F(tag, TLV_BOOL, T, m)
#define D(tag, T, m) F(tag, TLV_DOUBLE, T, m)
#define S(tag, T, m) F(tag, TLV_STR, T, m)
#define Y(tag, T, m) F(tag, TLV_BYTES, T, m)
/* an array of unsigned integers, cols a row (1: one dimension) */
#define UA(tag, T, m, elem, cols)                                                          \
	{ tag, TLV_UNS_ARRAY, offsetof(T, m), sizeof(elem), sizeof(M(T, m)) / sizeof(elem), \
	  cols, NULL, -1 }
#define SUB(tag, T, m, L) { tag, TLV_SUB, offsetof(T, m), sizeof(M(T, m)), 1, 1, &L, -1 }
/* an array of structs, the unsigned n saying how many are in use */
#define SA(tag, T, m, L, n)                                                                  \
	{ tag, TLV_SUB_ARRAY, offsetof(T, m), sizeof(M(T, m)[0]),                            \
	  sizeof(M(T, m)) / sizeof(M(T, m)[0]), 1, &L, (long)offsetof(T, n) }
#define DA(tag, T, m, L, n, max)                                                             \
	{ tag, TLV_DYN_ARRAY, offsetof(T, m), sizeof(M(T, m)[0]), max, 1, &L,                \
	  (long)offsetof(T, n) }
#define LAYOUT(name, ...)                                             \
	static const struct tlv_field name##_f[] = { __VA_ARGS__ };   \
	static const struct tlv_layout name = { name##_f, sizeof name##_f / sizeof name##_f[0] }

/* the kind of a workload and the source of the figures are ints */
_Static_assert(sizeof(enum wl_kind) == sizeof(int), "enum wl_kind is an int");
_Static_assert(sizeof(enum ct_source_kind) == sizeof(int), "enum ct_source_kind is an int");
_Static_assert(sizeof(enum churn_state) == sizeof(int), "enum churn_state is an int");
_Static_assert(sizeof(bool) == 1, "a bool is a byte");

LAYOUT(timeout_l, S(1, struct ct_timeout, name), I(2, struct ct_timeout, value));
LAYOUT(source_l, I(1, struct ct_source, family), Y(2, struct ct_source, addr),
       U(3, struct ct_source, count));
LAYOUT(port_l, U(1, struct ct_port_count, proto), U(2, struct ct_port_count, port),
       U(3, struct ct_port_count, count));
LAYOUT(churn_l, I(1, struct ct_churn, family), Y(2, struct ct_churn, addr),
       U(3, struct ct_churn, proto), U(4, struct ct_churn, port), D(5, struct ct_churn, per_s),
       D(6, struct ct_churn, per_s_10), D(7, struct ct_churn, per_s_60));
LAYOUT(outside_l, B(1, struct ct_outside, lists_known), U(2, struct ct_outside, dying),
       U(3, struct ct_outside, unconfirmed), B(4, struct ct_outside, expect_known),
       U(5, struct ct_outside, expectations), U(6, struct ct_outside, expect_max));
LAYOUT(tally_l, U(1, struct ct_tally, entries), U(2, struct ct_tally, ipv4),
       U(3, struct ct_tally, ipv6), U(4, struct ct_tally, l3_other),
       UA(5, struct ct_tally, l4, uint64_t, 1), UA(6, struct ct_tally, tcp, uint64_t, 1),
       U(7, struct ct_tally, assured), U(8, struct ct_tally, unreplied),
       U(9, struct ct_tally, loopback), U(10, struct ct_tally, evictable),
       U(11, struct ct_tally, gc_evictable), U(12, struct ct_tally, pinned),
       U(13, struct ct_tally, unreplied_datagram),
       UA(14, struct ct_tally, tcp_hist, uint64_t, CT_HIST_BINS),
       UA(15, struct ct_tally, l4_hist, uint64_t, CT_HIST_BINS), U(16, struct ct_tally, malformed));
LAYOUT(analysis_l, D(1, struct ct_analysis, fill), D(2, struct ct_analysis, load_factor),
       D(3, struct ct_analysis, nonempty_fraction), D(4, struct ct_analysis, mean_chain),
       U(5, struct ct_analysis, memory_now), U(6, struct ct_analysis, memory_at_max),
       U(7, struct ct_analysis, default_max), U(8, struct ct_analysis, default_buckets),
       B(9, struct ct_analysis, max_is_default), B(10, struct ct_analysis, buckets_is_default));
LAYOUT(rates_l, B(1, struct ct_rates, valid), B(2, struct ct_rates, new_known),
       D(3, struct ct_rates, new_per_s), D(4, struct ct_rates, destroy_per_s),
       D(5, struct ct_rates, growth_per_s), D(6, struct ct_rates, expire_per_s),
       D(7, struct ct_rates, window_s), D(8, struct ct_rates, seconds_to_full));
LAYOUT(events_l, I(1, struct ct_events_info, source), S(2, struct ct_events_info, why_dump),
       U(3, struct ct_events_info, new_total), U(4, struct ct_events_info, update_total),
       U(5, struct ct_events_info, destroy_total), U(6, struct ct_events_info, expired_unreaped),
       U(7, struct ct_events_info, expired_total), U(8, struct ct_events_info, lost),
       U(9, struct ct_events_info, resyncs), U(10, struct ct_events_info, foreign),
       U(11, struct ct_events_info, malformed), D(12, struct ct_events_info, lag_ms),
       D(13, struct ct_events_info, dump_age_s), B(14, struct ct_events_info, resynced),
       I(15, struct ct_events_info, rcvbuf), U(16, struct ct_events_info, index_entries),
       U(17, struct ct_events_info, index_bytes), U(18, struct ct_events_info, sample_1_in),
       D(19, struct ct_events_info, listened_share), S(20, struct ct_events_info, why_events),
       D(21, struct ct_events_info, own_us), D(22, struct ct_events_info, kernel_us),
       B(23, struct ct_events_info, kernel_measured));
LAYOUT(range_l, U(1, struct ct_nat_range, lo), U(2, struct ct_nat_range, hi),
       B(3, struct ct_nat_range, from_rules), S(4, struct ct_nat_range, origin));
LAYOUT(snat_l, U(1, struct ct_snat_group, family), U(2, struct ct_snat_group, proto),
       U(3, struct ct_snat_group, dport), Y(4, struct ct_snat_group, addr),
       Y(5, struct ct_snat_group, dst), U(6, struct ct_snat_group, entries));
LAYOUT(backend_l, Y(1, struct ct_dnat_backend, addr), U(2, struct ct_dnat_backend, port),
       U(3, struct ct_dnat_backend, entries), U(4, struct ct_dnat_backend, unreplied),
       D(5, struct ct_dnat_backend, oldest_unreplied_s),
       D(6, struct ct_dnat_backend, newest_replied_s), B(7, struct ct_dnat_backend, answering));
LAYOUT(dnat_l, U(1, struct ct_dnat_service, family), U(2, struct ct_dnat_service, proto),
       U(3, struct ct_dnat_service, dport), Y(4, struct ct_dnat_service, dst),
       U(5, struct ct_dnat_service, entries), U(6, struct ct_dnat_service, nbackends_seen),
       SA(7, struct ct_dnat_service, backends, backend_l, nbackends),
       U(8, struct ct_dnat_service, nbackends));
LAYOUT(nat_l, U(1, struct ct_nat, snat_entries), U(2, struct ct_nat, dnat_entries),
       U(3, struct ct_nat, snat_groups), U(4, struct ct_nat, dnat_services),
       SA(5, struct ct_nat, snat, snat_l, nsnat), U(6, struct ct_nat, nsnat),
       SA(7, struct ct_nat, dnat, dnat_l, ndnat), U(8, struct ct_nat, ndnat),
       SUB(9, struct ct_nat, range, range_l), B(10, struct ct_nat, ages_known),
       U(11, struct ct_nat, ungrouped));
LAYOUT(cpu_l, U(1, struct ct_cpu_stats, cpu), U(2, struct ct_cpu_stats, present),
       UA(3, struct ct_cpu_stats, v, uint64_t, 1));

#define SN struct ct_snapshot
LAYOUT(snap_l, U(1, SN, count), U(2, SN, max), U(3, SN, buckets), U(4, SN, hashsize),
       SA(5, SN, timeouts, timeout_l, ntimeouts), U(6, SN, ntimeouts), B(7, SN, acct),
       B(8, SN, acct_default), B(9, SN, acct_read), U(10, SN, entry_size),
       B(11, SN, entry_size_measured), U(12, SN, ram_bytes), U(13, SN, word_bits),
       S(14, SN, kernel), S(15, SN, hostname), S(16, SN, netns), I(17, SN, tcp_keepalive_time),
       I(18, SN, tcp_keepalive_intvl), I(19, SN, tcp_keepalive_probes), B(20, SN, netns_gone),
       UA(21, SN, stat_total, uint64_t, 1), U(22, SN, stat_present), U(23, SN, global_entries),
       U(24, SN, global_max), B(25, SN, have_global), SUB(26, SN, outside, outside_l),
       SUB(27, SN, tally, tally_l), SA(28, SN, top, source_l, ntop), U(29, SN, ntop),
       U(30, SN, distinct_sources), SA(31, SN, top_dst, source_l, ntop_dst), U(32, SN, ntop_dst),
       U(33, SN, distinct_destinations), SA(34, SN, top_dport, port_l, ntop_dport),
       U(35, SN, ntop_dport), U(36, SN, distinct_dports), SUB(37, SN, nat, nat_l),
       B(38, SN, complete), U(39, SN, dump_attempts), D(40, SN, dump_ms),
       SUB(41, SN, an, analysis_l), SUB(42, SN, rates, rates_l), SUB(43, SN, events, events_l),
       SA(44, SN, top_new_src, churn_l, n_new_src), SA(45, SN, top_new_dst, churn_l, n_new_dst),
       SA(46, SN, top_new_dport, churn_l, n_new_dport), U(47, SN, n_new_src),
       U(48, SN, n_new_dst), U(49, SN, n_new_dport), UA(50, SN, part_err, int, 1),
       D(51, SN, taken_at), B(52, SN, partial), D(53, SN, breakdown_at),
       DA(54, SN, cpu, cpu_l, ncpu, PACK_CPU_MAX), D(55, SN, dump_cpu_ms));
#undef SN

LAYOUT(advice_rates_l, B(1, struct advice_rates, known), D(2, struct advice_rates, seconds),
       UA(3, struct advice_rates, rose, uint64_t, 1), B(4, struct advice_rates, growth_known),
       D(5, struct advice_rates, growth_per_sec), D(6, struct advice_rates, last_drop_at),
       D(7, struct advice_rates, dropping_since), U(8, struct advice_rates, run_drops),
       U(9, struct advice_rates, run_early_drops), D(10, struct advice_rates, run_rate),
       D(11, struct advice_rates, newest_at));

LAYOUT(workload_l, I(1, struct workload, kind), S(2, struct workload, container_id),
       S(3, struct workload, pod_uid), S(4, struct workload, namespace),
       S(5, struct workload, name), B(6, struct workload, name_from_hostname));
LAYOUT(ns_stats_l, B(1, struct ns_stats, have), U(2, struct ns_stats, insert),
       U(3, struct ns_stats, insert_failed), U(4, struct ns_stats, drop),
       U(5, struct ns_stats, early_drop), B(6, struct ns_stats, have_rate),
       D(7, struct ns_stats, insert_rate), D(8, struct ns_stats, drop_rate),
       D(9, struct ns_stats, growth_rate));
/* its why is the collector's static text, not kept: replayed, it is null */
LAYOUT(ns_churn_l, I(1, struct ns_churn, state), U(2, struct ns_churn, family),
       Y(3, struct ns_churn, addr), D(4, struct ns_churn, top_per_s),
       D(5, struct ns_churn, top_error_per_s), D(6, struct ns_churn, new_per_s),
       D(7, struct ns_churn, listened_s), U(8, struct ns_churn, sampled_k),
       D(9, struct ns_churn, age_s));
LAYOUT(ns_addr_l, U(1, struct ns_addr, family), Y(2, struct ns_addr, addr));
LAYOUT(ns_info_l, U(1, struct ns_info, inode), S(2, struct ns_info, name),
       B(3, struct ns_info, initial), UA(4, struct ns_info, pids, pid_t, 1),
       U(5, struct ns_info, nholders), S(6, struct ns_info, comm), S(7, struct ns_info, container),
       SUB(8, struct ns_info, workload, workload_l), B(9, struct ns_info, gone),
       I(10, struct ns_info, err), U(11, struct ns_info, count),
       SA(12, struct ns_info, diff, timeout_l, ndiff), U(13, struct ns_info, ndiff),
       SUB(14, struct ns_info, st, ns_stats_l), SA(15, struct ns_info, addrs, ns_addr_l, naddrs),
       U(16, struct ns_info, naddrs), D(17, struct ns_info, read_ms),
       SUB(18, struct ns_info, churn, ns_churn_l));
LAYOUT(ns_table_l, DA(1, struct ns_table, ns, ns_info_l, n, PACK_NS_MAX),
       U(2, struct ns_table, max), U(3, struct ns_table, self_inode),
       I(4, struct ns_table, enter_err), U(5, struct ns_table, entered),
       D(6, struct ns_table, scan_ms), D(7, struct ns_table, owner_cpu_ms),
       D(8, struct ns_table, churn_cpu_ms));

LAYOUT(picture_l, SUB(1, struct rec_picture, snap, snap_l),
       SUB(2, struct rec_picture, rates, advice_rates_l), B(3, struct rec_picture, has_ns),
       SUB(4, struct rec_picture, ns, ns_table_l));

/* The fields are deflated (zlib, its fastest level): a picture's names
 * and addresses repeat, and a third of the bytes fit more pictures in a
 * page of the file (issue 20's 64 MiB a day). */
uint8_t *pack_picture_as(const struct rec_picture *p, size_t *len, bool deflate)
{
	struct tlv_buf b = { 0 };
	struct rec_picture q = *p;
	if (!q.has_ns)
		memset(&q.ns, 0, sizeof q.ns);
	tlv_encode(&b, &picture_l, &q);
	uLongf zlen = compressBound(b.len);
	uint8_t *out = b.failed ? NULL : malloc(HEADER_LEN + 1 + 10 + zlen);
	if (!out) {
		free(b.p);
		return NULL;
	}
	memcpy(out, magic, sizeof magic);
	out[3] = PACK_VERSION;
	size_t k = tlv_varint(out + HEADER_LEN + 1, b.len);
	uint8_t *z = out + HEADER_LEN + 1 + k;
	if (deflate && compress2(z, &zlen, b.p, b.len, Z_BEST_SPEED) == Z_OK && zlen < b.len) {
		out[HEADER_LEN] = ENC_DEFLATE;
		*len = (size_t)(z - out) + zlen;
	} else {
		out[HEADER_LEN] = ENC_PLAIN;
		if (b.len)
			memcpy(out + HEADER_LEN + 1, b.p, b.len);
		*len = HEADER_LEN + 1 + b.len;
	}
	free(b.p);
	return out;
}

uint8_t *pack_picture(const struct rec_picture *p, size_t *len)
{
	return pack_picture_as(p, len, true);
}

#define CAP(n, max) ((n) = (n) > (max) ? (max) : (n))

static void nat_make_safe(struct ct_nat *nat)
{
	CAP(nat->nsnat, CT_NAT_SNAT_MAX);
	CAP(nat->ndnat, CT_NAT_SVC_MAX);
	for (unsigned i = 0; i < CT_NAT_SVC_MAX; i++)
		CAP(nat->dnat[i].nbackends, CT_NAT_BACKEND_MAX);
}

/* Whatever the bytes said, no count read from them indexes past its array
 * and no enum holds a value its switches do not know. */
static void snapshot_make_safe(struct ct_snapshot *s)
{
	CAP(s->ntimeouts, CT_TIMEOUT_MAX);
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
		CAP(ns->ndiff, NS_DIFF_MAX);
		CAP(ns->naddrs, NS_ADDRS_MAX);
		if ((unsigned)ns->workload.kind > WL_POD)
			ns->workload.kind = WL_NONE;
		if ((unsigned)ns->churn.state > CHURN_UNREADABLE)
			ns->churn.state = CHURN_NONE;
	}
}

__attribute__((format(printf, 4, 5)))
static int refuse(char *why, size_t whylen, int ret, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return ret;
}

/* The fields of a deflated body into *raw (malloc'd), *n their length. */
static int inflate_body(const uint8_t *body, size_t len, uint8_t **raw, size_t *n, char *why,
			size_t whylen)
{
	size_t pos = 0;
	uint64_t want;
	if (tlv_get_varint(body, len, &pos, &want) < 0 || want > PACK_RAW_MAX)
		return refuse(why, whylen, -1, "a picture is damaged: its length is not one");
	uLongf got = (uLongf)want;
	*raw = malloc(want ? (size_t)want : 1);
	if (!*raw)
		return refuse(why, whylen, -1, "out of memory reading a picture");
	int rc = uncompress(*raw, &got, body + pos, len - pos);
	if (rc != Z_OK || got != want) {
		free(*raw);
		*raw = NULL;
		return refuse(why, whylen, -1, "a picture's deflated bytes are damaged (zlib: %s)",
			      rc == Z_OK ? "shorter than it says"
			      : rc == Z_BUF_ERROR ? "cut short, or longer than it says" : zError(rc));
	}
	*n = (size_t)want;
	return 0;
}

int unpack_picture(const uint8_t *buf, size_t len, struct rec_picture *p, char *why, size_t whylen)
{
	memset(p, 0, sizeof *p);
	if (len < HEADER_LEN || memcmp(buf, magic, sizeof magic) != 0)
		return refuse(why, whylen, -1, "a picture is not in ctdash's format (damaged: %zu bytes)",
			      len);
	if (buf[3] == 1)
		return refuse(why, whylen, -2, "a picture is in format 1 (ctdash 0.2.0: one build's own "
			      "structs), which no other build reads; its tables still answer sqlite3");
	if (buf[3] != PACK_VERSION)
		return refuse(why, whylen, -2, "a picture is in format %u, which this ctdash does not "
			      "read (it reads format %u)", buf[3], PACK_VERSION);
	if (len < HEADER_LEN + 1)
		return refuse(why, whylen, -1, "a picture is damaged: it ends after its header");
	const uint8_t *fields = buf + HEADER_LEN + 1;
	size_t n = len - HEADER_LEN - 1;
	uint8_t *raw = NULL;
	bool inflated = buf[HEADER_LEN] == ENC_DEFLATE;
	if (inflated) {
		if (inflate_body(fields, n, &raw, &n, why, whylen) < 0)
			return -1;
		fields = raw;
	} else if (buf[HEADER_LEN] != ENC_PLAIN) {
		return refuse(why, whylen, -2, "a picture is encoded in a way this ctdash does not "
			      "know (%u)", buf[HEADER_LEN]);
	}
	size_t at;
	int ret = tlv_decode(&picture_l, fields, n, p, &at);
	free(raw);
	if (ret < 0) {
		picture_free(p);
		if (at > n)
			return refuse(why, whylen, -1, "out of memory reading a picture");
		if (inflated)
			return refuse(why, whylen, -1, "a picture is damaged at byte %zu of its %zu "
				      "once inflated", at, n);
		return refuse(why, whylen, -1, "a picture is damaged at byte %zu of %zu",
			      at + HEADER_LEN + 1, len);
	}
	if (!p->has_ns) {
		free(p->ns.ns);
		memset(&p->ns, 0, sizeof p->ns);
	}
	snapshot_make_safe(&p->snap);
	ns_make_safe(&p->ns);
	return 0;
}
