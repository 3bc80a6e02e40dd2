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

#include "advicebox.h"

static void test_healthy_says_nothing(void **state)
{
	(void)state;
	healthy();
	run(NULL);
	assert_int_equal(adv_nitems, 0);
	struct advice_rates r = { .known = true, .seconds = 2, .growth_known = true,
				  .growth_per_sec = 3 };
	run(&r);
	assert_int_equal(adv_nitems, 0);
}

static void test_fill_thresholds(void **state)
{
	(void)state;
	healthy();
	set_count((uint64_t)(ADVICE_FILL_WARN * adv_snap.max) - 1);
	run(NULL);
	assert_null(find("fill"));
	set_count((uint64_t)ceil(ADVICE_FILL_WARN * adv_snap.max));
	run(NULL);
	assert_non_null(find("fill"));
	assert_int_equal(find("fill")->level, ADVICE_WARN);
	set_count((uint64_t)(ADVICE_FILL_CRIT * adv_snap.max) - 1);
	run(NULL);
	assert_int_equal(find("fill")->level, ADVICE_WARN);
	set_count((uint64_t)ceil(ADVICE_FILL_CRIT * adv_snap.max));
	snprintf(adv_snap.netns, sizeof adv_snap.netns, "web");
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
	assert_string_equal(adv_items[0].id, "relief_delete");
	assert_ptr_equal(a, &adv_items[1]);
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
	adv_snap.taken_at = 1000;
	advice_track(&tr, 10, &adv_snap);
	assert_false(tr.rates.known);
	set_stat(CTA_STATS_DROP, 137);
	set_count(10200);
	adv_snap.taken_at = 1002;
	advice_track(&tr, 12, &adv_snap);
	assert_true(advice_dropping_now(&tr.rates));
	assert_int_equal(tr.rates.rose[AC_DROP], 37);
	assert_true(fabs(tr.rates.growth_per_sec - 100) < 1e-9);
	assert_true(tr.rates.dropping_since == 1002);
	set_stat(CTA_STATS_DROP, 140);
	adv_snap.taken_at = 1004;
	advice_track(&tr, 14, &adv_snap);
	assert_int_equal(tr.rates.run_drops, 40);
	assert_true(tr.rates.dropping_since == 1002);
	adv_snap.taken_at = 1006;
	advice_track(&tr, 16, &adv_snap);
	assert_false(advice_dropping_now(&tr.rates));
	assert_true(advice_drop_run_on(&tr.rates));     /* 2 s since the last */
	assert_true(tr.rates.last_drop_at == 1004);
	/* a drop within ADVICE_RUN_GAP continues the run */
	set_stat(CTA_STATS_DROP, 141);
	adv_snap.taken_at = 1008;
	advice_track(&tr, 18, &adv_snap);
	assert_int_equal(tr.rates.run_drops, 41);
	assert_true(tr.rates.dropping_since == 1002);
	/* quiet for ADVICE_RUN_GAP: the run is over; the next drop starts one */
	adv_snap.taken_at = 1008 + ADVICE_RUN_GAP;
	advice_track(&tr, 18 + ADVICE_RUN_GAP, &adv_snap);
	assert_false(advice_drop_run_on(&tr.rates));
	set_stat(CTA_STATS_DROP, 150);
	adv_snap.taken_at = 1030;
	advice_track(&tr, 40, &adv_snap);
	assert_true(tr.rates.dropping_since == 1030);
	assert_int_equal(tr.rates.run_drops, 9);
	/* a counter going down is no rise */
	set_stat(CTA_STATS_DROP, 5);
	advice_track(&tr, 42, &adv_snap);
	assert_false(advice_dropping_now(&tr.rates));
}

static void test_filling(void **state)
{
	(void)state;
	healthy();
	double room = (double)(adv_snap.max - adv_snap.count);
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
	adv_snap.buckets = adv_snap.hashsize = 65536;
	adv_snap.max = 262144;
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
	adv_snap.buckets = 65536;
	adv_snap.max = (uint64_t)(ADVICE_MAX_PER_BUCKET * 65536);
	analyse(&adv_snap);
	run(NULL);
	assert_null(find("ratio"));
	adv_snap.max += 1;
	analyse(&adv_snap);
	run(NULL);
	assert_non_null(find("ratio"));
}

static void state_share(enum ct_tcp_state st, double share)
{
	struct ct_tally *t = &adv_snap.tally;
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
	snprintf(adv_snap.netns, sizeof adv_snap.netns, "web");
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
	snprintf(adv_snap.netns, sizeof adv_snap.netns, "pid:42");
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
	set_count((uint64_t)(ADVICE_ESTABLISHED_MIN_FILL * adv_snap.max) + 1);
	run(NULL);
	const struct advice *a = find("established");
	assert_non_null(a);
	assert_int_equal(a->suggested, 7200 + 75 * 9);
	/* the namespace's own keep-alive, not a constant */
	adv_snap.tcp_keepalive_time = 600;
	adv_snap.tcp_keepalive_intvl = 10;
	adv_snap.tcp_keepalive_probes = 3;
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
	adv_snap.tcp_keepalive_time = 0;
	run(NULL);
	assert_null(find("established"));
	/* a table not yet filling: quiet */
	adv_snap.tcp_keepalive_time = 600;
	set_count((uint64_t)(ADVICE_ESTABLISHED_MIN_FILL * adv_snap.max) - 1);
	run(NULL);
	assert_null(find("established"));
}

static void test_loopback(void **state)
{
	(void)state;
	healthy();
	/* counted over every source (tally.loopback), not the top few: many
	 * loopback sources, none in the top, still add up */
	adv_snap.tally.loopback = (uint64_t)(ADVICE_LOOPBACK_SHARE * 10000) - 1;
	run(NULL);
	assert_null(find("loopback"));
	adv_snap.tally.loopback += 1;
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
	adv_snap.ntop_dport = 1;
	adv_snap.top_dport[0] = (struct ct_port_count){ .proto = 6, .port = 8080,
		.count = (uint64_t)(ADVICE_PORT_SHARE * 10000) - 1 };
	run(NULL);
	assert_null(find("port"));
	adv_snap.top_dport[0].count += 1;
	snprintf(adv_snap.netns, sizeof adv_snap.netns, "web");
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
	set_count((uint64_t)(ADVICE_UNREPLIED_MIN_FILL * adv_snap.max) + 1);
	adv_snap.tally.unreplied = (uint64_t)(ADVICE_UNREPLIED_SHARE * 10000) - 1;
	run(NULL);
	assert_null(find("unreplied"));
	adv_snap.tally.unreplied += 1;
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
	adv_snap.max = ADVICE_SMALL_MAX;
	adv_snap.buckets = 16384;
	adv_snap.ram_bytes = ADVICE_BIG_RAM - 1;
	analyse(&adv_snap);
	run(NULL);
	assert_null(find("small_defaults"));
	adv_snap.ram_bytes = ADVICE_BIG_RAM;
	analyse(&adv_snap);
	run(NULL);
	assert_non_null(find("small_defaults"));
	adv_snap.max = ADVICE_SMALL_MAX + 1;
	analyse(&adv_snap);
	run(NULL);
	assert_null(find("small_defaults"));
}

/* One "full in": the snapshot's own rates (what the header, the churn
 * view and --json say) win over the tracker's last two snapshots. */
static void test_filling_one_estimate(void **state)
{
	(void)state;
	healthy();
	double room = (double)(adv_snap.max - adv_snap.count);
	adv_snap.rates.valid = true;
	adv_snap.rates.window_s = 10;
	adv_snap.rates.growth_per_s = room / ADVICE_FILL_HORIZON * 1.01;
	adv_snap.rates.seconds_to_full = room / adv_snap.rates.growth_per_s;
	/* the tracker saw nothing grow between its last two snapshots */
	struct advice_rates r = { .known = true, .seconds = 2, .growth_known = true,
				  .growth_per_sec = 0 };
	run(&r);
	const struct advice *a = find("filling");
	assert_non_null(a);
	assert_true(evidence(a, "growth_per_sec") == round(adv_snap.rates.growth_per_s * 10) / 10 ||
		    fabs(evidence(a, "growth_per_sec") - adv_snap.rates.growth_per_s) < 1e-9);
	assert_true(evidence(a, "window_s") == 10);
	assert_true(fabs(evidence(a, "seconds_to_full") - adv_snap.rates.seconds_to_full) < 1.0);
	assert_non_null(strstr(a->text, "(over 10 s)"));
	/* shrinking by the snapshot's rates: not filling, whatever the tracker */
	adv_snap.rates.growth_per_s = -5;
	r.growth_per_sec = 1e6;
	run(&r);
	assert_null(find("filling"));
}

/* The expectation table against its own limit. */
static void test_expectations(void **state)
{
	(void)state;
	healthy();
	adv_snap.outside.expect_known = true;
	adv_snap.outside.expect_max = 4096;
	adv_snap.outside.expectations = 3000;
	run(NULL);
	assert_null(find("expect_full"));
	adv_snap.outside.expectations = 3300;
	run(NULL);
	assert_int_equal(find("expect_full")->level, ADVICE_WARN);
	adv_snap.outside.expectations = 4096;
	run(NULL);
	const struct advice *a = find("expect_full");
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_non_null(strstr(a->text, "holds 4,096 of 4,096"));
	assert_true(has_command(a, "nf_conntrack_expect_max=8192"));
	/* not read: nothing said */
	adv_snap.outside.expect_known = false;
	run(NULL);
	assert_null(find("expect_full"));
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
		cmocka_unit_test(test_filling_one_estimate),
		cmocka_unit_test(test_expectations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
