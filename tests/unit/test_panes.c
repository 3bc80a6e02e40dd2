/* The panes' rows as built from a snapshot, and their registry
 * (ui/panes.c, ui/countpanes.c). Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/names.h"
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
	panes_free(&ps);
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
	struct cpu_pane *cpu = panes_state(&ps, &cpus_pane);
	panes_update(&ps, &s);
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
	panes_free(&ps);
}

/* Tab visits the panes in the registry's order; each has its state,
 * its list and its words for the status line. */
static void test_registry(void **state)
{
	(void)state;
	static struct panes ps;
	static const char *const names[] = {
		"protocols", "TCP states", "top sources", "per-CPU counters",
	};
	assert_int_equal(panes_init(&ps), 0);
	assert_int_equal(panes_count(), 4);
	assert_int_equal(ps.n, 4);
	assert_ptr_equal(panes_class(1), &tcp_pane);
	assert_ptr_equal(panes_class(3), &cpus_pane);
	assert_null(panes_class(4));
	assert_null(panes_class(-1));
	for (int i = 0; i < panes_count(); i++) {
		assert_string_equal(pane_name(i), names[i]);
		assert_non_null(strstr(panes_class(i)->find, "find "));
		assert_non_null(panes_state(&ps, panes_class(i)));
		assert_non_null(panes_panel(&ps, i));
	}
	assert_ptr_equal(panes_panel(&ps, 1), &((struct count_list *)panes_state(&ps, &tcp_pane))->panel);
	assert_null(panes_panel(&ps, 4));
	assert_string_equal(pane_name(9), "");
	panes_free(&ps);
	assert_int_equal(ps.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_panes_rows),
		cmocka_unit_test(test_selection_follows_row),
		cmocka_unit_test(test_panes_without_dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
