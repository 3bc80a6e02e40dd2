/* Presets, the timeouts pane model (defaults, entries per timeout) and
 * the kernel defaults, built-in and read from a fresh namespace. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "write/profiles.h"
#include "write/timeout_defaults.h"
#include "model/timeouts.h"

static void add_timeout(struct ct_snapshot *s, const char *name, long v)
{
	snprintf(s->timeouts[s->ntimeouts].name, CT_SYSCTL_NAME_MAX, "%s", name);
	s->timeouts[s->ntimeouts++].value = v;
}

/* A snapshot whose timeouts are the built-in defaults. */
static void defaults_snapshot(struct ct_snapshot *s, const struct timeout_defaults *d)
{
	memset(s, 0, sizeof *s);
	for (unsigned i = 0; i < d->n; i++)
		add_timeout(s, d->v[i].name, d->v[i].value);
}

static const struct tune_change *find(const struct tune_plan *p, const char *name)
{
	for (unsigned i = 0; i < p->n; i++)
		if (strcmp(p->c[i].name, name) == 0)
			return &p->c[i];
	return NULL;
}

static void test_router_example(void **state)
{
	(void)state;
	const struct profile *p = profile_find("router-example");
	assert_non_null(p);
	assert_non_null(p->warning);
	assert_non_null(strstr(p->warning, "Adapt"));
	struct timeout_defaults d;
	timeout_defaults_builtin(&d);
	struct ct_snapshot s;
	defaults_snapshot(&s, &d);

	struct tune_plan plan;
	unsigned missing = 99;
	assert_int_equal(profile_plan(p, &s, &d, &plan, &missing), 8);
	assert_int_equal(missing, 0);
	assert_false(plan.undo);
	static const struct { const char *name; uint64_t from, to; } want[] = {
		{ "nf_conntrack_icmp_timeout", 30, 10 },
		{ "nf_conntrack_tcp_timeout_syn_recv", 60, 5 },
		{ "nf_conntrack_tcp_timeout_syn_sent", 120, 5 },
		{ "nf_conntrack_tcp_timeout_established", 432000, 600 },
		{ "nf_conntrack_tcp_timeout_fin_wait", 120, 10 },
		{ "nf_conntrack_tcp_timeout_time_wait", 120, 10 },
		{ "nf_conntrack_tcp_timeout_close_wait", 60, 10 },
		{ "nf_conntrack_tcp_timeout_last_ack", 30, 10 },
	};
	for (unsigned i = 0; i < 8; i++) {
		const struct tune_change *c = find(&plan, want[i].name);
		if (!c)
			fail_msg("%s missing from the plan", want[i].name);
		assert_int_equal(c->seen, want[i].from);
		assert_int_equal(c->want, want[i].to);
	}
	tune_plan_free(&plan);

	/* already there: left out; not on this kernel: counted */
	memset(&s, 0, sizeof s);
	add_timeout(&s, "nf_conntrack_icmp_timeout", 10);
	add_timeout(&s, "nf_conntrack_tcp_timeout_time_wait", 120);
	assert_int_equal(profile_plan(p, &s, &d, &plan, &missing), 1);
	assert_int_equal(missing, 6);
	assert_string_equal(plan.c[0].name, "nf_conntrack_tcp_timeout_time_wait");
	tune_plan_free(&plan);
}

static void test_kernel_defaults_profile(void **state)
{
	(void)state;
	const struct profile *p = profile_find("kernel-defaults");
	assert_non_null(p);
	struct timeout_defaults d;
	timeout_defaults_builtin(&d);
	struct ct_snapshot s;
	defaults_snapshot(&s, &d);
	struct tune_plan plan;
	assert_int_equal(profile_plan(p, &s, &d, &plan, NULL), 0);
	tune_plan_free(&plan);
	/* two changed ones come back, nothing else is touched */
	for (unsigned i = 0; i < s.ntimeouts; i++) {
		if (strcmp(s.timeouts[i].name, "nf_conntrack_tcp_timeout_time_wait") == 0)
			s.timeouts[i].value = 10;
		if (strcmp(s.timeouts[i].name, "nf_conntrack_udp_timeout_stream") == 0)
			s.timeouts[i].value = 9999;
	}
	add_timeout(&s, "nf_conntrack_future_timeout", 5); /* no known default */
	assert_int_equal(profile_plan(p, &s, &d, &plan, NULL), 2);
	const struct tune_change *c = find(&plan, "nf_conntrack_tcp_timeout_time_wait");
	assert_non_null(c);
	assert_int_equal(c->seen, 10);
	assert_int_equal(c->want, 120);
	c = find(&plan, "nf_conntrack_udp_timeout_stream");
	assert_non_null(c);
	assert_int_equal(c->want, 120);
	tune_plan_free(&plan);
	assert_null(profile_find("nonsense"));
	unsigned n;
	assert_true(profiles_list(&n) != NULL && n >= 2);
}

static void test_builtin_defaults(void **state)
{
	(void)state;
	struct timeout_defaults d;
	timeout_defaults_builtin(&d);
	assert_int_equal(d.source, TD_BUILTIN);
	for (unsigned i = 1; i < d.n; i++)
		assert_true(strcmp(d.v[i - 1].name, d.v[i].name) < 0);
	/* the defaults the notes list */
	assert_int_equal(timeout_default(&d, "nf_conntrack_tcp_timeout_established"), 432000);
	assert_int_equal(timeout_default(&d, "nf_conntrack_tcp_timeout_syn_recv"), 60);
	assert_int_equal(timeout_default(&d, "nf_conntrack_tcp_timeout_syn_sent"), 120);
	assert_int_equal(timeout_default(&d, "nf_conntrack_tcp_timeout_fin_wait"), 120);
	assert_int_equal(timeout_default(&d, "nf_conntrack_icmp_timeout"), 30);
	assert_int_equal(timeout_default(&d, "nf_conntrack_tcp_timeout_time_wait"), 120);
	assert_int_equal(timeout_default(&d, "nf_conntrack_tcp_timeout_close_wait"), 60);
	assert_int_equal(timeout_default(&d, "nf_conntrack_tcp_timeout_last_ack"), 30);
	assert_int_equal(timeout_default(&d, "nf_conntrack_udp_timeout"), 30);
	assert_int_equal(timeout_default(&d, "nf_conntrack_udp_timeout_stream"), 120);
	assert_int_equal(timeout_default(&d, "nf_conntrack_nonexistent_timeout"), -1);
}

/* A new namespace starts at the kernel's defaults whatever this one was
 * set to: what it reports must agree with the built-in table. */
static void test_fresh_namespace_defaults(void **state)
{
	(void)state;
	struct ct_timeout fresh[CT_TIMEOUT_MAX];
	int n = timeout_defaults_from_fresh_netns(fresh, CT_TIMEOUT_MAX);
	if (n == -EPERM || (n < 0 && geteuid() != 0)) {
		print_message("not root: no namespace to read defaults from\n");
		skip();
	}
	if (n == -ENOENT) {
		print_message("nf_conntrack is not loaded\n");
		skip();
	}
	assert_true(n > 0);
	struct timeout_defaults builtin;
	timeout_defaults_builtin(&builtin);
	bool saw_time_wait = false;
	for (int i = 0; i < n; i++) {
		long want = timeout_default(&builtin, fresh[i].name);
		if (want < 0)
			fail_msg("%s (%ld in a fresh namespace) is missing from the built-in table",
				 fresh[i].name, fresh[i].value);
		if (want != fresh[i].value)
			fail_msg("%s: built-in %ld, this kernel's default %ld", fresh[i].name, want,
				 fresh[i].value);
		saw_time_wait |= strcmp(fresh[i].name, "nf_conntrack_tcp_timeout_time_wait") == 0;
	}
	assert_true(saw_time_wait);
	struct timeout_defaults d;
	timeout_defaults_load(&d);
	assert_int_equal(d.source, TD_FRESH_NETNS);
	assert_int_equal(d.n, (unsigned)n);
}

static void test_entries_per_timeout(void **state)
{
	(void)state;
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	s.tally.tcp[CT_TCP_TIME_WAIT] = 900;
	s.tally.tcp[CT_TCP_ESTABLISHED] = 40;
	s.tally.tcp[CT_TCP_SYN_SENT] = 3;
	s.tally.l4[IPPROTO_TCP] = 943;
	s.tally.l4[IPPROTO_UDP] = 70;
	s.tally.l4[IPPROTO_ICMP] = 5;
	s.tally.l4[IPPROTO_ICMPV6] = 6;
	s.tally.l4[IPPROTO_SCTP] = 2;
	s.tally.l4[IPPROTO_GRE] = 4;
	s.tally.l4[50] = 7; /* ESP: no tracker of its own */
	s.tally.l4[41] = 1; /* IPv6-in-IPv4 */
	const char *what;
	assert_int_equal(timeout_entries(&s, "nf_conntrack_tcp_timeout_time_wait", &what), 900);
	assert_string_equal(what, "TIME_WAIT");
	assert_int_equal(timeout_entries(&s, "nf_conntrack_tcp_timeout_established", &what), 40);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_tcp_timeout_syn_sent", &what), 3);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_tcp_timeout_close", &what), 0);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_tcp_timeout_max_retrans", &what), -1);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_udp_timeout", &what), 70);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_udp_timeout_stream", &what), 70);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_icmp_timeout", &what), 5);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_icmpv6_timeout", &what), 6);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_sctp_timeout_established", &what), 2);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_gre_timeout_stream", &what), 4);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_generic_timeout", &what), 8);
	assert_int_equal(timeout_entries(&s, "nf_conntrack_frag6_timeout", &what), -1);
	s.part_err[CT_PART_DUMP] = EPERM;
	assert_int_equal(timeout_entries(&s, "nf_conntrack_tcp_timeout_time_wait", &what), -1);
	assert_non_null(strstr(what, "not read"));
}

static void test_timeout_rows(void **state)
{
	(void)state;
	struct timeout_defaults d;
	timeout_defaults_builtin(&d);
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	add_timeout(&s, "nf_conntrack_icmp_timeout", 30);
	add_timeout(&s, "nf_conntrack_tcp_timeout_time_wait", 10);
	add_timeout(&s, "nf_conntrack_zzz_timeout", 7);
	s.tally.tcp[CT_TCP_TIME_WAIT] = 12;
	struct timeout_row rows[8];
	assert_int_equal(timeout_rows(&s, &d, rows, 8), 3);
	assert_string_equal(rows[0].name, "nf_conntrack_icmp_timeout");
	assert_int_equal(rows[0].def, 30);
	assert_false(rows[0].differs);
	assert_int_equal(rows[1].value, 10);
	assert_int_equal(rows[1].def, 120);
	assert_true(rows[1].differs);
	assert_int_equal(rows[1].entries, 12);
	assert_int_equal(rows[2].def, -1);
	assert_false(rows[2].differs);
	assert_int_equal(timeout_rows(&s, &d, rows, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_router_example),
		cmocka_unit_test(test_kernel_defaults_profile),
		cmocka_unit_test(test_builtin_defaults),
		cmocka_unit_test(test_fresh_namespace_defaults),
		cmocka_unit_test(test_entries_per_timeout),
		cmocka_unit_test(test_timeout_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
