/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules about what fills the table: one TCP state, idle established
 * flows, loopback, one port, flows that never got a reply. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/format.h"
#include "model/timeouts.h"
#include "model/advice_rules.h"
#include "model/labels.h"

/* A state is worth a sentence when it holds ADVICE_STATE_SHARE of the
 * table and its timeout is longer than the value suggested for it. */
static const struct {
	enum ct_tcp_state state;
	long suggested;   /* seconds */
	const char *why;
} states[] = {
	{ CT_TCP_TIME_WAIT, 30, "Short connections closing, typically behind a proxy or load "
	  "balancer that does not reuse them (keep-alive upstreams help)." },
	{ CT_TCP_CLOSE_WAIT, 30, "The peer closed but a local program never closed its socket: "
	  "look for a leak." },
	{ CT_TCP_SYN_RECV, 10, "Half-open connections: a SYN flood, or replies lost; make sure "
	  "tcp_syncookies is on." },
	{ CT_TCP_SYN_SENT, 30, "Connections to peers that do not answer." },
	{ CT_TCP_FIN_WAIT, 30, "Connections closing slowly." },
	{ CT_TCP_LAST_ACK, 30, "Connections waiting for the last ACK of a close." },
};

static void lower_case(const char *in, char *out, size_t n)
{
	size_t i = 0;
	for (; in[i] && i + 1 < n; i++)
		out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] - 'A' + 'a' : in[i]);
	out[i] = '\0';
}

static void check_state(struct sink *k, unsigned i)
{
	const struct ct_snapshot *s = k->s;
	const struct ct_tally *t = &s->tally;
	const char *sysctl = ct_tcp_state_sysctl(states[i].state);
	const char *name = ct_tcp_state_name(states[i].state);
	long timeout = timeout_value(s, sysctl);
	double share = adv_share(t->tcp[states[i].state], t->entries);
	if (share < ADVICE_STATE_SHARE || timeout <= states[i].suggested)
		return;
	char id[24];
	lower_case(name, id, sizeof id);
	struct advice *a = adv_add(k, ADVICE_WARN, id,
		"%.0f%% of entries are %s, kept %lds each after their last packet (%s). %s Lower it "
		"to %lds.", 100 * share, name, timeout, sysctl, states[i].why, states[i].suggested);
	adv_str(a, "state", name);
	adv_num(a, "share", share, 4);
	adv_num(a, "entries", (double)t->tcp[states[i].state], 0);
	adv_num(a, "timeout", (double)timeout, 0);
	adv_set_timeout(k, a, sysctl, states[i].suggested);
	if (a && states[i].state == CT_TCP_SYN_RECV)
		adv_cmd(a, "%ssysctl -w net.ipv4.tcp_syncookies=1", k->prefix);
}

/* When keep-alive gives up on a dead peer, read in the namespace. */
static long keepalive_gives_up(const struct ct_snapshot *s)
{
	if (s->tcp_keepalive_time <= 0 || s->tcp_keepalive_intvl <= 0 || s->tcp_keepalive_probes <= 0)
		return -1;
	return s->tcp_keepalive_time + s->tcp_keepalive_intvl * s->tcp_keepalive_probes;
}

static void check_established(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	const struct ct_tally *t = &s->tally;
	const char *sysctl = "nf_conntrack_tcp_timeout_established";
	long est = timeout_value(s, sysctl), gives_up = keepalive_gives_up(s);
	double share = adv_share(t->tcp[CT_TCP_ESTABLISHED], t->entries);
	if (gives_up <= 0 || est <= gives_up || share < ADVICE_STATE_SHARE ||
	    s->an.fill < ADVICE_ESTABLISHED_MIN_FILL)
		return;
	char kept[32], ka[32];
	struct advice *a = adv_add(k, ADVICE_WARN, "established",
		"%.0f%% of entries are ESTABLISHED, kept %s after their last packet, while TCP "
		"keep-alive here gives up on a dead peer after %s (%ld + %ld x %ld s).",
		100 * share, fmt_duration(kept, sizeof kept, est), fmt_duration(ka, sizeof ka, gives_up),
		s->tcp_keepalive_time, s->tcp_keepalive_intvl, s->tcp_keepalive_probes);
	adv_num(a, "share", share, 4);
	adv_num(a, "timeout", (double)est, 0);
	adv_num(a, "keepalive_gives_up", (double)gives_up, 0);
	adv_num(a, "tcp_keepalive_time", (double)s->tcp_keepalive_time, 0);
	adv_num(a, "tcp_keepalive_intvl", (double)s->tcp_keepalive_intvl, 0);
	adv_num(a, "tcp_keepalive_probes", (double)s->tcp_keepalive_probes, 0);
	adv_set_timeout(k, a, sysctl, gives_up);
}

static void check_loopback(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	uint64_t loop = s->tally.loopback; /* every source, not only the top */
	double share = adv_share(loop, s->tally.entries);
	if (share < ADVICE_LOOPBACK_SHARE)
		return;
	struct advice *a = adv_add(k, ADVICE_INFO, "loopback",
		"%.0f%% of entries come from loopback addresses. If no rule needs them, NOTRACK "
		"loopback in the raw table; a ruleset matching state then needs an UNTRACKED "
		"accept (nft: ct state untracked accept) before its other state rules.", 100 * share);
	adv_num(a, "share", share, 4);
	adv_num(a, "entries", (double)loop, 0);
	adv_notrack_loopback(k, a);
}

/* One destination port holding the table: NOTRACK for it, both ways. */
static void check_port(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	if (!s->ntop_dport)
		return;
	const struct ct_port_count *p = &s->top_dport[0];
	double share = adv_share(p->count, s->tally.entries);
	if (share < ADVICE_PORT_SHARE || (p->proto != 6 && p->proto != 17))
		return;
	struct advice *a = adv_add(k, ADVICE_INFO, "port",
		"%.0f%% of entries go to %s port %u. If no rule needs their state, NOTRACK that "
		"port both ways in the raw table; a ruleset matching state then needs an UNTRACKED "
		"accept (nft: ct state untracked accept) first.", 100 * share,
		p->proto == 6 ? "TCP" : "UDP", (unsigned)p->port);
	adv_num(a, "share", share, 4);
	adv_num(a, "entries", (double)p->count, 0);
	adv_num(a, "port", p->port, 0);
	adv_str(a, "proto", p->proto == 6 ? "tcp" : "udp");
	adv_notrack_port(k, a, p->proto, p->port);
}

static void check_unreplied(struct sink *k)
{
	const struct ct_snapshot *s = k->s;
	const struct ct_tally *t = &s->tally;
	double share = adv_share(t->unreplied, t->entries);
	if (share < ADVICE_UNREPLIED_SHARE || s->an.fill < ADVICE_UNREPLIED_MIN_FILL)
		return;
	struct advice *a = adv_add(k, ADVICE_INFO, "unreplied",
		"%.0f%% of entries never saw a reply (scans, floods, or peers that are gone); they "
		"are evicted first when the table is full.", 100 * share);
	adv_num(a, "share", share, 4);
	adv_num(a, "entries", (double)t->unreplied, 0);
	adv_num(a, "fill", s->an.fill, 4);
}

void advise_traffic(struct sink *k)
{
	if (k->s->tally.entries < ADVICE_MIN_ENTRIES)
		return;
	for (unsigned i = 0; i < sizeof states / sizeof states[0]; i++)
		check_state(k, i);
	check_established(k);
	check_loopback(k);
	check_port(k);
	check_unreplied(k);
}
