/* One ctnetlink conntrack message reduced to what the aggregates need. */
#ifndef CTDASH_CTMSG_H
#define CTDASH_CTMSG_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ct_entry {
	uint8_t family;    /* AF_INET, AF_INET6 (from nfgenmsg) */
	uint8_t l4proto;   /* original tuple's protocol */
	uint8_t tcp_state; /* valid when has_tcp_state */
	bool has_tcp_state;
	bool has_timeout;
	bool has_src;
	uint32_t status;   /* IPS_* bits, host order */
	uint32_t timeout;  /* seconds left */
	uint8_t src[16];   /* original direction source, network order */
};

enum ct_parse_result {
	CT_PARSE_OK = 0,
	CT_PARSE_NOT_CT,    /* not an IPCTNL_MSG_CT_NEW payload message */
	CT_PARSE_TRUNCATED, /* an attribute runs past its container */
};

/* Parse a message of nlh->nlmsg_len bytes. Unknown attributes are skipped;
 * a truncated one stops the parse with CT_PARSE_TRUNCATED. */
enum ct_parse_result ct_parse_entry(const struct nlmsghdr *nlh, struct ct_entry *e);

#endif
