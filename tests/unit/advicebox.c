/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The advice tests' snapshot and the helpers that read their adv_items. */
#include "advicebox.h"

#include <linux/netfilter/nfnetlink_conntrack.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/analysis.h"
#include "collect/sysctl.h"

struct ct_snapshot adv_snap;
struct advice adv_items[ADVICE_MAX];
unsigned adv_nitems;

void set_timeout(const char *name, long value)
{
	for (unsigned i = 0; i < adv_snap.ntimeouts; i++)
		if (strcmp(adv_snap.timeouts[i].name, name) == 0) {
			adv_snap.timeouts[i].value = value;
			return;
		}
	snprintf(adv_snap.timeouts[adv_snap.ntimeouts].name, CT_SYSCTL_NAME_MAX, "%s", name);
	adv_snap.timeouts[adv_snap.ntimeouts++].value = value;
}

void set_stat(unsigned attr, uint64_t v)
{
	adv_snap.stat_total[attr] = v;
	adv_snap.stat_present |= 1u << attr;
}

/* 10,000 entries of mixed traffic in a 262,144 table on a 16 GiB host:
 * nothing to say. */
void healthy(void)
{
	memset(&adv_snap, 0, sizeof adv_snap);
	adv_snap.max = adv_snap.buckets = adv_snap.hashsize = 262144;
	adv_snap.count = 10000;
	adv_snap.ram_bytes = 16ull << 30;
	adv_snap.word_bits = 64;
	snprintf(adv_snap.kernel, sizeof adv_snap.kernel, "6.18.0");
	adv_snap.entry_size = 256;
	adv_snap.tcp_keepalive_time = 7200;
	adv_snap.tcp_keepalive_intvl = 75;
	adv_snap.tcp_keepalive_probes = 9;
	set_timeout("nf_conntrack_tcp_timeout_established", 432000);
	set_timeout("nf_conntrack_tcp_timeout_time_wait", 120);
	set_timeout("nf_conntrack_tcp_timeout_close_wait", 60);
	set_timeout("nf_conntrack_tcp_timeout_syn_recv", 60);
	set_timeout("nf_conntrack_tcp_timeout_syn_sent", 120);
	set_timeout("nf_conntrack_tcp_timeout_fin_wait", 120);
	set_timeout("nf_conntrack_tcp_timeout_last_ack", 30);
	for (unsigned a = 1; a <= CTA_STATS_CHAIN_TOOLONG; a++)
		set_stat(a, 0);
	struct ct_tally *t = &adv_snap.tally;
	t->entries = 10000;
	t->ipv4 = 10000;
	t->l4[6] = 7000;
	t->l4[17] = 3000;
	t->tcp[CT_TCP_ESTABLISHED] = 4000;
	t->tcp[CT_TCP_TIME_WAIT] = 2500;
	t->tcp[CT_TCP_CLOSE_WAIT] = 500;
	t->assured = 8000;
	t->unreplied = 1000;
	adv_snap.ntop = 1;
	adv_snap.top[0].family = AF_INET;
	adv_snap.top[0].addr[0] = 10;
	adv_snap.top[0].count = 3000;
	analyse(&adv_snap);
}

void set_count(uint64_t count)
{
	adv_snap.count = count;
	analyse(&adv_snap);
}

const struct advice *run(const struct advice_rates *r)
{
	adv_nitems = advise_rates(&adv_snap, r, adv_items, ADVICE_MAX);
	return adv_nitems ? &adv_items[0] : NULL;
}

const struct advice *find(const char *id)
{
	for (unsigned i = 0; i < adv_nitems; i++)
		if (strcmp(adv_items[i].id, id) == 0)
			return &adv_items[i];
	return NULL;
}

bool has_command(const struct advice *a, const char *part)
{
	for (unsigned c = 0; a && c < a->ncommands; c++)
		if (strstr(a->commands[c], part))
			return true;
	return false;
}

double evidence(const struct advice *a, const char *name)
{
	for (unsigned e = 0; a && e < a->nevidence; e++)
		if (strcmp(a->evidence[e].name, name) == 0)
			return a->evidence[e].value;
	fail_msg("no evidence %s", name);
	return NAN;
}
