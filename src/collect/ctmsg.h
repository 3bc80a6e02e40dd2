/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One ctnetlink conntrack message reduced to what ctdash reads of an entry:
 * the aggregates, the list and the filters. */
#ifndef CTDASH_CTMSG_H
#define CTDASH_CTMSG_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/entry.h"

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
/* The summary and the reply tuple and the start time (has_reply,
 * has_start), what NAT grouping reads; the counters stay unread. */
enum ct_parse_result ct_parse_nat(const struct nlmsghdr *nlh, struct ct_entry *e);

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
