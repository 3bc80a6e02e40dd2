/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the advice: the list being filled, the helpers every rule uses,
 * and the rule groups. Not for use outside src/model/advice*.c. */
#ifndef CTDASH_ADVICE_RULES_H
#define CTDASH_ADVICE_RULES_H

#include "base/shellword.h"
#include "model/advice.h"

struct sink {
	struct advice *out;
	unsigned n, max;
	const struct ct_snapshot *s;
	const struct advice_rates *r;  /* NULL when only one snapshot */
	char prefix[NS_EXEC_PREFIX_MAX];              /* runs a command in s's namespace */
};

struct advice *adv_add(struct sink *k, enum advice_level level, const char *id,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void adv_num(struct advice *a, const char *name, double value, int decimals);
void adv_str(struct advice *a, const char *name, const char *value);
void adv_cmd(struct advice *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double adv_share(uint64_t part, uint64_t whole);
/* "namespace 'web'", "the namespace of process 42" or "the host's namespace". */
const char *adv_where(const struct ct_snapshot *s, char *buf, size_t n);

/* Commands (advice_cmd.c). Each names what it acts on for the key too. */
/* A timeout or other per-namespace sysctl under net.netfilter. */
void adv_set_timeout(struct sink *k, struct advice *a, const char *name, long value);
/* nf_conntrack_max: global, written in the initial namespace. */
void adv_set_max(struct advice *a, uint64_t value);
/* The bucket count (hashsize module parameter), global as well. */
void adv_set_buckets(struct advice *a, uint64_t value);
/* NOTRACK for loopback, both directions, iptables and nft forms. */
void adv_notrack_loopback(struct sink *k, struct advice *a);
/* NOTRACK for one destination port of protocol proto (6 or 17). */
void adv_notrack_port(struct sink *k, struct advice *a, unsigned proto, unsigned port);

/* Rule groups. */
void advise_relief(struct sink *k);   /* advice_relief.c: what frees slots now, first */
void advise_table(struct sink *k);    /* advice_table.c: fill, drops, buckets */
void advise_traffic(struct sink *k);  /* advice_traffic.c: states, sources, ports */
void advise_nat(struct sink *k);      /* advice_nat.c: SNAT pressure, silent backends */

#endif
