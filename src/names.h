/* Names the kernel and conntrack(8) use for protocols, states and counters. */
#ifndef CTDASH_NAMES_H
#define CTDASH_NAMES_H

#include "model.h"

/* "tcp", "udp", … or NULL for a protocol without a conntrack name. */
const char *ct_l4_name(unsigned proto);
/* "ESTABLISHED", …; "NONE" for 0, NULL past the last state. */
const char *ct_tcp_state_name(unsigned state);
/* The timeout sysctl governing a TCP state, or NULL (SYN_SENT2, NONE). */
const char *ct_tcp_state_sysctl(unsigned state);
/* "found", "insert_failed", … by CTA_STATS_* number; NULL if unknown
 * or obsolete. */
const char *ct_stat_name(unsigned attr);

/* Protocols that always appear in reports, even at zero. */
extern const unsigned ct_l4_listed[];
extern const unsigned ct_l4_nlisted;

#endif
