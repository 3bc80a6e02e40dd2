/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One conntrack entry as ctdash reads it (collect/ctmsg.c fills it from a
 * ctnetlink message): plain data, no netlink types, so the filter, the
 * list and the UI can hold entries too. */
#ifndef CTDASH_ENTRY_H
#define CTDASH_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

/* Which fields of a ct_tuple the message carried. */
enum {
	CT_TUPLE_SRC = 1 << 0,
	CT_TUPLE_DST = 1 << 1,
	CT_TUPLE_PROTO = 1 << 2,  /* l4proto */
	CT_TUPLE_PORTS = 1 << 3,  /* sport and dport (TCP, UDP, SCTP, DCCP, ...) */
	CT_TUPLE_ICMP = 1 << 4,   /* icmp_type, icmp_code, icmp_id (ICMP, ICMPv6) */
};

/* One direction of an entry, as conntrack -L prints it. */
struct ct_tuple {
	uint8_t src[16];     /* network order; IPv4 in the first 4 bytes */
	uint8_t dst[16];
	uint16_t sport, dport; /* host order */
	uint16_t icmp_id;      /* host order */
	uint8_t icmp_type, icmp_code;
	uint8_t l4proto;
	uint8_t has;         /* CT_TUPLE_* */
};

/* Indexes of the two directions in the per-direction arrays. */
enum { CT_DIR_ORIG = 0, CT_DIR_REPLY = 1 };

/* The directions a zone applies to (the kernel's NF_CT_ZONE_DIR_* bits):
 * CTA_ZONE is a zone of both; CTA_TUPLE_ZONE inside one tuple (conntrack
 * -I --orig-zone, nft `ct original zone set`) a zone of that one only. An
 * entry has one zone id; the other direction is then in zone 0. */
enum {
	CT_ZONE_DIR_ORIG = 1 << 0,
	CT_ZONE_DIR_REPLY = 1 << 1,
	CT_ZONE_DIR_BOTH = CT_ZONE_DIR_ORIG | CT_ZONE_DIR_REPLY,
};

struct ct_entry {
	uint8_t family;    /* AF_INET, AF_INET6 (from nfgenmsg) */
	uint8_t l4proto;   /* original tuple's protocol */
	uint8_t tcp_state; /* valid when has_tcp_state */
	bool has_tcp_state;
	bool has_timeout;
	bool has_src;      /* orig.src was sent (same as orig.has & CT_TUPLE_SRC) */
	bool has_reply;    /* the reply tuple was sent */
	bool has_id, has_mark, has_zone;
	bool has_counters; /* CTA_COUNTERS_*: nf_conntrack_acct was on */
	bool has_start;    /* CTA_TIMESTAMP_START: nf_conntrack_timestamp was on */
	uint16_t zone;     /* the zone id, whatever direction it applies to */
	uint8_t zone_dir;  /* CT_ZONE_DIR_*, when has_zone */
	uint32_t status;   /* IPS_* bits, host order */
	uint32_t timeout;  /* seconds left */
	uint32_t id;       /* CTA_ID: the kernel's handle for the entry */
	uint32_t mark;
	struct ct_tuple orig;
	/* only ct_parse_entry fills (and clears) what follows */
	struct ct_tuple reply;
	uint64_t start_ns;  /* CLOCK_REALTIME nanoseconds the entry began, when has_start */
	uint64_t packets[2], bytes[2]; /* by CT_DIR_*, when has_counters */
};

#endif
