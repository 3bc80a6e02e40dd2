/* One ctnetlink conntrack message reduced to what ctdash reads of an entry:
 * the aggregates, the list and the filters. */
#ifndef CTDASH_CTMSG_H
#define CTDASH_CTMSG_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
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
	uint16_t zone;
	uint32_t status;   /* IPS_* bits, host order */
	uint32_t timeout;  /* seconds left */
	uint32_t id;       /* CTA_ID: the kernel's handle for the entry */
	uint32_t mark;
	struct ct_tuple orig;
	/* only ct_parse_entry fills (and clears) what follows */
	struct ct_tuple reply;
	uint64_t packets[2], bytes[2]; /* by CT_DIR_*, when has_counters */
};

enum ct_parse_result {
	CT_PARSE_OK = 0,
	CT_PARSE_NOT_CT,    /* not an IPCTNL_MSG_CT_NEW payload message */
	CT_PARSE_TRUNCATED, /* an attribute runs past its container */
};

/* Parse a message of nlh->nlmsg_len bytes. Unknown attributes are skipped;
 * a truncated one stops the parse with CT_PARSE_TRUNCATED. */
enum ct_parse_result ct_parse_entry(const struct nlmsghdr *nlh, struct ct_entry *e);
/* The same without the reply tuple and the counters (has_reply and
 * has_counters stay false, and a cut inside those nests goes unnoticed):
 * what the aggregates read, at about half the cost. */
enum ct_parse_result ct_parse_summary(const struct nlmsghdr *nlh, struct ct_entry *e);

/* What a ctnetlink event message says happened to the entry. */
enum ct_event_kind {
	CT_EVENT_NEW,
	CT_EVENT_UPDATE,  /* carries the new state and status, not the old */
	CT_EVENT_DESTROY,
};

/* Parse an event (multicast) message: CT_NEW as ct_parse_entry, and
 * CT_DELETE too; *kind says which event it is. */
enum ct_parse_result ct_parse_event(const struct nlmsghdr *nlh, struct ct_entry *e,
				    enum ct_event_kind *kind);

#endif
