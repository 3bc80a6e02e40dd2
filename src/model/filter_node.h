/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parsed filter's nodes, shared by the matcher (filter.c) and what
 * the kernel is asked to filter (pushdown.c); nothing else reads them. */
#ifndef CTDASH_FILTER_NODE_H
#define CTDASH_FILTER_NODE_H

#include <stdint.h>

/* IPS_* status bits (linux/netfilter/nf_conntrack_common.h), named here
 * so the model stays free of kernel headers. */
#define ST_SEEN_REPLY (1u << 1)
#define ST_ASSURED (1u << 2)

enum flt_op {
	F_AND, F_OR, F_NOT,
	F_PROTO, F_L3, F_STATE,
	F_SRC, F_DST, F_REPLY_SRC, F_REPLY_DST,
	F_SPORT, F_DPORT, F_MARK, F_ZONE,
	F_ASSURED, F_UNREPLIED, F_NAT,
	F_SNAT, F_DNAT, F_NAT_SRC, F_NAT_DST,
	F_TIMEOUT_LT, F_TIMEOUT_GT,
	F_WORKLOAD,
};

#define FLT_PATTERN_MAX 64   /* a workload pattern, whole (the filter's word) */

struct flt_node {
	uint8_t op;
	uint8_t family;      /* addresses: AF_INET or AF_INET6 */
	uint8_t plen;        /* addresses: prefix length */
	uint32_t lo, hi;     /* numbers, ranges; mark value and mask */
	uint8_t addr[16];
	int left, right;     /* operands of and, or (left only for not) */
	char pattern[FLT_PATTERN_MAX]; /* workload: a glob */
};

#endif
