/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A recursive-descent parser into an array of nodes, and a matcher that
 * walks them. The text is taken with its length (it need not end in a
 * NUL), so the fuzzer and the input line can hand over what they hold. */
#include "model/filter.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "model/addrowner.h"
#include "model/filter_node.h"
#include "model/model.h"
#include "model/labels.h"

#define WORD_MAX 64
#define DEPTH_MAX 64 /* parentheses and nots, so a hostile text cannot exhaust the stack */

struct parser {
	const char *text;
	size_t len, pos;
	struct ct_filter *f;
	struct filter_error *err;
	unsigned depth;
	/* the token at pos */
	size_t tok, toklen;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	if (p->err) {
		va_list ap;
		va_start(ap, fmt);
		p->err->pos = pos;
		vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static bool is_single(char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>';
}

/* Find the next token: a parenthesis, < or >, or a run of anything else
 * up to a space or one of those. */
static void scan(struct parser *p)
{
	while (p->pos < p->len && isspace((unsigned char)p->text[p->pos]))
		p->pos++;
	p->tok = p->pos;
	if (p->pos >= p->len) {
		p->toklen = 0;
		return;
	}
	size_t end = p->pos;
	if (is_single(p->text[end]))
		end++;
	else
		while (end < p->len && !isspace((unsigned char)p->text[end]) && !is_single(p->text[end]))
			end++;
	p->toklen = end - p->pos;
}

static void advance(struct parser *p)
{
	p->pos = p->tok + p->toklen;
	scan(p);
}

static bool at_end(const struct parser *p)
{
	return p->toklen == 0;
}

static bool tok_is(const struct parser *p, const char *word)
{
	return p->toklen == strlen(word) && strncasecmp(p->text + p->tok, word, p->toklen) == 0;
}

/* The current token as a string; false when it is longer than a word. */
static bool tok_word(const struct parser *p, char *buf)
{
	if (p->toklen >= WORD_MAX)
		return false;
	memcpy(buf, p->text + p->tok, p->toklen);
	buf[p->toklen] = '\0';
	return true;
}

static int new_node(struct parser *p, const struct flt_node *n)
{
	struct ct_filter *f = p->f;
	if (f->n == f->cap) {
		unsigned cap = f->cap ? f->cap * 2 : 16;
		struct flt_node *grown = realloc(f->node, cap * sizeof *grown);
		if (!grown)
			return fail(p, p->tok, "out of memory");
		f->node = grown;
		f->cap = cap;
	}
	f->node[f->n] = *n;
	return (int)f->n++;
}

/* Decimal, or hexadecimal after 0x; at most max. */
static bool number(const char *s, uint32_t max, uint32_t *out)
{
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	uint64_t v = 0;
	for (; *s; s++) {
		int d = isdigit((unsigned char)*s) ? *s - '0' :
			base == 16 && isxdigit((unsigned char)*s) ? tolower((unsigned char)*s) - 'a' + 10 : -1;
		if (d < 0)
			return false;
		v = v * (unsigned)base + (unsigned)d;
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

static int need_value(struct parser *p, const char *term, const char *what, char *word)
{
	if (at_end(p) || is_single(p->text[p->tok]))
		return fail(p, p->tok, "expected %s after '%s'", what, term);
	if (!tok_word(p, word))
		return fail(p, p->tok, "expected %s after '%s' (this word is too long)", what, term);
	return 0;
}

static int term_proto(struct parser *p, struct flt_node *n)
{
	char w[WORD_MAX];
	const char *what = "a protocol name (tcp, udp, icmp, ...) or a number 0-255";
	if (need_value(p, "proto", what, w) < 0)
		return -1;
	uint32_t v;
	if (number(w, 255, &v)) {
		n->lo = v;
		return 0;
	}
	for (unsigned i = 0; i < 256; i++) {
		const char *name = ct_l4_name(i);
		if (name && strcasecmp(name, w) == 0) {
			n->lo = i;
			return 0;
		}
	}
	if (strcasecmp(w, "ipv6-icmp") == 0) { /* what /etc/protocols calls it */
		n->lo = 58;
		return 0;
	}
	return fail(p, p->tok, "expected %s after 'proto'", what);
}

static int term_l3(struct parser *p, struct flt_node *n)
{
	char w[WORD_MAX];
	if (need_value(p, "l3", "ipv4 or ipv6", w) < 0)
		return -1;
	if (strcasecmp(w, "ipv4") == 0)
		n->family = AF_INET;
	else if (strcasecmp(w, "ipv6") == 0)
		n->family = AF_INET6;
	else
		return fail(p, p->tok, "expected ipv4 or ipv6 after 'l3'");
	return 0;
}

static int term_state(struct parser *p, struct flt_node *n)
{
	char w[WORD_MAX];
	const char *what = "a TCP state (SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, "
			   "CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE, SYN_SENT2)";
	if (need_value(p, "state", what, w) < 0)
		return -1;
	for (unsigned s = CT_TCP_SYN_SENT; s < CT_TCP_NSTATES; s++)
		if (strcasecmp(ct_tcp_state_name(s), w) == 0) {
			n->lo = s;
			return 0;
		}
	if (strcasecmp(w, "LISTEN") == 0) { /* older name of SYN_SENT2 */
		n->lo = CT_TCP_SYN_SENT2;
		return 0;
	}
	return fail(p, p->tok, "expected %s after 'state'", what);
}

static int term_addr(struct parser *p, const char *term, struct flt_node *n)
{
	char w[WORD_MAX];
	const char *what = "an IPv4 or IPv6 address, with /LEN for a prefix";
	if (need_value(p, term, what, w) < 0)
		return -1;
	char *slash = strchr(w, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, w, n->addr) == 1)
		n->family = AF_INET;
	else if (inet_pton(AF_INET6, w, n->addr) == 1)
		n->family = AF_INET6;
	else
		return fail(p, p->tok, "expected %s after '%s'", what, term);
	unsigned max = n->family == AF_INET ? 32 : 128;
	n->plen = (uint8_t)max;
	if (slash) {
		uint32_t v;
		if (!slash[1] || !isdigit((unsigned char)slash[1]) || !number(slash + 1, max, &v))
			return fail(p, p->tok + (size_t)(slash + 1 - w),
				    "expected a prefix length from 0 to %u after '/'", max);
		n->plen = (uint8_t)v;
	}
	return 0;
}

static int term_ports(struct parser *p, const char *term, struct flt_node *n)
{
	char w[WORD_MAX];
	const char *what = "a port 0-65535 or a range N-M";
	if (need_value(p, term, what, w) < 0)
		return -1;
	char *dash = strchr(w, '-');
	if (dash)
		*dash = '\0';
	if (!isdigit((unsigned char)w[0]) || !number(w, 65535, &n->lo))
		return fail(p, p->tok, "expected %s after '%s'", what, term);
	n->hi = n->lo;
	if (dash) {
		size_t at = p->tok + (size_t)(dash + 1 - w);
		if (!isdigit((unsigned char)dash[1]) || !number(dash + 1, 65535, &n->hi))
			return fail(p, at, "expected the last port of the range (0-65535) after '-'");
		if (n->hi < n->lo)
			return fail(p, at, "expected a last port not below the first (%u)", n->lo);
	}
	return 0;
}

static int term_mark(struct parser *p, struct flt_node *n)
{
	char w[WORD_MAX];
	const char *what = "a mark (decimal or 0x hex), with /MASK to compare some bits";
	if (need_value(p, "mark", what, w) < 0)
		return -1;
	char *slash = strchr(w, '/');
	if (slash)
		*slash = '\0';
	if (!number(w, UINT32_MAX, &n->lo))
		return fail(p, p->tok, "expected %s after 'mark'", what);
	n->hi = UINT32_MAX;
	if (slash && !number(slash + 1, UINT32_MAX, &n->hi))
		return fail(p, p->tok + (size_t)(slash + 1 - w),
			    "expected a mask (decimal or 0x hex, 32 bits) after '/'");
	n->lo &= n->hi;
	return 0;
}

static int term_zone(struct parser *p, struct flt_node *n)
{
	char w[WORD_MAX];
	if (need_value(p, "zone", "a zone 0-65535", w) < 0)
		return -1;
	if (!isdigit((unsigned char)w[0]) || !number(w, 65535, &n->lo))
		return fail(p, p->tok, "expected a zone 0-65535 after 'zone'");
	return 0;
}

static int term_timeout(struct parser *p, struct flt_node *n)
{
	if (tok_is(p, "<"))
		n->op = F_TIMEOUT_LT;
	else if (tok_is(p, ">"))
		n->op = F_TIMEOUT_GT;
	else
		return fail(p, p->tok, "expected '<' or '>' and a number of seconds after 'timeout'");
	advance(p);
	char w[WORD_MAX];
	if (at_end(p) || is_single(p->text[p->tok]) || !tok_word(p, w) ||
	    !isdigit((unsigned char)w[0]) || !number(w, UINT32_MAX, &n->lo))
		return fail(p, p->tok, "expected a number of seconds after 'timeout %c'",
			    n->op == F_TIMEOUT_LT ? '<' : '>');
	return 0;
}

static int term_workload(struct parser *p, struct flt_node *n)
{
	char w[WORD_MAX];
	if (need_value(p, "workload", "a pattern (default/web-*, docker:web)", w) < 0)
		return -1;
	snprintf(n->pattern, sizeof n->pattern, "%s", w);
	p->f->needs_owners = true;
	return 0;
}

struct term_kind {
	const char *word;
	enum flt_op op;
	int (*value)(struct parser *p, struct flt_node *n); /* NULL: a flag */
	bool reply;
};

static int v_src(struct parser *p, struct flt_node *n) { return term_addr(p, "src", n); }
static int v_dst(struct parser *p, struct flt_node *n) { return term_addr(p, "dst", n); }
static int v_rsrc(struct parser *p, struct flt_node *n) { return term_addr(p, "reply-src", n); }
static int v_rdst(struct parser *p, struct flt_node *n) { return term_addr(p, "reply-dst", n); }
static int v_nsrc(struct parser *p, struct flt_node *n) { return term_addr(p, "nat-src", n); }
static int v_ndst(struct parser *p, struct flt_node *n) { return term_addr(p, "nat-dst", n); }
static int v_sport(struct parser *p, struct flt_node *n) { return term_ports(p, "sport", n); }
static int v_dport(struct parser *p, struct flt_node *n) { return term_ports(p, "dport", n); }

static const struct term_kind terms[] = {
	{ "proto", F_PROTO, term_proto, false },
	{ "l3", F_L3, term_l3, false },
	{ "state", F_STATE, term_state, false },
	{ "src", F_SRC, v_src, false },
	{ "dst", F_DST, v_dst, false },
	{ "reply-src", F_REPLY_SRC, v_rsrc, true },
	{ "reply-dst", F_REPLY_DST, v_rdst, true },
	{ "sport", F_SPORT, v_sport, false },
	{ "dport", F_DPORT, v_dport, false },
	{ "mark", F_MARK, term_mark, false },
	{ "zone", F_ZONE, term_zone, false },
	{ "assured", F_ASSURED, NULL, false },
	{ "unreplied", F_UNREPLIED, NULL, false },
	{ "nat", F_NAT, NULL, true },
	{ "snat", F_SNAT, NULL, true },
	{ "dnat", F_DNAT, NULL, true },
	{ "nat-src", F_NAT_SRC, v_nsrc, true },
	{ "nat-dst", F_NAT_DST, v_ndst, true },
	{ "timeout", F_TIMEOUT_LT, term_timeout, false },
	{ "workload", F_WORKLOAD, term_workload, false },
};

#define EXPECT_TERM "a term (proto, l3, state, src, dst, reply-src, reply-dst, sport, " \
	"dport, mark, zone, assured, unreplied, nat, snat, dnat, nat-src, nat-dst, timeout, " \
	"workload), " \
	"'not' or '('"

static int parse_term(struct parser *p)
{
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		if (!tok_is(p, terms[i].word))
			continue;
		struct flt_node n = { .op = (uint8_t)terms[i].op, .left = -1, .right = -1 };
		advance(p);
		if (terms[i].value && terms[i].value(p, &n) < 0)
			return -1;
		if (terms[i].value)
			advance(p);
		p->f->needs_reply |= terms[i].reply;
		return new_node(p, &n);
	}
	if (at_end(p))
		return fail(p, p->tok, "expected " EXPECT_TERM " at the end");
	return fail(p, p->tok, "expected " EXPECT_TERM);
}

static int parse_or(struct parser *p);

static int parse_unary(struct parser *p)
{
	if (++p->depth > DEPTH_MAX)
		return fail(p, p->tok, "expected fewer nested 'not' and '(' (at most %d)", DEPTH_MAX);
	int ret;
	if (tok_is(p, "not")) {
		advance(p);
		int inner = parse_unary(p);
		ret = inner < 0 ? -1 :
		      new_node(p, &(struct flt_node){ .op = F_NOT, .left = inner, .right = -1 });
	} else if (tok_is(p, "(")) {
		size_t open = p->tok;
		advance(p);
		ret = parse_or(p);
		if (ret >= 0 && !tok_is(p, ")"))
			ret = fail(p, p->tok, "expected ')' to close the '(' at column %zu%s", open + 1,
				   at_end(p) ? " at the end" : "");
		if (ret >= 0)
			advance(p);
	} else {
		ret = parse_term(p);
	}
	p->depth--;
	return ret;
}

static int parse_binary(struct parser *p, const char *word, enum flt_op op,
			int (*operand)(struct parser *))
{
	int left = operand(p);
	while (left >= 0 && tok_is(p, word)) {
		advance(p);
		int right = operand(p);
		if (right < 0)
			return -1;
		left = new_node(p, &(struct flt_node){ .op = (uint8_t)op, .left = left, .right = right });
	}
	return left;
}

static int parse_and(struct parser *p)
{
	return parse_binary(p, "and", F_AND, parse_unary);
}

static int parse_or(struct parser *p)
{
	return parse_binary(p, "or", F_OR, parse_and);
}

int filter_parse(const char *text, size_t len, struct ct_filter *f, struct filter_error *err)
{
	memset(f, 0, sizeof *f);
	f->root = -1;
	struct parser p = { .text = text, .len = len, .f = f, .err = err };
	if (len > FILTER_LEN_MAX)
		return fail(&p, FILTER_LEN_MAX, "the filter is %zu bytes, more than the %d a "
			    "filter may have", len, FILTER_LEN_MAX);
	scan(&p);
	if (at_end(&p))
		return 0; /* nothing: every entry */
	int root = parse_or(&p);
	if (root < 0)
		return -1;
	if (!at_end(&p))
		return fail(&p, p.tok, tok_is(&p, ")") ? "expected 'and', 'or' or the end, not ')' "
			    "(no '(' is open)" : "expected 'and', 'or' or the end");
	f->root = root;
	return 0;
}

void filter_use_owners(struct ct_filter *f, const struct addr_owners *owners)
{
	f->owners = owners;
}

/* Whether the owner of addr has a label the glob matches. */
static bool owned_by(const struct ct_filter *f, const struct flt_node *n, const struct ct_entry *e,
		     const struct ct_tuple *t, unsigned flag, const uint8_t *addr)
{
	char label[WL_NAME_MAX * 2 + 16];
	if (!(t->has & flag))
		return false;
	const struct addr_owner *o = addrowners_find(f->owners, e->family, addr);
	return o && fnmatch(n->pattern, workload_label(&o->wl, label, sizeof label), 0) == 0;
}

void filter_free(struct ct_filter *f)
{
	free(f->node);
	memset(f, 0, sizeof *f);
	f->root = -1;
}

static bool prefix_match(const struct flt_node *n, int family, const uint8_t *addr)
{
	if (family != n->family)
		return false;
	unsigned full = n->plen / 8, rest = n->plen % 8;
	if (memcmp(addr, n->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (addr[full] & mask) == (n->addr[full] & mask);
}

static bool addr_term(const struct flt_node *n, const struct ct_entry *e,
		      const struct ct_tuple *t, unsigned flag, const uint8_t *addr)
{
	return (t->has & flag) && prefix_match(n, e->family, addr);
}

static bool in_range(const struct flt_node *n, const struct ct_tuple *t, uint16_t port)
{
	return (t->has & CT_TUPLE_PORTS) && port >= n->lo && port <= n->hi;
}

/* The reply tuple is not the mirror of the original: the reply comes
 * from another address or port than the original went to (DNAT), or goes
 * to another than it came from (SNAT). */
bool ct_entry_dnat(const struct ct_entry *e)
{
	const struct ct_tuple *o = &e->orig, *r = &e->reply;
	if (!e->has_reply || !(r->has & CT_TUPLE_SRC) || !(o->has & CT_TUPLE_DST))
		return false;
	return memcmp(r->src, o->dst, 16) != 0 ||
	       ((r->has & o->has & CT_TUPLE_PORTS) && r->sport != o->dport);
}

bool ct_entry_snat(const struct ct_entry *e)
{
	const struct ct_tuple *o = &e->orig, *r = &e->reply;
	if (!e->has_reply || !(r->has & CT_TUPLE_DST) || !(o->has & CT_TUPLE_SRC))
		return false;
	return memcmp(r->dst, o->src, 16) != 0 ||
	       ((r->has & o->has & CT_TUPLE_PORTS) && r->dport != o->sport);
}

static bool match_node(const struct ct_filter *f, int i, const struct ct_entry *e)
{
	const struct flt_node *n = &f->node[i];
	switch ((enum flt_op)n->op) {
	case F_AND: return match_node(f, n->left, e) && match_node(f, n->right, e);
	case F_OR: return match_node(f, n->left, e) || match_node(f, n->right, e);
	case F_NOT: return !match_node(f, n->left, e);
	case F_PROTO: return e->l4proto == n->lo;
	case F_L3: return e->family == n->family;
	case F_STATE: return e->has_tcp_state && e->tcp_state == n->lo;
	case F_SRC: return addr_term(n, e, &e->orig, CT_TUPLE_SRC, e->orig.src);
	case F_DST: return addr_term(n, e, &e->orig, CT_TUPLE_DST, e->orig.dst);
	case F_REPLY_SRC: return addr_term(n, e, &e->reply, CT_TUPLE_SRC, e->reply.src);
	case F_REPLY_DST: return addr_term(n, e, &e->reply, CT_TUPLE_DST, e->reply.dst);
	case F_SPORT: return in_range(n, &e->orig, e->orig.sport);
	case F_DPORT: return in_range(n, &e->orig, e->orig.dport);
	case F_MARK: return (e->mark & n->hi) == n->lo;
	case F_ZONE: return (e->has_zone ? e->zone : 0) == n->lo;
	case F_ASSURED: return (e->status & ST_ASSURED) != 0;
	case F_UNREPLIED: return (e->status & ST_SEEN_REPLY) == 0;
	case F_NAT: return ct_entry_snat(e) || ct_entry_dnat(e);
	case F_SNAT: return ct_entry_snat(e);
	case F_DNAT: return ct_entry_dnat(e);
	/* the address translated to: the reply's destination for SNAT, the
	 * reply's source (the backend) for DNAT */
	case F_NAT_SRC:
		return ct_entry_snat(e) && addr_term(n, e, &e->reply, CT_TUPLE_DST, e->reply.dst);
	case F_NAT_DST:
		return ct_entry_dnat(e) && addr_term(n, e, &e->reply, CT_TUPLE_SRC, e->reply.src);
	case F_TIMEOUT_LT: return e->timeout < n->lo;
	case F_TIMEOUT_GT: return e->timeout > n->lo;
	case F_WORKLOAD:
		return owned_by(f, n, e, &e->orig, CT_TUPLE_SRC, e->orig.src) ||
		       owned_by(f, n, e, &e->orig, CT_TUPLE_DST, e->orig.dst);
	}
	return false;
}

bool filter_match(const struct ct_filter *f, const struct ct_entry *e)
{
	return f->root < 0 || match_node(f, f->root, e);
}
