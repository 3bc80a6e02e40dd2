/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's default timeouts (src/write/timeout_defaults.c): the
 * built-in table, and a fresh namespace's, which must agree with it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/timeout_fresh.h"
#include "model/timeout_defaults.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_defaults),
		cmocka_unit_test(test_fresh_namespace_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
