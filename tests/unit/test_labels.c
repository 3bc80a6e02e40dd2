/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names the kernel and conntrack(8) use (src/model/labels.c): protocols,
 * TCP states and their timeout sysctls, statistics counters, and what
 * counts as a timeout sysctl (it ends up in a path, so nothing else may). */
#include <netinet/in.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/model.h"
#include "model/labels.h"

static void test_l4_names(void **state)
{
	(void)state;
	assert_string_equal(ct_l4_name(IPPROTO_TCP), "tcp");
	assert_string_equal(ct_l4_name(IPPROTO_UDP), "udp");
	assert_string_equal(ct_l4_name(136), "udplite");
	assert_string_equal(ct_l4_name(IPPROTO_ICMPV6), "icmpv6");
	assert_string_equal(ct_l4_name(IPPROTO_GRE), "gre");
	assert_null(ct_l4_name(50)); /* ESP: no tracker of its own */
	assert_null(ct_l4_name(255));
	/* every protocol always listed has a name */
	assert_true(ct_l4_nlisted >= 8);
	for (unsigned i = 0; i < ct_l4_nlisted; i++)
		assert_non_null(ct_l4_name(ct_l4_listed[i]));
}

static void test_tcp_states(void **state)
{
	(void)state;
	assert_string_equal(ct_tcp_state_name(0), "NONE");
	assert_string_equal(ct_tcp_state_name(CT_TCP_ESTABLISHED), "ESTABLISHED");
	assert_string_equal(ct_tcp_state_name(CT_TCP_TIME_WAIT), "TIME_WAIT");
	assert_null(ct_tcp_state_name(CT_TCP_NSTATES));
	assert_string_equal(ct_tcp_state_sysctl(CT_TCP_TIME_WAIT), "nf_conntrack_tcp_timeout_time_wait");
	assert_string_equal(ct_tcp_state_sysctl(CT_TCP_SYN_SENT), "nf_conntrack_tcp_timeout_syn_sent");
	assert_null(ct_tcp_state_sysctl(0));
	assert_null(ct_tcp_state_sysctl(CT_TCP_NSTATES - 1)); /* SYN_SENT2: no sysctl */
	assert_null(ct_tcp_state_sysctl(CT_TCP_NSTATES));
	/* every sysctl a state names is a timeout sysctl */
	for (unsigned s = 0; s < CT_TCP_NSTATES; s++)
		if (ct_tcp_state_sysctl(s))
			assert_true(is_timeout_sysctl(ct_tcp_state_sysctl(s)));
}

static void test_stat_names(void **state)
{
	(void)state;
	assert_string_equal(ct_stat_name(2), "found");
	assert_string_equal(ct_stat_name(9), "insert_failed");
	assert_string_equal(ct_stat_name(15), "chaintoolong");
	assert_null(ct_stat_name(0));
	assert_null(ct_stat_name(3)); /* no longer sent */
	assert_null(ct_stat_name(16));
	assert_null(ct_stat_name(1000));
}

static void test_timeout_sysctl_names(void **state)
{
	(void)state;
	assert_true(is_timeout_sysctl("nf_conntrack_tcp_timeout_time_wait"));
	assert_true(is_timeout_sysctl("nf_conntrack_frag6_timeout"));
	assert_true(is_timeout_sysctl("nf_conntrack_udp_timeout"));
	assert_false(is_timeout_sysctl("nf_conntrack_max"));
	assert_false(is_timeout_sysctl("nf_conntrack_count"));
	assert_false(is_timeout_sysctl("tcp_timeout_time_wait"));
	assert_false(is_timeout_sysctl("nf_conntrack_tcp_timeout_x/../y"));
	assert_false(is_timeout_sysctl("nf_conntrack_TCP_timeout"));
	assert_false(is_timeout_sysctl("nf_conntrack_tcp_timeout time_wait"));
	char longest[CT_SYSCTL_NAME_MAX + 1];
	memset(longest, 'a', sizeof longest - 1);
	longest[sizeof longest - 1] = '\0';
	memcpy(longest, "nf_conntrack_timeout", 20);
	assert_false(is_timeout_sysctl(longest));          /* one too long */
	longest[CT_SYSCTL_NAME_MAX - 1] = '\0';
	assert_true(is_timeout_sysctl(longest));

	assert_string_equal(sysctl_short_name("nf_conntrack_tcp_timeout_close"), "tcp_timeout_close");
	assert_string_equal(sysctl_short_name("hashsize"), "hashsize");
	assert_string_equal(sysctl_short_name("nf_conntrack_"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l4_names),
		cmocka_unit_test(test_tcp_states),
		cmocka_unit_test(test_stat_names),
		cmocka_unit_test(test_timeout_sysctl_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
