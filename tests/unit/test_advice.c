/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The advice rules: each fires just above its threshold and stays quiet
 * just below it; a healthy table gets nothing; every item carries its
 * evidence and the exact commands. */
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/advice.h"
#include "model/analysis.h"
#include "collect/sysctl.h"

static struct ct_snapshot snap;
static struct advice items[ADVICE_MAX];
static unsigned nitems;

static void set_timeout(const char *name, long value)
{
	for (unsigned i = 0; i < snap.ntimeouts; i++)
		if (strcmp(snap.timeouts[i].name, name) == 0) {
			snap.timeouts[i].value = value;
			return;
		}
	snprintf(snap.timeouts[snap.ntimeouts].name, CT_SYSCTL_NAME_MAX, "%s", name);
	snap.timeouts[snap.ntimeouts++].value = value;
}

static void set_stat(unsigned attr, uint64_t v)
{
	snap.stat_total[attr] = v;
	snap.stat_present |= 1u << attr;
}

/* 10,000 entries of mixed traffic in a 262,144 table on a 16 GiB host:
 * nothing to say. */
static void healthy(void)
{
	memset(&snap, 0, sizeof snap);
	snap.max = snap.buckets = snap.hashsize = 262144;
	snap.count = 10000;
	snap.ram_bytes = 16ull << 30;
	snap.word_bits = 64;
	snprintf(snap.kernel, sizeof snap.kernel, "6.18.0");
	snap.entry_size = 256;
	snap.tcp_keepalive_time = 7200;
	snap.tcp_keepalive_intvl = 75;
	snap.tcp_keepalive_probes = 9;
	set_timeout("nf_conntrack_tcp_timeout_established", 432000);
	set_timeout("nf_conntrack_tcp_timeout_time_wait", 120);
	set_timeout("nf_conntrack_tcp_timeout_close_wait", 60);
	set_timeout("nf_conntrack_tcp_timeout_syn_recv", 60);
	set_timeout("nf_conntrack_tcp_timeout_syn_sent", 120);
	set_timeout("nf_conntrack_tcp_timeout_fin_wait", 120);
	set_timeout("nf_conntrack_tcp_timeout_last_ack", 30);
	for (unsigned a = 1; a <= CTA_STATS_CHAIN_TOOLONG; a++)
		set_stat(a, 0);
	struct ct_tally *t = &snap.tally;
	t->entries = 10000;
	t->ipv4 = 10000;
	t->l4[6] = 7000;
	t->l4[17] = 3000;
	t->tcp[CT_TCP_ESTABLISHED] = 4000;
	t->tcp[CT_TCP_TIME_WAIT] = 2500;
	t->tcp[CT_TCP_CLOSE_WAIT] = 500;
	t->assured = 8000;
	t->unreplied = 1000;
	snap.ntop = 1;
	snap.top[0].family = AF_INET;
	snap.top[0].addr[0] = 10;
	snap.top[0].count = 3000;
	analyse(&snap);
}

static void set_count(uint64_t count)
{
	snap.count = count;
	analyse(&snap);
}

static const struct advice *run(const struct advice_rates *r)
{
	nitems = advise_rates(&snap, r, items, ADVICE_MAX);
	return nitems ? &items[0] : NULL;
}

static const struct advice *find(const char *id)
{
	for (unsigned i = 0; i < nitems; i++)
		if (strcmp(items[i].id, id) == 0)
			return &items[i];
	return NULL;
}

static bool has_command(const struct advice *a, const char *part)
{
	for (unsigned c = 0; a && c < a->ncommands; c++)
		if (strstr(a->commands[c], part))
			return true;
	return false;
}

static double evidence(const struct advice *a, const char *name)
{
	for (unsigned e = 0; a && e < a->nevidence; e++)
		if (strcmp(a->evidence[e].name, name) == 0)
			return a->evidence[e].value;
	fail_msg("no evidence %s", name);
	return NAN;
}

static void test_healthy_says_nothing(void **state)
{
	(void)state;
	healthy();
	run(NULL);
	assert_int_equal(nitems, 0);
	struct advice_rates r = { .known = true, .seconds = 2, .growth_known = true,
				  .growth_per_sec = 3 };
	run(&r);
	assert_int_equal(nitems, 0);
}

static void test_fill_thresholds(void **state)
{
	(void)state;
	healthy();
	set_count((uint64_t)(ADVICE_FILL_WARN * snap.max) - 1);
	run(NULL);
	assert_null(find("fill"));
	set_count((uint64_t)ceil(ADVICE_FILL_WARN * snap.max));
	run(NULL);
	assert_non_null(find("fill"));
	assert_int_equal(find("fill")->level, ADVICE_WARN);
	set_count((uint64_t)(ADVICE_FILL_CRIT * snap.max) - 1);
	run(NULL);
	assert_int_equal(find("fill")->level, ADVICE_WARN);
	set_count((uint64_t)ceil(ADVICE_FILL_CRIT * snap.max));
	snprintf(snap.netns, sizeof snap.netns, "web");
	run(NULL);
	const struct advice *a = find("fill");
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_non_null(strstr(a->text, "namespace 'web'"));
	/* max is global: no namespace prefix, and the key that changes it */
	assert_true(has_command(a, "sysctl -w net.netfilter.nf_conntrack_max=524288"));
	assert_string_equal(a->commands[0], "sysctl -w net.netfilter.nf_conntrack_max=524288");
	assert_string_equal(a->key, "m");
	assert_true(evidence(a, "fill") >= ADVICE_FILL_CRIT);
}

static void test_dropping_now_and_since_boot(void **state)
{
	(void)state;
	healthy();
	set_stat(CTA_STATS_DROP, 1204);
	run(NULL);
	const struct advice *a = find("dropped");
	assert_non_null(a);
	assert_int_equal(a->level, ADVICE_INFO);
	assert_non_null(strstr(a->text, "--interval"));
	assert_null(find("dropping"));
	/* two samples, nothing rose: still info, and says when last seen */
	struct advice_rates r = { .known = true, .seconds = 2, .last_drop_at = 1e9 };
	run(&r);
	assert_int_equal(find("dropped")->level, ADVICE_INFO);
	assert_non_null(strstr(find("dropped")->text, "last seen rising"));
	/* one drop in the interval: critical */
	r.rose[AC_DROP] = 1;
	run(&r);
	a = find("dropping");
	assert_non_null(a);
	assert_int_equal(a->level, ADVICE_CRIT);
	/* relief first: what frees slots now, then why */
	assert_string_equal(items[0].id, "relief_delete");
	assert_ptr_equal(a, &items[1]);
	assert_null(find("dropped"));
	assert_true(evidence(a, "drop_rose") == 1);
	/* evictions alone are dropping too */
	r.rose[AC_DROP] = 0;
	r.rose[AC_EARLY_DROP] = 1;
	run(&r);
	assert_non_null(find("dropping"));
}

static void test_tracker(void **state)
{
	(void)state;
	struct advice_tracker tr;
	advice_tracker_init(&tr);
	healthy();
	set_stat(CTA_STATS_DROP, 100);
	snap.taken_at = 1000;
	advice_track(&tr, 10, &snap);
	assert_false(tr.rates.known);
	set_stat(CTA_STATS_DROP, 137);
	set_count(10200);
	snap.taken_at = 1002;
	advice_track(&tr, 12, &snap);
	assert_true(advice_dropping_now(&tr.rates));
	assert_int_equal(tr.rates.rose[AC_DROP], 37);
	assert_true(fabs(tr.rates.growth_per_sec - 100) < 1e-9);
	assert_true(tr.rates.dropping_since == 1002);
	set_stat(CTA_STATS_DROP, 140);
	snap.taken_at = 1004;
	advice_track(&tr, 14, &snap);
	assert_int_equal(tr.rates.run_drops, 40);
	assert_true(tr.rates.dropping_since == 1002);
	snap.taken_at = 1006;
	advice_track(&tr, 16, &snap);
	assert_false(advice_dropping_now(&tr.rates));
	assert_true(advice_drop_run_on(&tr.rates));     /* 2 s since the last */
	assert_true(tr.rates.last_drop_at == 1004);
	/* a drop within ADVICE_RUN_GAP continues the run */
	set_stat(CTA_STATS_DROP, 141);
	snap.taken_at = 1008;
	advice_track(&tr, 18, &snap);
	assert_int_equal(tr.rates.run_drops, 41);
	assert_true(tr.rates.dropping_since == 1002);
	/* quiet for ADVICE_RUN_GAP: the run is over; the next drop starts one */
	snap.taken_at = 1008 + ADVICE_RUN_GAP;
	advice_track(&tr, 18 + ADVICE_RUN_GAP, &snap);
	assert_false(advice_drop_run_on(&tr.rates));
	set_stat(CTA_STATS_DROP, 150);
	snap.taken_at = 1030;
	advice_track(&tr, 40, &snap);
	assert_true(tr.rates.dropping_since == 1030);
	assert_int_equal(tr.rates.run_drops, 9);
	/* a counter going down is no rise */
	set_stat(CTA_STATS_DROP, 5);
	advice_track(&tr, 42, &snap);
	assert_false(advice_dropping_now(&tr.rates));
}

static void test_filling(void **state)
{
	(void)state;
	healthy();
	double room = (double)(snap.max - snap.count);
	struct advice_rates r = { .known = true, .seconds = 2, .growth_known = true };
	r.growth_per_sec = room / ADVICE_FILL_HORIZON * 0.99;  /* full just after 10 min */
	run(&r);
	assert_null(find("filling"));
	r.growth_per_sec = room / ADVICE_FILL_HORIZON * 1.01;  /* just before */
	run(&r);
	assert_non_null(find("filling"));
	assert_int_equal(find("filling")->level, ADVICE_WARN);
}

static void test_buckets_crowded(void **state)
{
	(void)state;
	healthy();
	snap.buckets = snap.hashsize = 65536;
	snap.max = 262144;
	/* 2/3 occupied at λ = ln 3 */
	set_count((uint64_t)(log(3.0) * 65536) - 100);
	run(NULL);
	assert_null(find("buckets"));
	set_count((uint64_t)(log(3.0) * 65536) + 100);
	run(NULL);
	const struct advice *a = find("buckets");
	assert_non_null(a);
	assert_true(has_command(a, "echo 131072 > /sys/module/nf_conntrack/parameters/hashsize"));
	assert_true(has_command(a, "nf_conntrack_max=524288"));
	assert_true(evidence(a, "memory_at_max_after") ==
		    (double)table_memory(524288, 131072, 256));
}

static void test_ratio(void **state)
{
	(void)state;
	healthy();
	snap.buckets = 65536;
	snap.max = (uint64_t)(ADVICE_MAX_PER_BUCKET * 65536);
	analyse(&snap);
	run(NULL);
	assert_null(find("ratio"));
	snap.max += 1;
	analyse(&snap);
	run(NULL);
	assert_non_null(find("ratio"));
}

static void state_share(enum ct_tcp_state st, double share)
{
	struct ct_tally *t = &snap.tally;
	memset(t->tcp, 0, sizeof t->tcp);
	t->tcp[st] = (uint64_t)(share * (double)t->entries);
	t->tcp[CT_TCP_ESTABLISHED] += t->entries - t->tcp[st] - 3000;
}

static void test_time_wait_dominates(void **state)
{
	(void)state;
	healthy();
	state_share(CT_TCP_TIME_WAIT, ADVICE_STATE_SHARE - 0.001);
	run(NULL);
	assert_null(find("time_wait"));
	state_share(CT_TCP_TIME_WAIT, ADVICE_STATE_SHARE + 0.001);
	snprintf(snap.netns, sizeof snap.netns, "web");
	run(NULL);
	const struct advice *a = find("time_wait");
	assert_non_null(a);
	assert_string_equal(a->commands[0],
		"ip netns exec web sysctl -w net.netfilter.nf_conntrack_tcp_timeout_time_wait=30");
	assert_string_equal(a->sysctl, "nf_conntrack_tcp_timeout_time_wait");
	assert_int_equal(a->suggested, 30);
	/* a short timeout already: nothing to gain */
	set_timeout("nf_conntrack_tcp_timeout_time_wait", 30);
	run(NULL);
	assert_null(find("time_wait"));
}

static void test_close_wait_and_syn_recv(void **state)
{
	(void)state;
	healthy();
	set_timeout("nf_conntrack_tcp_timeout_close_wait", 3600);
	state_share(CT_TCP_CLOSE_WAIT, 0.6);
	run(NULL);
	assert_non_null(find("close_wait"));
	assert_non_null(strstr(find("close_wait")->text, "never closed"));
	healthy();
	state_share(CT_TCP_SYN_RECV, 0.6);
	snprintf(snap.netns, sizeof snap.netns, "pid:42");
	run(NULL);
	const struct advice *a = find("syn_recv");
	assert_non_null(a);
	assert_true(has_command(a, "nsenter -t 42 -n sysctl -w net.ipv4.tcp_syncookies=1"));
}

static void test_established_keepalive_read(void **state)
{
	(void)state;
	healthy();
	state_share(CT_TCP_ESTABLISHED, 0.6);
	set_count((uint64_t)(ADVICE_ESTABLISHED_MIN_FILL * snap.max) + 1);
	run(NULL);
	const struct advice *a = find("established");
	assert_non_null(a);
	assert_int_equal(a->suggested, 7200 + 75 * 9);
	/* the namespace's own keep-alive, not a constant */
	snap.tcp_keepalive_time = 600;
	snap.tcp_keepalive_intvl = 10;
	snap.tcp_keepalive_probes = 3;
	run(NULL);
	assert_int_equal(find("established")->suggested, 630);
	/* the timeout just at the give-up time: quiet */
	set_timeout("nf_conntrack_tcp_timeout_established", 630);
	run(NULL);
	assert_null(find("established"));
	set_timeout("nf_conntrack_tcp_timeout_established", 631);
	run(NULL);
	assert_non_null(find("established"));
	/* unknown keep-alive: no guess */
	snap.tcp_keepalive_time = 0;
	run(NULL);
	assert_null(find("established"));
	/* a table not yet filling: quiet */
	snap.tcp_keepalive_time = 600;
	set_count((uint64_t)(ADVICE_ESTABLISHED_MIN_FILL * snap.max) - 1);
	run(NULL);
	assert_null(find("established"));
}

static void test_loopback(void **state)
{
	(void)state;
	healthy();
	/* counted over every source (tally.loopback), not the top few: many
	 * loopback sources, none in the top, still add up */
	snap.tally.loopback = (uint64_t)(ADVICE_LOOPBACK_SHARE * 10000) - 1;
	run(NULL);
	assert_null(find("loopback"));
	snap.tally.loopback += 1;
	run(NULL);
	const struct advice *a = find("loopback");
	assert_non_null(a);
	assert_true(has_command(a, "iptables -t raw -I PREROUTING -i lo -j NOTRACK"));
	assert_true(has_command(a, "iptables -t raw -I OUTPUT -o lo -j NOTRACK"));
	assert_true(has_command(a, "iifname lo notrack"));
	assert_true(has_command(a, "priority raw"));
	assert_non_null(strstr(a->text, "UNTRACKED"));
}

static void test_port(void **state)
{
	(void)state;
	healthy();
	snap.ntop_dport = 1;
	snap.top_dport[0] = (struct ct_port_count){ .proto = 6, .port = 8080,
		.count = (uint64_t)(ADVICE_PORT_SHARE * 10000) - 1 };
	run(NULL);
	assert_null(find("port"));
	snap.top_dport[0].count += 1;
	snprintf(snap.netns, sizeof snap.netns, "web");
	run(NULL);
	const struct advice *a = find("port");
	assert_non_null(a);
	assert_true(has_command(a, "ip netns exec web iptables -t raw -I PREROUTING -p tcp --dport 8080 -j NOTRACK"));
	assert_true(has_command(a, "iptables -t raw -I OUTPUT -p tcp --sport 8080 -j NOTRACK"));
	assert_true(has_command(a, "prerouting tcp dport 8080 notrack"));
	assert_true(has_command(a, "output tcp sport 8080 notrack"));
	assert_true(evidence(a, "port") == 8080);
}

static void test_unreplied(void **state)
{
	(void)state;
	healthy();
	set_count((uint64_t)(ADVICE_UNREPLIED_MIN_FILL * snap.max) + 1);
	snap.tally.unreplied = (uint64_t)(ADVICE_UNREPLIED_SHARE * 10000) - 1;
	run(NULL);
	assert_null(find("unreplied"));
	snap.tally.unreplied += 1;
	run(NULL);
	assert_non_null(find("unreplied"));
}

static void test_counters_rising(void **state)
{
	(void)state;
	healthy();
	struct advice_rates r = { .known = true, .seconds = 2 };
	r.rose[AC_SEARCH_RESTART] = (uint64_t)(ADVICE_SEARCH_RESTART_RATE * 2) - 1;
	run(&r);
	assert_null(find("chain_attack"));
	r.rose[AC_SEARCH_RESTART] += 1;
	run(&r);
	assert_non_null(find("chain_attack"));
	r.rose[AC_SEARCH_RESTART] = 0;
	r.rose[AC_CHAIN_TOOLONG] = 1;
	run(&r);
	assert_non_null(find("chain_attack"));
	r.rose[AC_CHAIN_TOOLONG] = 0;
	run(&r);
	assert_null(find("insert_failed"));
	r.rose[AC_INSERT_FAILED] = 1;
	run(&r);
	assert_int_equal(find("insert_failed")->level, ADVICE_WARN);
	/* since boot only, and not rising: not a warning */
	set_stat(CTA_STATS_INSERT_FAILED, 9);
	r.rose[AC_INSERT_FAILED] = 0;
	run(&r);
	assert_null(find("insert_failed"));
	run(NULL);
	assert_int_equal(find("insert_failed")->level, ADVICE_INFO);
}

static void test_small_defaults(void **state)
{
	(void)state;
	healthy();
	snap.max = ADVICE_SMALL_MAX;
	snap.buckets = 16384;
	snap.ram_bytes = ADVICE_BIG_RAM - 1;
	analyse(&snap);
	run(NULL);
	assert_null(find("small_defaults"));
	snap.ram_bytes = ADVICE_BIG_RAM;
	analyse(&snap);
	run(NULL);
	assert_non_null(find("small_defaults"));
	snap.max = ADVICE_SMALL_MAX + 1;
	analyse(&snap);
	run(NULL);
	assert_null(find("small_defaults"));
}

/* 262,144 of 262,144, most of it TIME_WAIT, dropping: the first item
 * deletes what holds slots without traffic, with its effect, and never
 * ESTABLISHED entries; raising max comes after it. */
static void full_of(enum ct_tcp_state st, uint64_t n)
{
	healthy();
	struct ct_tally *t = &snap.tally;
	memset(t->tcp, 0, sizeof t->tcp);
	t->entries = snap.max;
	t->l4[6] = snap.max;
	t->l4[17] = 0;
	t->tcp[st] = n;
	t->tcp[CT_TCP_ESTABLISHED] = snap.max - n;
	t->pinned = snap.max - n;
	t->gc_evictable = n;
	set_count(snap.max);
}

static void test_relief_time_wait(void **state)
{
	(void)state;
	full_of(CT_TCP_TIME_WAIT, 225000);
	struct advice_rates r = { .known = true, .seconds = 2, .last_drop_at = 1e9,
				  .newest_at = 1e9 };
	r.rose[AC_DROP] = 400;
	run(&r);
	const struct advice *a = &items[0];
	assert_string_equal(a->id, "relief_delete");
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_non_null(strstr(a->text, "Delete the 225,000 entries"));
	assert_non_null(strstr(a->text, "fill 100% -> 14%"));
	assert_non_null(strstr(a->text, "collector"));
	assert_string_equal(a->filter, "state TIME_WAIT");
	assert_string_equal(a->summary, "delete 225,000 TIME_WAIT entries: fill 100% -> 14%");
	assert_true(has_command(a, "ctdash --delete state TIME_WAIT"));
	assert_true(evidence(a, "entries") == 225000);
	assert_string_equal(items[1].id, "dropping");
	assert_int_equal(find("relief_max")->level, ADVICE_WARN);
	/* UDP never answered joins it; the filter names only those */
	snap.tally.unreplied_datagram = 1000;
	run(&r);
	assert_string_equal(items[0].filter, "state TIME_WAIT or (unreplied and (proto udp or "
			    "proto udplite or proto icmp or proto icmpv6))");
	assert_non_null(strstr(items[0].text, "1,000 unanswered UDP/ICMP"));
	/* unquoted words, so --once can wrap it: parentheses escaped */
	assert_true(has_command(&items[0], "ctdash --delete state TIME_WAIT or \\(unreplied and "
				"\\(proto udp or"));
	assert_string_equal(items[0].summary, "delete 226,000 idle entries: fill 100% -> 14%");
	assert_null(strstr(items[0].filter, "ESTABLISHED"));
	/* full, even read once: still first */
	run(NULL);
	assert_string_equal(items[0].id, "relief_delete");
}

/* Pinned ESTABLISHED entries fill the table: nothing to delete, the
 * first item raises the global limit. */
static void test_relief_pinned(void **state)
{
	(void)state;
	full_of(CT_TCP_TIME_WAIT, 0);
	snprintf(snap.netns, sizeof snap.netns, "web");
	run(NULL);
	const struct advice *a = &items[0];
	assert_string_equal(a->id, "relief_max");
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_null(find("relief_delete"));
	assert_non_null(strstr(a->text, "from 262,144 to 524,288: fill 100% -> 50%"));
	assert_non_null(strstr(a->text, "global"));
	assert_non_null(strstr(a->text, "Every entry is ASSURED and open"));
	assert_string_equal(a->sysctl, "nf_conntrack_max");
	assert_int_equal(a->suggested, 524288);
	assert_string_equal(a->summary, "raise the global nf_conntrack_max to 524,288: fill 100% -> 50%");
	/* the global setting has no namespace prefix */
	assert_string_equal(a->commands[0], "sysctl -w net.netfilter.nf_conntrack_max=524288");
}

/* One "full in": the snapshot's own rates (what the header, the churn
 * view and --json say) win over the tracker's last two snapshots. */
static void test_filling_one_estimate(void **state)
{
	(void)state;
	healthy();
	double room = (double)(snap.max - snap.count);
	snap.rates.valid = true;
	snap.rates.window_s = 10;
	snap.rates.growth_per_s = room / ADVICE_FILL_HORIZON * 1.01;
	snap.rates.seconds_to_full = room / snap.rates.growth_per_s;
	/* the tracker saw nothing grow between its last two snapshots */
	struct advice_rates r = { .known = true, .seconds = 2, .growth_known = true,
				  .growth_per_sec = 0 };
	run(&r);
	const struct advice *a = find("filling");
	assert_non_null(a);
	assert_true(evidence(a, "growth_per_sec") == round(snap.rates.growth_per_s * 10) / 10 ||
		    fabs(evidence(a, "growth_per_sec") - snap.rates.growth_per_s) < 1e-9);
	assert_true(evidence(a, "window_s") == 10);
	assert_true(fabs(evidence(a, "seconds_to_full") - snap.rates.seconds_to_full) < 1.0);
	assert_non_null(strstr(a->text, "(over 10 s)"));
	/* shrinking by the snapshot's rates: not filling, whatever the tracker */
	snap.rates.growth_per_s = -5;
	r.growth_per_sec = 1e6;
	run(&r);
	assert_null(find("filling"));
}

/* The expectation table against its own limit. */
static void test_expectations(void **state)
{
	(void)state;
	healthy();
	snap.outside.expect_known = true;
	snap.outside.expect_max = 4096;
	snap.outside.expectations = 3000;
	run(NULL);
	assert_null(find("expect_full"));
	snap.outside.expectations = 3300;
	run(NULL);
	assert_int_equal(find("expect_full")->level, ADVICE_WARN);
	snap.outside.expectations = 4096;
	run(NULL);
	const struct advice *a = find("expect_full");
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_non_null(strstr(a->text, "holds 4,096 of 4,096"));
	assert_true(has_command(a, "nf_conntrack_expect_max=8192"));
	/* not read: nothing said */
	snap.outside.expect_known = false;
	run(NULL);
	assert_null(find("expect_full"));
}

/* No relief when the table has room and is not filling. */
static void test_relief_only_when_needed(void **state)
{
	(void)state;
	healthy();
	set_count(snap.max - 1);
	run(NULL);
	assert_null(find("relief_delete"));
	assert_null(find("relief_max"));
	struct advice_rates r = { .known = true, .seconds = 2, .growth_known = true,
				  .growth_per_sec = 1.0 / ADVICE_FILL_HORIZON * 0.5 };
	run(&r);
	assert_null(find("relief_max"));
	r.growth_per_sec = 2.0 / ADVICE_FILL_HORIZON;  /* full within the horizon */
	run(&r);
	assert_non_null(find("relief_max"));
}

/* Every item's text is whole, with the longest namespace name ctdash
 * takes: a sentence that ends, never one cut at the buffer's end. */
static void test_text_never_cut(void **state)
{
	(void)state;
	full_of(CT_TCP_TIME_WAIT, 200000);
	snap.tally.tcp[CT_TCP_CLOSE] = 10000;
	snap.tally.tcp[CT_TCP_LAST_ACK] = 10000;
	snap.tally.unreplied_datagram = 10000;
	snap.tally.tcp[CT_TCP_ESTABLISHED] = 32144 - 30000 + 30000;
	memset(snap.netns, 'n', sizeof snap.netns - 1);
	snap.netns[sizeof snap.netns - 1] = '\0';
	struct advice_rates r = { .known = true, .seconds = 2, .last_drop_at = 1e9,
				  .newest_at = 1e9 };
	r.rose[AC_DROP] = 123456789;
	r.rose[AC_EARLY_DROP] = 123456789;
	run(&r);
	assert_true(nitems >= 3);
	for (unsigned i = 0; i < nitems; i++) {
		size_t len = strlen(items[i].text);
		if (len + 1 >= ADVICE_TEXT || items[i].text[len - 1] != '.')
			fail_msg("%s is cut: ...%s", items[i].id, items[i].text + (len > 40 ? len - 40 : 0));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_says_nothing),
		cmocka_unit_test(test_fill_thresholds),
		cmocka_unit_test(test_dropping_now_and_since_boot),
		cmocka_unit_test(test_tracker),
		cmocka_unit_test(test_filling),
		cmocka_unit_test(test_buckets_crowded),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_time_wait_dominates),
		cmocka_unit_test(test_close_wait_and_syn_recv),
		cmocka_unit_test(test_established_keepalive_read),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_unreplied),
		cmocka_unit_test(test_counters_rising),
		cmocka_unit_test(test_small_defaults),
		cmocka_unit_test(test_relief_time_wait),
		cmocka_unit_test(test_relief_pinned),
		cmocka_unit_test(test_relief_only_when_needed),
		cmocka_unit_test(test_filling_one_estimate),
		cmocka_unit_test(test_expectations),
		cmocka_unit_test(test_text_never_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
