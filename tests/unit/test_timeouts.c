/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeouts pane's model (src/model/timeouts.c): the entries each
 * timeout governs, and one row per timeout with its default. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/timeouts.h"
#include "testutil.h"
#include "model/timeout_defaults.h"

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
	snap_add_timeout(&s, "nf_conntrack_icmp_timeout", 30);
	snap_add_timeout(&s, "nf_conntrack_tcp_timeout_time_wait", 10);
	snap_add_timeout(&s, "nf_conntrack_zzz_timeout", 7);
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
		cmocka_unit_test(test_entries_per_timeout),
		cmocka_unit_test(test_timeout_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
