/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/labels.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE 136
#endif

const unsigned ct_l4_listed[] = {
	IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDPLITE, IPPROTO_ICMP,
	IPPROTO_ICMPV6, IPPROTO_SCTP, IPPROTO_DCCP, IPPROTO_GRE,
};
const unsigned ct_l4_nlisted = sizeof ct_l4_listed / sizeof ct_l4_listed[0];

const char *ct_l4_name(unsigned proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_UDPLITE: return "udplite";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "icmpv6";
	case IPPROTO_SCTP: return "sctp";
	case IPPROTO_DCCP: return "dccp";
	case IPPROTO_GRE: return "gre";
	default: return NULL;
	}
}

static const char *const tcp_states[CT_TCP_NSTATES] = {
	"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
	"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
};

/* SYN_SENT2 (simultaneous open) has a timeout slot but no sysctl. */
static const char *const tcp_sysctls[CT_TCP_NSTATES] = {
	NULL,
	"nf_conntrack_tcp_timeout_syn_sent",
	"nf_conntrack_tcp_timeout_syn_recv",
	"nf_conntrack_tcp_timeout_established",
	"nf_conntrack_tcp_timeout_fin_wait",
	"nf_conntrack_tcp_timeout_close_wait",
	"nf_conntrack_tcp_timeout_last_ack",
	"nf_conntrack_tcp_timeout_time_wait",
	"nf_conntrack_tcp_timeout_close",
	NULL,
};

const char *ct_tcp_state_name(unsigned state)
{
	return state < CT_TCP_NSTATES ? tcp_states[state] : NULL;
}

const char *ct_tcp_state_sysctl(unsigned state)
{
	return state < CT_TCP_NSTATES ? tcp_sysctls[state] : NULL;
}

/* Indexed by CTA_STATS_*; the kernel stopped sending the NULL ones. */
static const char *const stat_names[] = {
	[2] = "found", [4] = "invalid", [8] = "insert",
	[9] = "insert_failed", [10] = "drop", [11] = "early_drop",
	[12] = "error", [13] = "search_restart", [14] = "clash_resolve",
	[15] = "chaintoolong",
};

const char *ct_stat_name(unsigned attr)
{
	return attr < sizeof stat_names / sizeof stat_names[0] ? stat_names[attr] : NULL;
}

#define SYSCTL_PREFIX "nf_conntrack_"

bool is_timeout_sysctl(const char *name)
{
	if (strncmp(name, SYSCTL_PREFIX, strlen(SYSCTL_PREFIX)) != 0 || !strstr(name, "timeout") ||
	    strlen(name) >= CT_SYSCTL_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
			return false;
	return true;
}

const char *sysctl_short_name(const char *name)
{
	size_t n = strlen(SYSCTL_PREFIX);
	return strncmp(name, SYSCTL_PREFIX, n) == 0 ? name + n : name;
}

bool addr_is_loopback(int family, const uint8_t *addr)
{
	static const uint8_t v6_loop[16] = { [15] = 1 };
	if (family == AF_INET)
		return addr[0] == 127;
	return family == AF_INET6 && memcmp(addr, v6_loop, sizeof v6_loop) == 0;
}

const char *l4_label(unsigned proto, char *buf, size_t n)
{
	const char *name = ct_l4_name(proto);
	if (name)
		return name;
	snprintf(buf, n, "%u", proto);
	return buf;
}

const char *part_problem(const struct ct_snapshot *s, enum ct_part part)
{
	int err = s->part_err[part];
	if (err == 0)
		return NULL;
	bool denied = err == EPERM || err == EACCES;
	switch (part) {
	case CT_PART_SYSCTL:
		if (err == ENOENT) /* the module is in: collect_snapshot saw it */
			return "the conntrack sysctls could not be read "
			       "(/proc/sys/net/netfilter/nf_conntrack_count: no such file, though "
			       "nf_conntrack is loaded: /proc/sys is hidden here): count, limit, "
			       "buckets and timeouts are unknown";
		return denied ? "the conntrack sysctls could not be read (permission denied): count, "
				"limit, buckets and timeouts are unknown"
			      : "the conntrack sysctls could not be read: count, limit, buckets and "
				"timeouts are unknown";
	case CT_PART_DUMP:
		if (denied)
			return "reading the entry table needs CAP_NET_ADMIN (run as root): protocols, states and top sources are not shown";
		if (err == EINTR || err == ENOBUFS)
			return "the kernel kept interrupting the table dump: the breakdown is partial";
		if (err == ECANCELED)
			return "the table dump was cancelled";
		return "the entry table could not be dumped";
	case CT_PART_STATS:
		if (denied)
			return "the drop, early_drop and insert_failed counters need CAP_NET_ADMIN (run as root)";
		return "the kernel's conntrack counters could not be read";
	case CT_PART_SLAB:
		if (denied)
			return "the entry size is assumed: /proc/slabinfo is readable by the host's root only";
		if (err == ENODATA)
			return "the entry size is assumed: /proc/slabinfo has no nf_conntrack line "
			       "(the cache is merged with another)";
		if (err == ENOENT)
			return "the entry size is assumed: this kernel has no /proc/slabinfo";
		return "the entry size is assumed: /proc/slabinfo could not be read";
	default:
		return NULL;
	}
}

const char *ct_zone_dir_name(const struct ct_entry *e)
{
	if (!e->has_zone || e->zone == 0)
		return NULL;
	return e->zone_dir == CT_ZONE_DIR_ORIG ? "orig" : e->zone_dir == CT_ZONE_DIR_REPLY ? "reply"
										    : NULL;
}

const char *ct_zone_label(const struct ct_entry *e, char *buf, size_t n)
{
	const char *dir = ct_zone_dir_name(e);
	snprintf(buf, n, "%u%s%s", e->has_zone ? (unsigned)e->zone : 0u, dir ? "/" : "", dir ? dir : "");
	return buf;
}
