/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli/list_rows.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "base/jsonw.h"
#include "cli/report.h"
#include "collect/rdns_cache.h"
#include "model/filter.h"
#include "model/labels.h"

/* IPS_* (nf_conntrack_common.h): the model carries status as the kernel
 * sends it. */
#define ST_SEEN_REPLY (1u << 1)
#define ST_ASSURED (1u << 2)

static row_name_fn name_fn;
static void *name_arg;
static const struct addr_owners *owners;

void rows_use_owners(const struct addr_owners *m)
{
	owners = m;
}

/* The workload of the original source, else of its destination. */
static const struct addr_owner *row_owner(const struct ct_entry *e)
{
	const struct addr_owner *o = NULL;
	if (e->orig.has & CT_TUPLE_SRC)
		o = addrowners_find(owners, e->family, e->orig.src);
	if (!o && (e->orig.has & CT_TUPLE_DST))
		o = addrowners_find(owners, e->family, e->orig.dst);
	return o;
}

void rows_use_names(row_name_fn fn, void *arg)
{
	name_fn = fn;
	name_arg = arg;
}

static const char *addr_text(char *buf, size_t n, const struct ct_entry *e,
			     const struct ct_tuple *t, unsigned flag, const uint8_t *addr)
{
	if (!(t->has & flag) || !inet_ntop(e->family, addr, buf, (socklen_t)n))
		return NULL;
	return buf;
}

/* The name when --resolve found one, else the address. */
static const char *addr_or_name(char *buf, size_t n, const struct ct_entry *e,
				const struct ct_tuple *t, unsigned flag, const uint8_t *addr)
{
	if (name_fn && (t->has & flag) && name_fn(name_arg, e->family, addr, buf, n))
		return buf;
	return addr_text(buf, n, e, t, flag, addr);
}

char *row_flags(char *buf, size_t n, const struct ct_entry *e)
{
	buf[0] = '\0';
	if (e->status & ST_ASSURED)
		snprintf(buf, n, "ASSURED");
	if (!(e->status & ST_SEEN_REPLY))
		snprintf(buf + strlen(buf), n - strlen(buf), "%sUNREPLIED", *buf ? "," : "");
	if (!*buf)
		snprintf(buf, n, "-");
	return buf;
}

static const char *l3_name(const struct ct_entry *e)
{
	return e->family == AF_INET ? "ipv4" : e->family == AF_INET6 ? "ipv6" : "unknown";
}

static const char *nat_text(const struct ct_entry *e)
{
	bool s = ct_entry_snat(e), d = ct_entry_dnat(e);
	return s && d ? "snat,dnat" : s ? "snat" : d ? "dnat" : NULL;
}

void row_header(FILE *out, bool acct)
{
	fputs("id l3 l4 state timeout src dst sport dport reply_src reply_dst reply_sport "
	      "reply_dport flags mark zone type code icmp_id nat", out);
	if (acct)
		fputs(" packets bytes reply_packets reply_bytes", out);
	if (owners)
		fputs(" workload", out);
	fputc('\n', out);
}

static void put_col(FILE *out, const char *v)
{
	fprintf(out, " %s", v ? v : "-");
}

static void put_port(FILE *out, const struct ct_tuple *t, uint16_t port)
{
	if (t->has & CT_TUPLE_PORTS)
		fprintf(out, " %u", port);
	else
		fputs(" -", out);
}

void row_text(FILE *out, const struct ct_entry *e, bool acct)
{
	char a[RDNS_NAME_MAX], num[8], fl[32], zone[16];
	const struct ct_tuple *o = &e->orig, *r = &e->reply;
	fprintf(out, "%" PRIu32 " %s %s", e->id, l3_name(e), l4_label(e->l4proto, num, sizeof num));
	put_col(out, e->has_tcp_state ? ct_tcp_state_name(e->tcp_state) : NULL);
	fprintf(out, " %" PRIu32, e->timeout);
	put_col(out, addr_or_name(a, sizeof a, e, o, CT_TUPLE_SRC, o->src));
	put_col(out, addr_or_name(a, sizeof a, e, o, CT_TUPLE_DST, o->dst));
	put_port(out, o, o->sport);
	put_port(out, o, o->dport);
	put_col(out, addr_or_name(a, sizeof a, e, r, CT_TUPLE_SRC, r->src));
	put_col(out, addr_or_name(a, sizeof a, e, r, CT_TUPLE_DST, r->dst));
	put_port(out, r, r->sport);
	put_port(out, r, r->dport);
	fprintf(out, " %s %" PRIu32 " %s", row_flags(fl, sizeof fl, e), e->mark,
		ct_zone_label(e, zone, sizeof zone));
	if (o->has & CT_TUPLE_ICMP)
		fprintf(out, " %u %u %u", o->icmp_type, o->icmp_code, o->icmp_id);
	else
		fputs(" - - -", out);
	put_col(out, nat_text(e));
	if (acct && e->has_counters)
		fprintf(out, " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64,
			e->packets[CT_DIR_ORIG], e->bytes[CT_DIR_ORIG],
			e->packets[CT_DIR_REPLY], e->bytes[CT_DIR_REPLY]);
	else if (acct)
		fputs(" - - - -", out);
	if (owners) {
		char who[WL_NAME_MAX * 2 + 16];
		const struct addr_owner *ow = row_owner(e);
		put_col(out, ow ? workload_label(&ow->wl, who, sizeof who) : NULL);
	}
	fputc('\n', out);
}

static void json_addr(struct jsonw *w, const char *key, const struct ct_entry *e,
		      const struct ct_tuple *t, unsigned flag, const uint8_t *addr)
{
	char a[INET6_ADDRSTRLEN], name[RDNS_NAME_MAX], name_key[32];
	if (addr_text(a, sizeof a, e, t, flag, addr))
		jw_str(w, key, a);
	else
		jw_null(w, key);
	if (name_fn && (t->has & flag) && name_fn(name_arg, e->family, addr, name, sizeof name)) {
		snprintf(name_key, sizeof name_key, "%s_name", key);
		jw_str(w, name_key, name);
	}
}

static void json_port(struct jsonw *w, const char *key, const struct ct_tuple *t, uint16_t port)
{
	if (t->has & CT_TUPLE_PORTS)
		jw_u64(w, key, port);
	else
		jw_null(w, key);
}

static void json_flags(struct jsonw *w, const struct ct_entry *e)
{
	jw_open(w, "flags", '[');
	if (e->status & ST_ASSURED)
		jw_str(w, NULL, "ASSURED");
	if (!(e->status & ST_SEEN_REPLY))
		jw_str(w, NULL, "UNREPLIED");
	jw_close(w, ']');
}

void row_json(FILE *out, const struct ct_entry *e)
{
	struct jsonw w;
	char num[8];
	const struct ct_tuple *o = &e->orig, *r = &e->reply;
	jw_init(&w, out);
	jw_open(&w, NULL, '{');
	jw_u64(&w, "id", e->id);
	jw_str(&w, "l3", l3_name(e));
	jw_str(&w, "l4", l4_label(e->l4proto, num, sizeof num));
	if (e->has_tcp_state)
		jw_str(&w, "state", ct_tcp_state_name(e->tcp_state));
	else
		jw_null(&w, "state");
	jw_u64(&w, "timeout", e->timeout);
	json_addr(&w, "src", e, o, CT_TUPLE_SRC, o->src);
	json_addr(&w, "dst", e, o, CT_TUPLE_DST, o->dst);
	json_port(&w, "sport", o, o->sport);
	json_port(&w, "dport", o, o->dport);
	json_addr(&w, "reply_src", e, r, CT_TUPLE_SRC, r->src);
	json_addr(&w, "reply_dst", e, r, CT_TUPLE_DST, r->dst);
	json_port(&w, "reply_sport", r, r->sport);
	json_port(&w, "reply_dport", r, r->dport);
	json_flags(&w, e);
	jw_u64(&w, "mark", e->mark);
	jw_u64(&w, "zone", e->has_zone ? e->zone : 0);
	if (ct_zone_dir_name(e))
		jw_str(&w, "zone_dir", ct_zone_dir_name(e));
	if (o->has & CT_TUPLE_ICMP) {
		jw_u64(&w, "icmp_type", o->icmp_type);
		jw_u64(&w, "icmp_code", o->icmp_code);
		jw_u64(&w, "icmp_id", o->icmp_id);
	}
	if (e->has_counters) {
		jw_u64(&w, "bytes", e->bytes[CT_DIR_ORIG]);
		jw_u64(&w, "packets", e->packets[CT_DIR_ORIG]);
		jw_u64(&w, "reply_bytes", e->bytes[CT_DIR_REPLY]);
		jw_u64(&w, "reply_packets", e->packets[CT_DIR_REPLY]);
	}
	const char *nat = nat_text(e);
	if (nat)
		jw_str(&w, "nat", nat);
	if (owners)
		json_put_addr_owner(&w, row_owner(e));
	jw_close(&w, '}'); /* and the newline */
}
