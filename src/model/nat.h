/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Address translation as the table shows it (issue 19): source-NAT
 * pressure on the port range, and destination-NAT services with their
 * backends. collect/natgroup.c adds it up while the dump streams; plain
 * data, bounded, so a snapshot copies it whole. */
#ifndef CTDASH_NAT_H
#define CTDASH_NAT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/entry.h"

#define CT_NAT_SNAT_MAX 16     /* SNAT tuples kept, most used first */
#define CT_NAT_SVC_MAX 12      /* DNAT services kept, most entries first */
#define CT_NAT_BACKEND_MAX 8   /* backends kept a service */
#define CT_NAT_WINDOW_S 30     /* no reply for longer: not answering */

/* The kernel's range when a rule names none. */
#define CT_NAT_PORT_LO 1024
#define CT_NAT_PORT_HI 65535

/* The source ports a SNAT rule may choose from, and where that came from. */
struct ct_nat_range {
	uint16_t lo, hi;
	bool from_rules;       /* read from a rule, not the kernel's default */
	char origin[80];       /* "nft: masquerade to :1000-1999", "default" */
};

/* Entries sharing one reply tuple but for the translated source port:
 * at most as many as ports in the range. Read off the reply tuple. */
struct ct_snat_group {
	uint8_t family;
	uint8_t proto;
	uint16_t dport;        /* the destination's port (reply source port) */
	uint8_t addr[16];      /* the translated source (reply destination) */
	uint8_t dst[16];       /* the destination (reply source) */
	uint64_t entries;
};

/* One backend of a service: where its entries really went. */
struct ct_dnat_backend {
	uint8_t addr[16];      /* reply source */
	uint16_t port;         /* reply source port */
	uint64_t entries, unreplied;
	/* seconds since the oldest unreplied entry and the newest replied one
	 * began; < 0 when the kernel did not say (nf_conntrack_timestamp off) */
	double oldest_unreplied_s, newest_replied_s;
	bool answering;
};

struct ct_dnat_service {
	uint8_t family;
	uint8_t proto;
	uint16_t dport;        /* original destination port */
	uint8_t dst[16];       /* original destination */
	uint64_t entries;
	uint64_t nbackends_seen; /* backends counted; nbackends kept */
	struct ct_dnat_backend backends[CT_NAT_BACKEND_MAX];
	unsigned nbackends;
};

struct ct_nat {
	uint64_t snat_entries, dnat_entries;
	uint64_t snat_groups, dnat_services; /* distinct, kept or not */
	struct ct_snat_group snat[CT_NAT_SNAT_MAX];
	unsigned nsnat;
	struct ct_dnat_service dnat[CT_NAT_SVC_MAX];
	unsigned ndnat;
	struct ct_nat_range range;
	bool ages_known;       /* the entries carried start times */
	uint64_t ungrouped;    /* entries of tuples past the grouping's bound, not in the lists */
};

/* Ports in the range, and one group's share of them (0..1, may exceed 1
 * when the range read is not the rule that made these entries). */
unsigned nat_range_ports(const struct ct_nat_range *r);
double nat_share(const struct ct_nat_range *r, uint64_t entries);
void nat_range_default(struct ct_nat_range *r);

/* A backend answers unless it has unreplied entries, the oldest of them
 * began more than window_s ago, and no entry of it that began since got
 * a reply. Without start times (ages false) it answers here, and
 * nat_track_judge decides over successive snapshots. */
bool nat_backend_answering(const struct ct_dnat_backend *b, bool ages, double window_s);

/* n as it stands elapsed_s later, no entry having changed: every known
 * age older by that much, and the backends judged again over window_s
 * (events mode shows the last dump's groups between resyncs). */
void nat_age(struct ct_nat *n, double elapsed_s, double window_s);

/* Without start times: since when each backend has had entries and no
 * reply, kept from one snapshot to the next. */
struct nat_silence {
	uint8_t family, proto;
	uint16_t dport, port;
	uint8_t dst[16], addr[16];
	double since;
};
struct nat_track {
	struct nat_silence s[CT_NAT_SVC_MAX * CT_NAT_BACKEND_MAX];
	unsigned n;
};
/* Judge n's backends by how long they have been silent (now_s: a
 * monotonic clock), when n carries no start times; remember them. */
void nat_track_judge(struct nat_track *t, struct ct_nat *n, double now_s, double window_s);

#endif
