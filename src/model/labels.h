/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names the kernel and conntrack(8) use for protocols, states and counters. */
#ifndef CTDASH_NAMES_H
#define CTDASH_NAMES_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

/* "tcp", "udp", … or NULL for a protocol without a conntrack name. */
const char *ct_l4_name(unsigned proto);
/* "ESTABLISHED", …; "NONE" for 0, NULL past the last state. */
const char *ct_tcp_state_name(unsigned state);
/* An entry's zone as the list shows it: "7" (both directions), "7/orig"
 * or "7/reply" (one direction only: the other is in zone 0), "0". */
const char *ct_zone_label(const struct ct_entry *e, char *buf, size_t n);
/* "orig" or "reply" for a zone of one direction only, else NULL. */
const char *ct_zone_dir_name(const struct ct_entry *e);
/* The timeout sysctl governing a TCP state, or NULL (SYN_SENT2, NONE). */
const char *ct_tcp_state_sysctl(unsigned state);
/* "found", "insert_failed", … by CTA_STATS_* number; NULL if unknown
 * or obsolete. */
const char *ct_stat_name(unsigned attr);

/* Whether name is a conntrack timeout sysctl: nf_conntrack_…timeout…,
 * short enough for a ct_timeout, and of the characters sysctl names use
 * (so it is safe to put in a path). */
bool is_timeout_sysctl(const char *name);
/* name without its "nf_conntrack_" prefix, for lists where every name
 * has it. */
const char *sysctl_short_name(const char *name);

/* Whether addr (network order, IPv4 in the first 4 bytes) is a loopback
 * address: 127.0.0.0/8 or ::1. */
bool addr_is_loopback(int family, const uint8_t *addr);

/* The name conntrack(8) uses for an L4 protocol, or its number as text. */
const char *l4_label(unsigned proto, char *buf, size_t n);
/* Why a part could not be read, as a sentence; NULL when it was read. */
const char *part_problem(const struct ct_snapshot *s, enum ct_part part);

/* Protocols that always appear in reports, even at zero. */
extern const unsigned ct_l4_listed[];
extern const unsigned ct_l4_nlisted;

#endif
