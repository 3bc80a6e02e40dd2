/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-entry parser. It runs once per conntrack entry, a million times a
 * dump, so it walks attributes by hand: only the ones ctdash shows are
 * looked at, with a bounds check each, and nothing is allocated. */
#include "collect/ctmsg.h"

#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stddef.h>
#include <string.h>

#define ATTR_TYPE(a) ((a)->nla_type & NLA_TYPE_MASK)

/* How much of a message to read: the aggregates, they and NAT, all. */
enum parse_depth { PARSE_SUMMARY, PARSE_NAT, PARSE_WHOLE };

struct span {
	const uint8_t *p;
	size_t len;
};

/* Step to the next attribute of a span; false at the end. A length that
 * runs past the span sets *bad, and so do 1 to 3 bytes left over: the
 * kernel pads every attribute, so those are a header cut short. */
static bool next_attr(struct span *s, const struct nlattr **out, bool *bad)
{
	if (s->len < NLA_HDRLEN) {
		if (s->len > 0)
			*bad = true;
		return false;
	}
	const struct nlattr *a = (const struct nlattr *)s->p;
	if (a->nla_len < NLA_HDRLEN || a->nla_len > s->len) {
		*bad = true;
		return false;
	}
	size_t step = NLA_ALIGN(a->nla_len);
	if (step > s->len)
		step = s->len;
	s->p += step;
	s->len -= step;
	*out = a;
	return true;
}

static struct span payload(const struct nlattr *a)
{
	return (struct span){ (const uint8_t *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN };
}

static uint32_t be32_at(const struct nlattr *a)
{
	uint32_t v;
	memcpy(&v, (const uint8_t *)a + NLA_HDRLEN, sizeof v);
	return ntohl(v);
}

static size_t plen(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static uint16_t be16_at(const struct nlattr *a)
{
	uint16_t v;
	memcpy(&v, (const uint8_t *)a + NLA_HDRLEN, sizeof v);
	return ntohs(v);
}

static uint64_t be64_at(const struct nlattr *a)
{
	uint32_t w[2];
	memcpy(w, (const uint8_t *)a + NLA_HDRLEN, sizeof w);
	return (uint64_t)ntohl(w[0]) << 32 | ntohl(w[1]);
}

/* Inlined with a constant size, so the copy is a move or two. */
static inline void take_addr(const struct nlattr *a, size_t size, uint8_t *to, unsigned flag,
			     struct ct_tuple *t)
{
	if (plen(a) >= size) {
		memcpy(to, payload(a).p, size);
		t->has |= flag;
	}
}

static bool parse_tuple_ip(const struct nlattr *nest, struct ct_tuple *t)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad)) {
		switch (ATTR_TYPE(a)) {
		case CTA_IP_V4_SRC:
			take_addr(a, 4, t->src, CT_TUPLE_SRC, t);
			break;
		case CTA_IP_V4_DST:
			take_addr(a, 4, t->dst, CT_TUPLE_DST, t);
			break;
		case CTA_IP_V6_SRC:
			take_addr(a, 16, t->src, CT_TUPLE_SRC, t);
			break;
		case CTA_IP_V6_DST:
			take_addr(a, 16, t->dst, CT_TUPLE_DST, t);
			break;
		default:
			break;
		}
	}
	return !bad;
}

static void take_proto_attr(const struct nlattr *a, struct ct_tuple *t)
{
	size_t n = plen(a);
	switch (ATTR_TYPE(a)) {
	case CTA_PROTO_NUM:
		if (n >= 1) {
			t->l4proto = *payload(a).p;
			t->has |= CT_TUPLE_PROTO;
		}
		break;
	case CTA_PROTO_SRC_PORT:
		if (n >= 2) {
			t->sport = be16_at(a);
			t->has |= CT_TUPLE_PORTS;
		}
		break;
	case CTA_PROTO_DST_PORT:
		if (n >= 2) {
			t->dport = be16_at(a);
			t->has |= CT_TUPLE_PORTS;
		}
		break;
	case CTA_PROTO_ICMP_ID:
	case CTA_PROTO_ICMPV6_ID:
		if (n >= 2) {
			t->icmp_id = be16_at(a);
			t->has |= CT_TUPLE_ICMP;
		}
		break;
	case CTA_PROTO_ICMP_TYPE:
	case CTA_PROTO_ICMPV6_TYPE:
		if (n >= 1) {
			t->icmp_type = *payload(a).p;
			t->has |= CT_TUPLE_ICMP;
		}
		break;
	case CTA_PROTO_ICMP_CODE:
	case CTA_PROTO_ICMPV6_CODE:
		if (n >= 1) {
			t->icmp_code = *payload(a).p;
			t->has |= CT_TUPLE_ICMP;
		}
		break;
	default:
		break;
	}
}

static bool parse_tuple_proto(const struct nlattr *nest, struct ct_tuple *t)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad))
		take_proto_attr(a, t);
	return !bad;
}

/* CTA_TUPLE_ZONE: the zone of one direction only (CTA_ZONE, both
 * directions, wins: the kernel never sends both). */
static void take_tuple_zone(const struct nlattr *a, struct ct_entry *e, uint8_t dir)
{
	if (plen(a) < 2 || (e->has_zone && e->zone_dir == CT_ZONE_DIR_BOTH))
		return;
	e->zone = be16_at(a);
	e->zone_dir = dir;
	e->has_zone = true;
}

/* A tuple nest; t NULL reads only its zone (the summary skips the reply
 * tuple's addresses but not the entry's zone). */
static bool parse_tuple(const struct nlattr *nest, struct ct_tuple *t, struct ct_entry *e,
			uint8_t dir)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad)) {
		unsigned type = ATTR_TYPE(a);
		if (type == CTA_TUPLE_ZONE)
			take_tuple_zone(a, e, dir);
		else if (!t)
			continue;
		else if (type == CTA_TUPLE_IP && !parse_tuple_ip(a, t))
			return false;
		else if (type == CTA_TUPLE_PROTO && !parse_tuple_proto(a, t))
			return false;
	}
	return !bad;
}

/* CTA_COUNTERS_ORIG or _REPLY: 64-bit counters, or 32-bit ones from
 * kernels that sent those. */
static bool parse_counters(const struct nlattr *nest, struct ct_entry *e, int dir)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad)) {
		switch (ATTR_TYPE(a)) {
		case CTA_COUNTERS_PACKETS:
			if (plen(a) >= 8)
				e->packets[dir] = be64_at(a);
			break;
		case CTA_COUNTERS_BYTES:
			if (plen(a) >= 8)
				e->bytes[dir] = be64_at(a);
			break;
		case CTA_COUNTERS32_PACKETS:
			if (plen(a) >= 4)
				e->packets[dir] = be32_at(a);
			break;
		case CTA_COUNTERS32_BYTES:
			if (plen(a) >= 4)
				e->bytes[dir] = be32_at(a);
			break;
		default:
			break;
		}
	}
	e->has_counters = true;
	return !bad;
}

static bool parse_protoinfo(const struct nlattr *nest, struct ct_entry *e)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad)) {
		if (ATTR_TYPE(a) != CTA_PROTOINFO_TCP)
			continue;
		struct span t = payload(a);
		const struct nlattr *b;
		while (next_attr(&t, &b, &bad))
			if (ATTR_TYPE(b) == CTA_PROTOINFO_TCP_STATE && plen(b) >= 1) {
				e->tcp_state = *payload(b).p;
				e->has_tcp_state = true;
			}
	}
	return !bad;
}

/* CTA_TIMESTAMP: when the entry began (nf_conntrack_timestamp on). */
static bool parse_timestamp(const struct nlattr *nest, struct ct_entry *e)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad))
		if (ATTR_TYPE(a) == CTA_TIMESTAMP_START && plen(a) >= 8) {
			e->start_ns = be64_at(a);
			e->has_start = true;
		}
	return !bad;
}

/* The nests the aggregates skip: the reply tuple and the timestamp (read
 * for NAT), the counters (the list only). They cost as much again as the
 * rest. */
static bool take_list_attr(const struct nlattr *a, struct ct_entry *e, enum parse_depth depth)
{
	switch (ATTR_TYPE(a)) {
	case CTA_TUPLE_REPLY:
		e->has_reply = true;
		return parse_tuple(a, &e->reply, e, CT_ZONE_DIR_REPLY);
	case CTA_TIMESTAMP:
		return parse_timestamp(a, e);
	case CTA_COUNTERS_ORIG:
		return depth < PARSE_WHOLE || parse_counters(a, e, CT_DIR_ORIG);
	case CTA_COUNTERS_REPLY:
		return depth < PARSE_WHOLE || parse_counters(a, e, CT_DIR_REPLY);
	default:
		return true;
	}
}

/* One top-level attribute; false when a nest inside it is cut short. */
static bool take_attr(const struct nlattr *a, struct ct_entry *e, enum parse_depth depth)
{
	switch (ATTR_TYPE(a)) {
	case CTA_TUPLE_ORIG:
		return parse_tuple(a, &e->orig, e, CT_ZONE_DIR_ORIG);
	case CTA_PROTOINFO:
		return parse_protoinfo(a, e);
	case CTA_TUPLE_REPLY:
		return depth == PARSE_SUMMARY ? parse_tuple(a, NULL, e, CT_ZONE_DIR_REPLY)
					      : take_list_attr(a, e, depth);
	case CTA_TIMESTAMP:
	case CTA_COUNTERS_ORIG:
	case CTA_COUNTERS_REPLY:
		return depth == PARSE_SUMMARY || take_list_attr(a, e, depth);
	case CTA_STATUS:
		if (plen(a) >= 4)
			e->status = be32_at(a);
		break;
	case CTA_TIMEOUT:
		if (plen(a) >= 4) {
			e->timeout = be32_at(a);
			e->has_timeout = true;
		}
		break;
	case CTA_ID:
		if (plen(a) >= 4) {
			e->id = be32_at(a);
			e->has_id = true;
		}
		break;
	case CTA_MARK:
		if (plen(a) >= 4) {
			e->mark = be32_at(a);
			e->has_mark = true;
		}
		break;
	case CTA_ZONE:
		if (plen(a) >= 2) {
			e->zone = be16_at(a);
			e->zone_dir = CT_ZONE_DIR_BOTH;
			e->has_zone = true;
		}
		break;
	default:
		break;
	}
	return true;
}

/* A dump sends only CT_NEW; an event is CT_NEW (new, update) or
 * CT_DELETE (destroy). */
static enum ct_parse_result parse(const struct nlmsghdr *nlh, struct ct_entry *e,
				  enum parse_depth depth, bool delete_ok)
{
	static const size_t cleared[] = {
		[PARSE_SUMMARY] = offsetof(struct ct_entry, reply),
		[PARSE_NAT] = offsetof(struct ct_entry, packets),
		[PARSE_WHOLE] = sizeof(struct ct_entry),
	};
	memset(e, 0, cleared[depth]);
	unsigned type = nlh->nlmsg_type & 0xff;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nfgenmsg) ||
	    (type != IPCTNL_MSG_CT_NEW && !(delete_ok && type == IPCTNL_MSG_CT_DELETE)) ||
	    (nlh->nlmsg_type >> 8) != NFNL_SUBSYS_CTNETLINK)
		return CT_PARSE_NOT_CT;

	const struct nfgenmsg *g = (const struct nfgenmsg *)((const uint8_t *)nlh + NLMSG_HDRLEN);
	e->family = g->nfgen_family;

	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	if (off > nlh->nlmsg_len)
		return CT_PARSE_TRUNCATED;
	struct span s = { (const uint8_t *)nlh + off, nlh->nlmsg_len - off };
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad))
		if (!take_attr(a, e, depth))
			return CT_PARSE_TRUNCATED;
	e->l4proto = e->orig.l4proto;
	e->has_src = (e->orig.has & CT_TUPLE_SRC) != 0;
	return bad ? CT_PARSE_TRUNCATED : CT_PARSE_OK;
}

enum ct_parse_result ct_parse_entry(const struct nlmsghdr *nlh, struct ct_entry *e)
{
	return parse(nlh, e, PARSE_WHOLE, false);
}

enum ct_parse_result ct_parse_summary(const struct nlmsghdr *nlh, struct ct_entry *e)
{
	return parse(nlh, e, PARSE_SUMMARY, false);
}

enum ct_parse_result ct_parse_nat(const struct nlmsghdr *nlh, struct ct_entry *e)
{
	return parse(nlh, e, PARSE_NAT, false);
}

enum ct_parse_result ct_parse_event(const struct nlmsghdr *nlh, struct ct_entry *e,
				    enum ct_event_kind *kind)
{
	enum ct_parse_result r = parse(nlh, e, PARSE_WHOLE, true);
	if ((nlh->nlmsg_type & 0xff) == IPCTNL_MSG_CT_DELETE)
		*kind = CT_EVENT_DESTROY;
	else if ((nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) == (NLM_F_CREATE | NLM_F_EXCL))
		*kind = CT_EVENT_NEW; /* ctnetlink marks a new entry's event so */
	else
		*kind = CT_EVENT_UPDATE;
	return r;
}
