/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The panes' rows as built from a snapshot, and their registry
 * (ui/panes.c, ui/countpanes.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/filter.h"
#include "model/labels.h"
#include "ui/churn.h"
#include "ui/panes.h"

static void tcp_snapshot(struct ct_snapshot *s)
{
	memset(s, 0, sizeof *s);
	s->complete = true;
	s->count = s->tally.entries = 100;
	s->tally.ipv4 = 90;
	s->tally.ipv6 = 10;
	s->tally.l4[IPPROTO_TCP] = 80;
	s->tally.l4[IPPROTO_UDP] = 15;
	s->tally.l4[47] = 5; /* gre */
	s->tally.l4[250] = 0;
	s->tally.tcp[CT_TCP_ESTABLISHED] = 20;
	s->tally.tcp[CT_TCP_TIME_WAIT] = 55;
	s->tally.tcp[CT_TCP_SYN_SENT] = 5;
	s->tally.unreplied = 15;
	snprintf(s->timeouts[0].name, CT_SYSCTL_NAME_MAX, "nf_conntrack_tcp_timeout_established");
	s->timeouts[0].value = 432000;
	snprintf(s->timeouts[1].name, CT_SYSCTL_NAME_MAX, "nf_conntrack_tcp_timeout_time_wait");
	s->timeouts[1].value = 120;
	s->ntimeouts = 2;
	s->ntop = 2;
	s->distinct_sources = 7;
	s->top[0] = (struct ct_source){ .family = AF_INET, .addr = { 10, 0, 0, 1 }, .count = 60 };
	s->top[1] = (struct ct_source){ .family = AF_INET6, .addr = { 0x20, 0x01, 0x0d, 0xb8,
		[15] = 1 }, .count = 10 };
	s->ntop_dst = 2;
	s->distinct_destinations = 4;
	s->top_dst[0] = (struct ct_source){ .family = AF_INET, .addr = { 127, 0, 0, 1 }, .count = 70 };
	s->top_dst[1] = (struct ct_source){ .family = AF_INET6, .addr = { [15] = 1 }, .count = 10 };
	s->ntop_dport = 3;
	s->distinct_dports = 9;
	s->top_dport[0] = (struct ct_port_count){ .proto = IPPROTO_TCP, .port = 443, .count = 50 };
	s->top_dport[1] = (struct ct_port_count){ .proto = IPPROTO_UDP, .port = 53, .count = 15 };
	s->top_dport[2] = (struct ct_port_count){ .proto = 132, .port = 5000, .count = 5 }; /* sctp */
}

static const struct count_row *row_named(const struct count_list *cl, const char *name)
{
	for (int i = 0; i < cl->n; i++)
		if (strcmp(cl->rows[i].name, name) == 0)
			return &cl->rows[i];
	return NULL;
}

static void test_panes_rows(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	static struct panes ps;
	tcp_snapshot(&s);
	assert_int_equal(panes_init(&ps), 0);
	struct count_list *tcp = panes_state(&ps, &tcp_pane);
	struct count_list *protocols = panes_state(&ps, &protocols_pane);
	struct count_list *sources = panes_state(&ps, &sources_pane);
	assert_int_equal(panes_update(&ps, &s), 0);

	/* TCP states: busiest first, each with its timeout */
	assert_string_equal(tcp->rows[0].name, "TIME_WAIT");
	assert_int_equal(tcp->rows[0].count, 55);
	assert_true(tcp->rows[0].share > 0.6874 && tcp->rows[0].share < 0.6876);
	assert_string_equal(tcp->rows[0].extra, "2m");
	assert_string_equal(tcp->rows[1].name, "ESTABLISHED");
	assert_string_equal(tcp->rows[1].extra, "5d");
	assert_string_equal(tcp->rows[2].name, "SYN_SENT");
	assert_string_equal(tcp->rows[2].extra, "-"); /* no sysctl in this snapshot */
	assert_int_equal(tcp->n, CT_TCP_NSTATES - 1); /* every state but NONE */
	assert_null(row_named(tcp, "NONE"));

	/* protocols: L3, L4 (tcp, udp, icmp always; others when present), flags */
	assert_int_equal(row_named(protocols, "ipv4")->count, 90);
	assert_int_equal(row_named(protocols, "ipv6")->count, 10);
	assert_int_equal(row_named(protocols, "gre")->count, 5);
	assert_int_equal(row_named(protocols, "icmp")->count, 0);
	assert_null(row_named(protocols, "proto 250"));
	assert_int_equal(row_named(protocols, "unreplied")->count, 15);
	assert_string_equal(row_named(protocols, "udp")->extra, "L4");

	/* sources: in order, IPv6 written short */
	assert_int_equal(sources->n, 2);
	assert_string_equal(sources->rows[0].name, "10.0.0.1");
	assert_string_equal(sources->rows[1].name, "2001:db8::1");
	assert_non_null(strstr(sources->title, "7 distinct"));

	/* destinations: like sources, share of the whole table */
	struct count_list *dst = panes_state(&ps, &destinations_pane);
	assert_int_equal(dst->n, 2);
	assert_string_equal(dst->rows[0].name, "127.0.0.1");
	assert_int_equal(dst->rows[0].count, 70);
	assert_true(dst->rows[0].share > 0.6999 && dst->rows[0].share < 0.7001);
	assert_string_equal(dst->rows[1].name, "::1");
	assert_string_equal(dst->title, "Top destinations (4 distinct)");

	/* ports: proto/port as conntrack names the protocol */
	struct count_list *ports = panes_state(&ps, &dports_pane);
	assert_int_equal(ports->n, 3);
	assert_string_equal(ports->rows[0].name, "tcp/443");
	assert_int_equal(ports->rows[0].count, 50);
	assert_true(ports->rows[0].share > 0.4999 && ports->rows[0].share < 0.5001);
	assert_string_equal(ports->rows[1].name, "udp/53");
	assert_string_equal(ports->rows[2].name, "sctp/5000");
	assert_string_equal(ports->title, "Top destination ports (9 distinct)");
	panes_free(&ps);
}

/* The filter Enter opens the list with, for the selected row of pane pc;
 * it must parse in the --list language. */
static const char *drilled(struct panes *ps, const struct pane_class *pc, const char *row)
{
	static char filter[CT_LIST_FILTER_MAX];
	int i = 0;
	while (panes_class(i) != pc)
		i++;
	struct panel *p = panes_panel(ps, i);
	panel_set_height(p, 20);
	if (!panel_follow(p, row))
		fail_msg("no row %s in %s", row, pc->name);
	if (!panes_drill(ps, i, filter, sizeof filter))
		return NULL;
	struct ct_filter f;
	struct filter_error err;
	if (filter_parse(filter, strlen(filter), &f, &err) < 0)
		fail_msg("'%s' from %s does not parse: column %zu: %s", filter, row, err.pos + 1, err.msg);
	filter_free(&f);
	return filter;
}

static void test_drill_each_kind(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	static struct panes ps;
	tcp_snapshot(&s);
	assert_int_equal(panes_init(&ps), 0);
	panes_update(&ps, &s);
	assert_string_equal(drilled(&ps, &protocols_pane, "udp"), "proto udp");
	assert_string_equal(drilled(&ps, &protocols_pane, "gre"), "proto gre");
	assert_string_equal(drilled(&ps, &protocols_pane, "ipv6"), "l3 ipv6");
	assert_string_equal(drilled(&ps, &protocols_pane, "unreplied"), "unreplied");
	assert_string_equal(drilled(&ps, &tcp_pane, "TIME_WAIT"), "proto tcp and state TIME_WAIT");
	assert_string_equal(drilled(&ps, &sources_pane, "2001:db8::1"), "src 2001:db8::1");
	assert_string_equal(drilled(&ps, &destinations_pane, "127.0.0.1"), "dst 127.0.0.1");
	assert_string_equal(drilled(&ps, &destinations_pane, "::1"), "dst ::1");
	assert_string_equal(drilled(&ps, &dports_pane, "tcp/443"), "proto tcp and dport 443");
	assert_string_equal(drilled(&ps, &dports_pane, "sctp/5000"), "proto sctp and dport 5000");
	/* no row: nothing to list */
	s.ntop_dport = 0;
	panes_update(&ps, &s);
	char filter[64];
	assert_false(panes_drill(&ps, 4, filter, sizeof filter));
	panes_free(&ps);
}

static void test_drill_filter_text(void **state)
{
	(void)state;
	char f[32];
	assert_true(drill_filter_port("udp/53", f, sizeof f));
	assert_string_equal(f, "proto udp and dport 53");
	assert_true(drill_filter_port("132/9", f, sizeof f));   /* a protocol without a name */
	assert_string_equal(f, "proto 132 and dport 9");
	assert_false(drill_filter_port("udp", f, sizeof f));
	assert_false(drill_filter_port("/53", f, sizeof f));
	assert_false(drill_filter_port("udp/", f, sizeof f));
	assert_false(drill_filter_port("udp/5x", f, sizeof f));
	assert_true(drill_filter_addr("dst", "10.1.2.3", f, sizeof f));
	assert_string_equal(f, "dst 10.1.2.3");
	assert_false(drill_filter_addr("dst", "", f, sizeof f));
	/* cut would list other entries: refused */
	assert_false(drill_filter_addr("dst", "2001:db8:1234:5678:9abc:def0:1:2", f, 16));
	assert_false(drill_filter_port("udplite/65535", f, 16));
}

/* The churn view's rows ("src A", "dst A", "dport tcp/80") drill too. */
static void test_drill_churn(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	void *cv = calloc(1, churn_view.size);
	assert_non_null(cv);
	churn_view.init(cv);
	char f[64];
	assert_false(churn_view_drill(cv, f, sizeof f));   /* no rows yet */
	memset(&s, 0, sizeof s);
	s.events.source = CT_SOURCE_EVENTS;
	s.n_new_src = s.n_new_dst = s.n_new_dport = 1;
	s.top_new_src[0] = (struct ct_churn){ .family = AF_INET, .addr = { 127, 0, 0, 4 }, .per_s_10 = 9 };
	s.top_new_dst[0] = (struct ct_churn){ .family = AF_INET6, .addr = { [15] = 1 }, .per_s_10 = 8 };
	s.top_new_dport[0] = (struct ct_churn){ .proto = IPPROTO_UDP, .port = 53, .per_s_10 = 7 };
	struct view_ctx c = { .snap = &s };
	churn_view.update(cv, &c);
	struct panel *p = churn_view.panel(cv);
	panel_set_height(p, 10);
	static const char *const want[][2] = {
		{ "src 127.0.0.4", "src 127.0.0.4" },
		{ "dst ::1", "dst ::1" },
		{ "dport udp/53", "proto udp and dport 53" },
	};
	for (int i = 0; i < 3; i++) {
		assert_true(panel_follow(p, want[i][0]));
		assert_true(churn_view_drill(cv, f, sizeof f));
		assert_string_equal(f, want[i][1]);
	}
	churn_view.free(cv);
	free(cv);
}

static void test_selection_follows_row(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	static struct panes ps;
	tcp_snapshot(&s);
	assert_int_equal(panes_init(&ps), 0);
	struct count_list *tcp = panes_state(&ps, &tcp_pane);
	panes_update(&ps, &s);
	panel_set_height(&tcp->panel, 5);
	assert_true(panel_follow(&tcp->panel, "ESTABLISHED"));
	assert_int_equal(tcp->panel.sel, 1);
	/* ESTABLISHED becomes the busiest: the selection moves with it */
	s.tally.tcp[CT_TCP_ESTABLISHED] = 70;
	panes_update(&ps, &s);
	assert_string_equal(tcp->rows[0].name, "ESTABLISHED");
	assert_int_equal(tcp->panel.sel, 0);
	panes_free(&ps);
}

static void test_panes_without_dump(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	static struct panes ps;
	tcp_snapshot(&s);
	memset(&s.tally, 0, sizeof s.tally);
	s.ntop = 0;
	s.complete = false;
	s.part_err[CT_PART_DUMP] = EPERM;
	s.part_err[CT_PART_STATS] = EPERM;
	assert_int_equal(panes_init(&ps), 0);
	struct count_list *tcp = panes_state(&ps, &tcp_pane);
	struct count_list *protocols = panes_state(&ps, &protocols_pane);
	struct count_list *sources = panes_state(&ps, &sources_pane);
	struct count_list *dst = panes_state(&ps, &destinations_pane);
	struct count_list *ports = panes_state(&ps, &dports_pane);
	struct cpu_pane *cpu = panes_state(&ps, &cpus_pane);
	panes_update(&ps, &s);
	assert_int_equal(dst->n, 0);
	assert_int_equal(ports->n, 0);
	assert_string_equal(dst->title, "Top destinations");
	assert_string_equal(ports->title, "Top destination ports");
	assert_non_null(strstr(ports->empty, "CAP_NET_ADMIN"));
	assert_int_equal(tcp->n, 0);
	assert_int_equal(protocols->n, 0);
	assert_int_equal(sources->n, 0);
	assert_non_null(strstr(tcp->empty, "CAP_NET_ADMIN"));
	assert_non_null(strstr(cpu->empty, "CAP_NET_ADMIN"));
	assert_int_equal(cpu->panel.nrows, 0);
	/* nothing was read, so nothing is marked partial: the pane says why */
	assert_null(strstr(tcp->title, "partial"));
	assert_string_equal(sources->title, "Top sources");

	/* a dump that stopped half way marks its figures */
	tcp_snapshot(&s);
	s.complete = false;
	s.part_err[CT_PART_DUMP] = EINTR;
	panes_update(&ps, &s);
	assert_int_equal(tcp->n, CT_TCP_NSTATES - 1);
	assert_non_null(strstr(tcp->title, "(partial)"));
	assert_non_null(strstr(protocols->title, "(partial)"));
	assert_non_null(strstr(sources->title, "(partial)"));
	assert_non_null(strstr(dst->title, "(partial)"));
	assert_non_null(strstr(ports->title, "(partial)"));
	panes_free(&ps);
}

/* Tab visits the panes in the registry's order; each has its state,
 * its list and its words for the status line. */
static void test_registry(void **state)
{
	(void)state;
	static struct panes ps;
	static const char *const names[] = {
		"protocols", "TCP states", "top sources", "top destinations", "top destination ports",
		"per-CPU counters",
	};
	assert_int_equal(panes_init(&ps), 0);
	assert_int_equal(panes_count(), 6);
	assert_int_equal(ps.n, 6);
	assert_ptr_equal(panes_class(1), &tcp_pane);
	assert_ptr_equal(panes_class(3), &destinations_pane);
	assert_ptr_equal(panes_class(5), &cpus_pane);
	assert_null(panes_class(6));
	assert_null(panes_class(-1));
	for (int i = 0; i < panes_count(); i++) {
		assert_string_equal(pane_name(i), names[i]);
		assert_non_null(strstr(panes_class(i)->find, "find "));
		assert_non_null(panes_state(&ps, panes_class(i)));
		assert_non_null(panes_panel(&ps, i));
	}
	assert_ptr_equal(panes_panel(&ps, 1), &((struct count_list *)panes_state(&ps, &tcp_pane))->panel);
	assert_null(panes_panel(&ps, 6));
	assert_string_equal(pane_name(9), "");
	panes_free(&ps);
	assert_int_equal(ps.n, 0);
}

/* Sources, destinations and ports take turns in one place on a narrow
 * terminal: the one last focused shows; wide, each has its own. */
static void test_turns(void **state)
{
	(void)state;
	static struct panes ps;
	struct layout l;
	assert_int_equal(panes_init(&ps), 0);
	assert_int_equal(ps.turn, 2);   /* top sources first */
	panes_layout(&ps, 24, 80, &l);
	assert_int_equal(l.turns.first, 2);
	assert_int_equal(l.turns.n, 3);
	assert_memory_equal(&l.panes[2], &l.panes[3], sizeof l.panes[2]);
	assert_memory_equal(&l.panes[2], &l.panes[4], sizeof l.panes[2]);
	panes_layout(&ps, 45, 160, &l);
	assert_int_equal(l.turns.n, 0);
	/* the address panes side by side in the lower row */
	assert_int_equal(l.panes[2].y, l.panes[4].y);
	assert_true(l.panes[2].x < l.panes[3].x && l.panes[3].x < l.panes[4].x);
	assert_true(l.panes[2].y > l.panes[0].y);
	assert_int_equal(l.panes[5].y, l.panes[0].y);
	panes_free(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_panes_rows),
		cmocka_unit_test(test_selection_follows_row),
		cmocka_unit_test(test_panes_without_dump),
		cmocka_unit_test(test_drill_each_kind),
		cmocka_unit_test(test_drill_filter_text),
		cmocka_unit_test(test_drill_churn),
		cmocka_unit_test(test_turns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
