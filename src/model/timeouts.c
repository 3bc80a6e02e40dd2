/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/timeouts.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *suffix; /* after "nf_conntrack_tcp_timeout_" */
	enum ct_tcp_state state;
	const char *label;
} tcp_states[] = {
	{ "syn_sent", CT_TCP_SYN_SENT, "SYN_SENT" },
	{ "syn_recv", CT_TCP_SYN_RECV, "SYN_RECV" },
	{ "established", CT_TCP_ESTABLISHED, "ESTABLISHED" },
	{ "fin_wait", CT_TCP_FIN_WAIT, "FIN_WAIT" },
	{ "close_wait", CT_TCP_CLOSE_WAIT, "CLOSE_WAIT" },
	{ "last_ack", CT_TCP_LAST_ACK, "LAST_ACK" },
	{ "time_wait", CT_TCP_TIME_WAIT, "TIME_WAIT" },
	{ "close", CT_TCP_CLOSE, "CLOSE" },
};

/* Protocols with a tracker of their own; the rest use generic_timeout. */
static bool has_own_tracker(unsigned proto)
{
	switch (proto) {
	case IPPROTO_ICMP: case IPPROTO_TCP: case IPPROTO_UDP: case IPPROTO_DCCP:
	case IPPROTO_GRE: case IPPROTO_ICMPV6: case IPPROTO_SCTP: case IPPROTO_UDPLITE:
		return true;
	default:
		return false;
	}
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The histogram of the entries a timeout governs, or NULL. */
static const uint64_t *governed_hist(const struct ct_snapshot *s, const char *name)
{
	static const char tcp[] = "nf_conntrack_tcp_timeout_";
	const struct ct_tally *t = &s->tally;
	if (starts(name, tcp)) {
		for (unsigned i = 0; i < sizeof tcp_states / sizeof tcp_states[0]; i++)
			if (strcmp(name + strlen(tcp), tcp_states[i].suffix) == 0)
				return t->tcp_hist[tcp_states[i].state];
		return NULL;
	}
	if (starts(name, "nf_conntrack_udp_timeout"))
		return t->l4_hist[IPPROTO_UDP];
	if (strcmp(name, "nf_conntrack_icmp_timeout") == 0)
		return t->l4_hist[IPPROTO_ICMP];
	if (strcmp(name, "nf_conntrack_icmpv6_timeout") == 0)
		return t->l4_hist[IPPROTO_ICMPV6];
	return NULL;
}

int64_t timeout_longest_left(const struct ct_snapshot *s, const char *name)
{
	const uint64_t *hist = s->part_err[CT_PART_DUMP] ? NULL : governed_hist(s, name);
	for (unsigned bin = CT_HIST_BINS; hist && bin-- > 0;) {
		if (!hist[bin])
			continue;
		/* bin k holds [2^(k-1), 2^k); the last one has no top */
		return bin + 1 == CT_HIST_BINS ? -1 : bin == 0 ? 0 : (int64_t)1 << bin;
	}
	return -1;
}

int64_t timeout_entries(const struct ct_snapshot *s, const char *name, const char **what)
{
	static const char tcp[] = "nf_conntrack_tcp_timeout_";
	const struct ct_tally *t = &s->tally;
	if (s->part_err[CT_PART_DUMP]) {
		*what = "entry table not read";
		return -1;
	}
	if (starts(name, tcp)) {
		for (unsigned i = 0; i < sizeof tcp_states / sizeof tcp_states[0]; i++) {
			if (strcmp(name + strlen(tcp), tcp_states[i].suffix) == 0) {
				*what = tcp_states[i].label;
				return (int64_t)t->tcp[tcp_states[i].state];
			}
		}
		*what = "TCP entries with retransmissions (not counted)";
		return -1;
	}
	if (starts(name, "nf_conntrack_udp_timeout")) {
		*what = "udp (one-way and streams together)";
		return (int64_t)t->l4[IPPROTO_UDP];
	}
	if (strcmp(name, "nf_conntrack_icmp_timeout") == 0) {
		*what = "icmp";
		return (int64_t)t->l4[IPPROTO_ICMP];
	}
	if (strcmp(name, "nf_conntrack_icmpv6_timeout") == 0) {
		*what = "icmpv6";
		return (int64_t)t->l4[IPPROTO_ICMPV6];
	}
	if (starts(name, "nf_conntrack_gre_timeout")) {
		*what = "gre (all states)";
		return (int64_t)t->l4[IPPROTO_GRE];
	}
	if (starts(name, "nf_conntrack_sctp_timeout")) {
		*what = "sctp (all states)";
		return (int64_t)t->l4[IPPROTO_SCTP];
	}
	if (starts(name, "nf_conntrack_dccp_timeout")) {
		*what = "dccp (all states)";
		return (int64_t)t->l4[IPPROTO_DCCP];
	}
	if (strcmp(name, "nf_conntrack_generic_timeout") == 0) {
		uint64_t n = 0;
		for (unsigned p = 0; p < 256; p++)
			if (!has_own_tracker(p))
				n += t->l4[p];
		*what = "protocols without their own tracker";
		return (int64_t)n;
	}
	*what = "not conntrack entries";
	return -1;
}

unsigned timeout_rows(const struct ct_snapshot *s, const struct timeout_defaults *d,
		      struct timeout_row *rows, unsigned max)
{
	unsigned n = 0;
	for (unsigned i = 0; i < s->ntimeouts && n < max; i++, n++) {
		struct timeout_row *r = &rows[n];
		snprintf(r->name, sizeof r->name, "%s", s->timeouts[i].name);
		r->value = s->timeouts[i].value;
		r->def = timeout_default(d, r->name);
		r->differs = r->def >= 0 && r->def != r->value;
		r->entries = timeout_entries(s, r->name, &r->what);
	}
	return n;
}

long timeout_value(const struct ct_snapshot *s, const char *name)
{
	for (unsigned i = 0; name && i < s->ntimeouts; i++)
		if (strcmp(s->timeouts[i].name, name) == 0)
			return s->timeouts[i].value;
	return -1;
}
