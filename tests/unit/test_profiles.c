/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Presets (src/write/profiles.c): the plans they make from the timeouts
 * a snapshot holds and the kernel defaults. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"
#include "write/profiles.h"
#include "model/timeout_defaults.h"

/* A snapshot whose timeouts are the built-in defaults. */
static void defaults_snapshot(struct ct_snapshot *s, const struct timeout_defaults *d)
{
	memset(s, 0, sizeof *s);
	for (unsigned i = 0; i < d->n; i++)
		snap_add_timeout(s, d->v[i].name, d->v[i].value);
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
	snap_add_timeout(&s, "nf_conntrack_icmp_timeout", 10);
	snap_add_timeout(&s, "nf_conntrack_tcp_timeout_time_wait", 120);
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
	snap_add_timeout(&s, "nf_conntrack_future_timeout", 5); /* no known default */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_router_example),
		cmocka_unit_test(test_kernel_defaults_profile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
