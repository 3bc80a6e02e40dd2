/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Prometheus text format: HELP and TYPE before every family and each
 * family in one block, counters ending in _total, label values escaped,
 * families of unread parts left out, the netns label on every series with
 * --all-netns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/nsscan.h"
#include "model/analysis.h"
#include "serve/promtext.h"

static struct ct_cpu_stats cpus[2];

static void fake_snapshot(struct ct_snapshot *s)
{
	memset(s, 0, sizeof *s);
	s->count = 1500;
	s->max = 2000;
	s->buckets = 1024;
	s->entry_size = 256;
	s->tally.entries = 1500;
	s->tally.ipv4 = 1400;
	s->tally.ipv6 = 100;
	s->tally.l4[6] = 1200;
	s->tally.l4[17] = 300;
	s->tally.tcp[CT_TCP_TIME_WAIT] = 1000;
	s->tally.tcp[CT_TCP_ESTABLISHED] = 200;
	s->tally.unreplied = 300;
	s->ntop = 1;
	s->top[0].family = 2; /* AF_INET */
	memcpy(s->top[0].addr, "\x7f\x00\x00\x01", 4);
	s->top[0].count = 1500;
	s->ntimeouts = 1;
	snprintf(s->timeouts[0].name, sizeof s->timeouts[0].name, "nf_conntrack_tcp_timeout_time_wait");
	s->timeouts[0].value = 120;
	for (unsigned i = 0; i < 2; i++) {
		cpus[i].cpu = i;
		cpus[i].present = 1u << 10;    /* CTA_STATS_DROP */
		cpus[i].v[10] = 7 + i;
	}
	s->cpu = cpus;
	s->ncpu = 2;
	s->stat_present = 1u << 10;
	s->complete = true;
	s->taken_at = 1000.0;
	analyse(s);
}

static char *render(const struct prom_input *in)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	prom_write_snapshot(f, in);
	prom_write_age(f, in->snap->taken_at, in->namespaces ? in->snap_netns : NULL, 1002.5);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* Every series' family has HELP and TYPE lines before it, each family in
 * one block; counters end in _total. */
static void check_format(const char *text)
{
	char seen[64][96];
	unsigned nseen = 0;
	char current[96] = "";
	char *copy = strdup(text);
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
		char name[96];
		if (sscanf(line, "# TYPE %95s", name) == 1) {
			for (unsigned i = 0; i < nseen; i++)
				assert_string_not_equal(seen[i], name); /* one block each */
			assert_true(nseen < 64);
			snprintf(seen[nseen++], sizeof seen[0], "%s", name);
			snprintf(current, sizeof current, "%s", name);
			if (strstr(line, " counter"))
				assert_non_null(strstr(name, "_total"));
			continue;
		}
		if (line[0] == '#')
			continue;
		size_t n = strcspn(line, "{ ");
		assert_int_equal(strlen(current), n);
		assert_memory_equal(line, current, n);
	}
	free(copy);
}

static void test_single(void **state)
{
	(void)state;
	struct ct_snapshot s;
	fake_snapshot(&s);
	struct prom_input in = { .snap = &s, .top_n = 10 };
	char *t = render(&in);
	check_format(t);
	assert_non_null(strstr(t, "\nctdash_entries 1500\n"));
	assert_non_null(strstr(t, "\nctdash_entries_limit 2000\n"));
	assert_non_null(strstr(t, "\nctdash_fill_ratio 0.75\n"));
	assert_non_null(strstr(t, "\nctdash_entries_by_tcp_state{state=\"TIME_WAIT\"} 1000\n"));
	assert_non_null(strstr(t, "\nctdash_entries_by_l4{l4=\"udp\"} 300\n"));
	assert_non_null(strstr(t, "\nctdash_entries_by_l3{l3=\"ipv6\"} 100\n"));
	assert_non_null(strstr(t, "\nctdash_entries_flagged{flag=\"unreplied\"} 300\n"));
	assert_non_null(strstr(t, "\nctdash_stat_drop_total{cpu=\"1\"} 8\n"));
	assert_non_null(strstr(t, "# TYPE ctdash_stat_drop_total counter\n"));
	assert_non_null(strstr(t, "\nctdash_top_source_entries{addr=\"127.0.0.1\"} 1500\n"));
	assert_non_null(strstr(t, "\nctdash_timeout_seconds{sysctl=\"nf_conntrack_tcp_timeout_time_wait\"} 120\n"));
	assert_non_null(strstr(t, "\nctdash_snapshot_age_seconds 2.5\n"));
	assert_non_null(strstr(t, "ctdash_advice{id=\""));
	assert_null(strstr(t, "netns="));
	free(t);
}

static void test_unread_parts_left_out(void **state)
{
	(void)state;
	struct ct_snapshot s;
	fake_snapshot(&s);
	s.part_err[CT_PART_DUMP] = 1;  /* EPERM: no CAP_NET_ADMIN */
	s.part_err[CT_PART_STATS] = 1;
	s.tally.entries = 0;
	struct prom_input in = { .snap = &s, .top_n = 10 };
	char *t = render(&in);
	check_format(t);
	assert_null(strstr(t, "ctdash_entries_by_tcp_state"));
	assert_null(strstr(t, "ctdash_stat_"));
	assert_non_null(strstr(t, "\nctdash_entries 1500\n"));
	assert_non_null(strstr(t, "\nctdash_part_readable{part=\"dump\"} 0\n"));
	free(t);
}

static void test_all_netns_labels(void **state)
{
	(void)state;
	struct ct_snapshot s;
	fake_snapshot(&s);
	struct ns_info ns[2] = {
		{ .inode = 4026531833u, .initial = true, .count = 1500, .nholders = 1, .pids = { 1 } },
		{ .inode = 4026532200u, .count = 1900, .nholders = 1, .pids = { 42 }, .ndiff = 1 },
	};
	snprintf(ns[1].comm, sizeof ns[1].comm, "nginx \"x\"");
	snprintf(ns[1].container, sizeof ns[1].container, "docker:0123456789ab");
	snprintf(ns[1].diff[0].name, sizeof ns[1].diff[0].name, "nf_conntrack_udp_timeout");
	ns[1].diff[0].value = 10;
	struct ns_table t = { .ns = ns, .n = 2, .max = 2000, .self_inode = 4026531833u, .entered = 2 };
	struct prom_input in = { .snap = &s, .top_n = 10, .namespaces = &t, .snap_netns = "init",
				 .snap_inode = t.self_inode };
	char *text = render(&in);
	check_format(text);
	/* every series carries netns */
	char *copy = strdup(text);
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
		if (line[0] != '#' && !strstr(line, "ctdash_netns_scan_seconds") &&
		    !strstr(line, "ctdash_netns_series_folded"))
			assert_non_null(strstr(line, "netns=\""));
	free(copy);
	assert_non_null(strstr(text, "\nctdash_entries{netns=\"inode:4026532200\"} 1900\n"));
	assert_non_null(strstr(text, "\nctdash_fill_ratio{netns=\"inode:4026532200\"} 0.95\n"));
	assert_non_null(strstr(text, "\nctdash_entries{netns=\"init\"} 1500\n"));
	assert_non_null(strstr(text, "ctdash_timeout_seconds{netns=\"inode:4026532200\",sysctl=\"nf_conntrack_udp_timeout\"} 10\n"));
	assert_non_null(strstr(text, "comm=\"nginx \\\"x\\\"\",container=\"docker:0123456789ab\""));
	assert_non_null(strstr(text, "ctdash_entries_by_tcp_state{netns=\"init\",state=\"TIME_WAIT\"} 1000\n"));
	free(text);
}

/* Label values are written whole: two names of 250 bytes that differ only
 * in their last byte (each byte not UTF-8, so 750 bytes escaped) are two
 * series; and a namespace named "init" or "inode:N" by ip netns cannot
 * take the label ctdash makes up for the host's or an unnamed one. */
static void test_labels_whole_and_apart(void **state)
{
	(void)state;
	struct ct_snapshot s;
	fake_snapshot(&s);
	struct ns_info ns[5] = {
		{ .inode = 4026531833u, .initial = true, .count = 10 },
		{ .inode = 4026532201u, .count = 11 },
		{ .inode = 4026532202u, .count = 12 },
		{ .inode = 4026532203u, .count = 13, .name = "init" },
		{ .inode = 4026532204u, .count = 14, .name = "inode:4026532205" },
	};
	memset(ns[1].name, 0xff, 249);
	memcpy(ns[2].name, ns[1].name, 249);
	ns[1].name[249] = 'a';
	ns[2].name[249] = 'b';
	struct ns_table t = { .ns = ns, .n = 5, .max = 2000, .self_inode = 4026531833u, .entered = 5 };
	struct prom_input in = { .snap = &s, .top_n = 10, .namespaces = &t, .snap_netns = "init",
				 .snap_inode = t.self_inode };
	char *text = render(&in);
	check_format(text);
	char want[1024];
	for (int i = 1; i <= 2; i++) {
		int n = snprintf(want, sizeof want, "\nctdash_entries{netns=\"");
		for (int b = 0; b < 249; b++)
			n += snprintf(want + n, sizeof want - (size_t)n, "\xef\xbf\xbd");
		snprintf(want + n, sizeof want - (size_t)n, "%c\"} %d\n", i == 1 ? 'a' : 'b', 10 + i);
		assert_non_null(strstr(text, want));
	}
	assert_non_null(strstr(text, "\nctdash_entries{netns=\"init\"} 10\n"));
	assert_non_null(strstr(text, "\nctdash_entries{netns=\"/run/netns/init\"} 13\n"));
	assert_non_null(strstr(text, "\nctdash_entries{netns=\"/run/netns/inode:4026532205\"} 14\n"));
	free(text);
}

/* Each namespace's own drop counters, labelled with its workload, beside
 * the snapshot namespace's per-CPU ones (not doubled: that one is left
 * out); past --max-series one netns="other" sum, and the page says how
 * many were folded into it. */
static void test_all_netns_workloads(void **state)
{
	(void)state;
	struct ct_snapshot s;
	fake_snapshot(&s);
	s.stat_present |= 1u << 10 | 1u << 11 /* CTA_STATS_DROP, _EARLY_DROP */;
	s.cpu[0].present |= 1u << 10 | 1u << 11 /* CTA_STATS_DROP, _EARLY_DROP */;
	s.cpu[0].v[10] = 3;
	struct ns_info ns[4] = {
		{ .inode = 100, .initial = true, .count = 10, .st = { .have = true, .drop = 999 } },
		{ .inode = 200, .count = 1900, .st = { .have = true, .drop = 7, .early_drop = 2 } },
		{ .inode = 300, .count = 50, .st = { .have = true, .drop = 5 } },
		{ .inode = 400, .count = 40, .st = { .have = true, .drop = 6 } },
	};
	ns[1].workload.kind = WL_POD;
	snprintf(ns[1].workload.namespace, sizeof ns[1].workload.namespace, "default");
	snprintf(ns[1].workload.name, sizeof ns[1].workload.name, "web \"x\"\\x0a");
	ns[2].workload.kind = WL_DOCKER;
	snprintf(ns[2].workload.container_id, sizeof ns[2].workload.container_id, "0123456789abcdef0123");
	struct ns_table t = { .ns = ns, .n = 4, .max = 2000, .self_inode = 100, .entered = 4 };
	struct prom_input in = { .snap = &s, .top_n = 10, .namespaces = &t, .snap_netns = "init",
				 .snap_inode = 100, .max_series = 2 };
	char *text = render(&in);
	check_format(text);
	assert_non_null(strstr(text, "\nctdash_stat_drop_total{netns=\"init\",cpu=\"0\"} 3\n"));
	assert_null(strstr(text, " 999\n")); /* the snapshot's namespace once, per CPU */
	assert_non_null(strstr(text, "\nctdash_stat_drop_total{netns=\"inode:200\",k8s_namespace=\"default\","
				     "pod=\"web \\\"x\\\"\\\\x0a\",container=\"\"} 7\n"));
	assert_non_null(strstr(text, "\nctdash_stat_early_drop_total{netns=\"inode:200\",k8s_namespace=\"default\","));
	assert_non_null(strstr(text, "\nctdash_stat_drop_total{netns=\"inode:300\",k8s_namespace=\"\",pod=\"\","
				     "container=\"0123456789ab\"} 5\n"));
	assert_non_null(strstr(text, "\nctdash_stat_drop_total{netns=\"other\",k8s_namespace=\"\",pod=\"\",container=\"\"} 6\n"));
	assert_non_null(strstr(text, "\nctdash_netns_series_folded 1\n"));
	assert_non_null(strstr(text, "kind=\"pod\",k8s_namespace=\"default\",pod=\"web"));
	free(text);
	in.max_series = 0; /* all */
	text = render(&in);
	assert_non_null(strstr(text, "\nctdash_stat_drop_total{netns=\"inode:400\","));
	assert_null(strstr(text, "{netns=\"other\""));
	assert_non_null(strstr(text, "\nctdash_netns_series_folded 0\n"));
	free(text);
}

static void test_events(void **state)
{
	(void)state;
	struct ct_snapshot s;
	fake_snapshot(&s);
	struct prom_input in = { .snap = &s, .top_n = 10 };
	char *t = render(&in);
	assert_non_null(strstr(t, "\nctdash_events_active 0\n"));
	assert_null(strstr(t, "ctdash_entries_created_total"));
	free(t);
	s.events.source = CT_SOURCE_EVENTS;
	s.events.new_total = 42;
	s.events.destroy_total = 40;
	s.events.lost = 1;
	s.events.resyncs = 2;
	t = render(&in);
	check_format(t);
	assert_non_null(strstr(t, "\nctdash_events_active 1\n"));
	assert_non_null(strstr(t, "\nctdash_entries_created_total 42\n"));
	assert_non_null(strstr(t, "\nctdash_entries_destroyed_total 40\n"));
	assert_non_null(strstr(t, "\nctdash_events_lost_total 1\n"));
	assert_non_null(strstr(t, "\nctdash_resyncs_total 2\n"));
	free(t);
}

static void test_escape(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(prom_escape(buf, sizeof buf, "a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
	/* cut to the room there is, never mid-escape */
	assert_string_equal(prom_escape(buf, 4, "abcdef"), "abc");
	assert_string_equal(prom_escape(buf, 4, "ab\"c"), "ab");
	/* the format is UTF-8: a byte that is not (a namespace name may hold
	 * any) becomes U+FFFD, well-formed text stays */
	assert_string_equal(prom_escape(buf, sizeof buf, "ctdn-1-\xff"), "ctdn-1-\xef\xbf\xbd");
	assert_string_equal(prom_escape(buf, sizeof buf, "\xc3\xa9t\xc3"), "\xc3\xa9t\xef\xbf\xbd");
	assert_string_equal(prom_escape(buf, sizeof buf, "\xed\xa0\x80"), /* a surrogate */
			    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* and never cut inside a sequence */
	assert_string_equal(prom_escape(buf, 5, "ab\xc3\xa9\xc3\xa9"), "ab\xc3\xa9");
	assert_string_equal(prom_escape(buf, 5, "ab\xff\xff"), "ab");
	/* controls, C0, DEL and C1 (U+009B is CSI), become U+FFFD: a
	 * process name must not set the title of whoever reads the page */
	assert_string_equal(prom_escape(buf, sizeof buf, "\033]0;owned\a"),
			    "\xef\xbf\xbd]0;owned\xef\xbf\xbd");
	assert_string_equal(prom_escape(buf, sizeof buf, "a\tb\x7f\xc2\x9b" "2J\xc2\xa0"),
			    "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "2J\xc2\xa0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_unread_parts_left_out),
		cmocka_unit_test(test_all_netns_labels),
		cmocka_unit_test(test_labels_whole_and_apart),
		cmocka_unit_test(test_all_netns_workloads),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
