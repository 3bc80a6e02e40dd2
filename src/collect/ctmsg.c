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
			memcpy(e->orig.src, payload(a).p, 4);
			e->has_src = true;
			e->orig.has |= CT_TUPLE_SRC;
		} else if (t == CTA_IP_V6_SRC && plen(a) >= 16) {
			memcpy(e->src, payload(a).p, 16);
			memcpy(e->orig.src, payload(a).p, 16);
			e->has_src = true;
			e->orig.has |= CT_TUPLE_SRC;
		} else if (t == CTA_IP_V4_DST && plen(a) >= 4) {
			memcpy(e->orig.dst, payload(a).p, 4);
			e->orig.has |= CT_TUPLE_DST;
		} else if (t == CTA_IP_V6_DST && plen(a) >= 16) {
			memcpy(e->orig.dst, payload(a).p, 16);
			e->orig.has |= CT_TUPLE_DST;
		}
	}
	return !bad;
}

static bool parse_tuple_proto(const struct nlattr *nest, struct ct_entry *e)
{
	struct span s = payload(nest);
	const struct nlattr *a;
	bool bad = false;
	while (next_attr(&s, &a, &bad)) {
		unsigned t = ATTR_TYPE(a);
		if (t == CTA_PROTO_NUM && plen(a) >= 1) {
			e->l4proto = e->orig.l4proto = *payload(a).p;
			e->orig.has |= CT_TUPLE_PROTO;
		} else if (t == CTA_PROTO_SRC_PORT && plen(a) >= 2) {
			e->orig.sport = (uint16_t)(payload(a).p[0] << 8 | payload(a).p[1]);
			e->orig.has |= CT_TUPLE_PORTS;
		} else if (t == CTA_PROTO_DST_PORT && plen(a) >= 2) {
			e->orig.dport = (uint16_t)(payload(a).p[0] << 8 | payload(a).p[1]);
			e->orig.has |= CT_TUPLE_PORTS;
		}
	}
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

/* A dump sends only CT_NEW; an event is CT_NEW (new, update) or
 * CT_DELETE (destroy). */
static enum ct_parse_result parse_message(const struct nlmsghdr *nlh, struct ct_entry *e,
					  bool delete_ok)
{
	memset(e, 0, sizeof *e);
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
	while (next_attr(&s, &a, &bad)) {
		switch (ATTR_TYPE(a)) {
		case CTA_TUPLE_ORIG:
			if (!parse_tuple(a, e))
				return CT_PARSE_TRUNCATED;
			break;
		case CTA_ID:
			if (plen(a) >= 4) {
				e->id = be32_at(a);
				e->has_id = true;
			}
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

enum ct_parse_result ct_parse_entry(const struct nlmsghdr *nlh, struct ct_entry *e)
{
	return parse_message(nlh, e, false);
}

enum ct_parse_result ct_parse_event(const struct nlmsghdr *nlh, struct ct_entry *e,
				    enum ct_event_kind *kind)
{
	enum ct_parse_result r = parse_message(nlh, e, true);
	if ((nlh->nlmsg_type & 0xff) == IPCTNL_MSG_CT_DELETE)
		*kind = CT_EVENT_DESTROY;
	else if ((nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) == (NLM_F_CREATE | NLM_F_EXCL))
		*kind = CT_EVENT_NEW; /* ctnetlink marks a new entry's event so */
	else
		*kind = CT_EVENT_UPDATE;
	return r;
}
