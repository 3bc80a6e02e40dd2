/* The per-entry parser. It runs once per conntrack entry, a million times a
 * dump, so it walks attributes by hand: only the few it needs are looked
 * at, with a bounds check each, and nothing is copied or allocated. */
#include "collect/ctmsg.h"

#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <string.h>

#define ATTR_TYPE(a) ((a)->nla_type & NLA_TYPE_MASK)

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

static bool parse_tuple_ip(const struct nlattr *nest, struct ct_entry *e)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad)) {
		unsigned t = ATTR_TYPE(a);
		if (t == CTA_IP_V4_SRC && plen(a) >= 4) {
			memcpy(e->src, payload(a).p, 4);
			e->has_src = true;
		} else if (t == CTA_IP_V6_SRC && plen(a) >= 16) {
			memcpy(e->src, payload(a).p, 16);
			e->has_src = true;
		}
	}
	return !bad;
}

static bool parse_tuple_proto(const struct nlattr *nest, struct ct_entry *e)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad))
		if (ATTR_TYPE(a) == CTA_PROTO_NUM && plen(a) >= 1)
			e->l4proto = *payload(a).p;
	return !bad;
}

static bool parse_tuple(const struct nlattr *nest, struct ct_entry *e)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad)) {
		unsigned t = ATTR_TYPE(a);
		if (t == CTA_TUPLE_IP && !parse_tuple_ip(a, e))
			return false;
		if (t == CTA_TUPLE_PROTO && !parse_tuple_proto(a, e))
			return false;
	}
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

enum ct_parse_result ct_parse_entry(const struct nlmsghdr *nlh, struct ct_entry *e)
{
	memset(e, 0, sizeof *e);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nfgenmsg) ||
	    (nlh->nlmsg_type & 0xff) != IPCTNL_MSG_CT_NEW ||
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
	while (next_attr(&s, &a, &bad)) {
		switch (ATTR_TYPE(a)) {
		case CTA_TUPLE_ORIG:
			if (!parse_tuple(a, e))
				return CT_PARSE_TRUNCATED;
			break;
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
		case CTA_PROTOINFO:
			if (!parse_protoinfo(a, e))
				return CT_PARSE_TRUNCATED;
			break;
		default:
			break;
		}
	}
	return bad ? CT_PARSE_TRUNCATED : CT_PARSE_OK;
}
