/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/timeout_defaults.h"

#include <stdio.h>
#include <string.h>

/* Checked against the kernel sources (net/netfilter/nf_conntrack_proto_tcp.c
 * tcp_timeouts[], _udp.c udp_timeouts[], _icmp.c, _icmpv6.c, _generic.c,
 * _gre.c gre_timeouts[], _sctp.c sctp_timeouts[] as of 6.x, _dccp.c
 * (DCCP_MSL is 2 minutes) and IPV6_FRAG_TIMEOUT), and against a fresh
 * namespace of Linux 6.18. Sorted by name. */
static const struct { const char *name; long value; } builtin[] = {
	{ "nf_conntrack_dccp_timeout_closereq", 64 },
	{ "nf_conntrack_dccp_timeout_closing", 64 },
	{ "nf_conntrack_dccp_timeout_open", 43200 },
	{ "nf_conntrack_dccp_timeout_partopen", 480 },
	{ "nf_conntrack_dccp_timeout_request", 240 },
	{ "nf_conntrack_dccp_timeout_respond", 480 },
	{ "nf_conntrack_dccp_timeout_timewait", 240 },
	{ "nf_conntrack_frag6_timeout", 60 },
	{ "nf_conntrack_generic_timeout", 600 },
	{ "nf_conntrack_gre_timeout", 30 },
	{ "nf_conntrack_gre_timeout_stream", 180 },
	{ "nf_conntrack_icmp_timeout", 30 },
	{ "nf_conntrack_icmpv6_timeout", 30 },
	{ "nf_conntrack_sctp_timeout_closed", 10 },
	{ "nf_conntrack_sctp_timeout_cookie_echoed", 3 },
	{ "nf_conntrack_sctp_timeout_cookie_wait", 3 },
	{ "nf_conntrack_sctp_timeout_established", 210 },
	{ "nf_conntrack_sctp_timeout_heartbeat_sent", 30 },
	{ "nf_conntrack_sctp_timeout_shutdown_ack_sent", 3 },
	{ "nf_conntrack_sctp_timeout_shutdown_recd", 3 },
	{ "nf_conntrack_sctp_timeout_shutdown_sent", 3 },
	{ "nf_conntrack_tcp_timeout_close", 10 },
	{ "nf_conntrack_tcp_timeout_close_wait", 60 },
	{ "nf_conntrack_tcp_timeout_established", 432000 },
	{ "nf_conntrack_tcp_timeout_fin_wait", 120 },
	{ "nf_conntrack_tcp_timeout_last_ack", 30 },
	{ "nf_conntrack_tcp_timeout_max_retrans", 300 },
	{ "nf_conntrack_tcp_timeout_syn_recv", 60 },
	{ "nf_conntrack_tcp_timeout_syn_sent", 120 },
	{ "nf_conntrack_tcp_timeout_time_wait", 120 },
	{ "nf_conntrack_tcp_timeout_unacknowledged", 300 },
	{ "nf_conntrack_udp_timeout", 30 },
	{ "nf_conntrack_udp_timeout_stream", 120 },
};
#define BUILTIN_LEN (sizeof builtin / sizeof builtin[0])

static long builtin_default(const char *name)
{
	for (unsigned i = 0; i < BUILTIN_LEN; i++)
		if (strcmp(builtin[i].name, name) == 0)
			return builtin[i].value;
	return -1;
}

void timeout_defaults_builtin(struct timeout_defaults *d)
{
	memset(d, 0, sizeof *d);
	for (unsigned i = 0; i < BUILTIN_LEN && i < CT_TIMEOUT_MAX; i++) {
		snprintf(d->v[i].name, sizeof d->v[i].name, "%s", builtin[i].name);
		d->v[i].value = builtin[i].value;
	}
	d->n = BUILTIN_LEN < CT_TIMEOUT_MAX ? BUILTIN_LEN : CT_TIMEOUT_MAX;
	d->source = TD_BUILTIN;
}

long timeout_default(const struct timeout_defaults *d, const char *name)
{
	for (unsigned i = 0; i < d->n; i++)
		if (strcmp(d->v[i].name, name) == 0)
			return d->v[i].value;
	return builtin_default(name);
}
