/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the confirmation says (src/write/confirm.c): old and new values,
 * the entries a timeout touches, memory and load after a new max or
 * bucket count, and the command that does the same by hand. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/format.h"
#include "write/confirm.h"
#include "write/tune.h"
#include "tunebox.h"

static void test_confirm_describe(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "web");
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	s.count = 50000;
	s.max = 262144;
	s.buckets = 65536;
	s.entry_size = 256;
	s.entry_size_measured = true;
	s.an.load_factor = 50000.0 / 65536;
	s.tally.tcp[CT_TCP_TIME_WAIT] = 41234;

	struct tune_change c = { .name = TW, .seen = 120, .want = 10 };
	struct confirm_info ci;
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.old_text, "120 (2m)");
	assert_string_equal(ci.new_text, "10 (10s)");
	assert_int_equal(ci.entries, 41234);
	assert_string_equal(ci.entries_what, "TIME_WAIT");
	assert_non_null(strstr(ci.detail, "next packet"));
	/* none left beyond the histogram: nothing said of when they expire */
	assert_null(strstr(ci.detail, "at the latest"));
	/* 120 s left is in the bin [64, 128): the last expires by taken_at + 128 */
	s.taken_at = 1.7e9;
	s.tally.tcp_hist[CT_TCP_TIME_WAIT][7] = 41234;
	confirm_describe(&t, &s, &c, &ci);
	char clock[16], sentence[200];
	snprintf(sentence, sizeof sentence, "The 41,234 TIME_WAIT entries there now keep their "
		 "timers: the last expires by %s at the latest, whatever the new value.",
		 fmt_clock(clock, sizeof clock, 1.7e9 + 128));
	if (!strstr(ci.detail, sentence))
		fail_msg("the detail lacks \"%s\": %s", sentence, ci.detail);
	assert_string_equal(ci.command,
			    "ip netns exec web sysctl -w net.netfilter." TW "=10");

	snprintf(t.ns, sizeof t.ns, "pid:4242");
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.command, "nsenter -t 4242 -n sysctl -w net.netfilter." TW "=10");
	snprintf(t.ns, sizeof t.ns, "it's");
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.command, "ip netns exec 'it'\\''s' sysctl -w net.netfilter." TW "=10");
	t.ns[0] = '\0';
	confirm_describe(&t, &s, &c, &ci);
	assert_string_equal(ci.command, "sysctl -w net.netfilter." TW "=10");

	/* max: memory at the new max from the real entry size, max/buckets */
	struct tune_change m = { .name = "nf_conntrack_max", .seen = 262144, .want = 1048576 };
	confirm_describe(&t, &s, &m, &ci);
	assert_int_equal(ci.memory_after, 1048576ull * 256 + 65536ull * 8);
	assert_true(ci.max_per_bucket == 16.0);
	assert_non_null(strstr(ci.detail, "256 MiB"));
	assert_non_null(strstr(ci.detail, "16.00"));
	assert_string_equal(ci.old_text, "262,144");
	assert_string_equal(ci.new_text, "1,048,576");
	assert_null(strstr(ci.detail, "more entries than that"));
	/* global: the command has no namespace prefix, whatever is read */
	snprintf(t.ns, sizeof t.ns, "web");
	confirm_describe(&t, &s, &m, &ci);
	assert_string_equal(ci.command, "sysctl -w net.netfilter.nf_conntrack_max=1048576");
	t.ns[0] = '\0';
	/* global, and who is near the limit (whatever this host holds) */
	assert_non_null(strstr(ci.detail, "It is global: the limit of every network namespace's "
				 "table, written in the initial namespace."));
	assert_non_null(strstr(ci.detail, "of the limit now"));
	/* a max below the count: said after the rest, one space between */
	struct tune_change low = { .name = "nf_conntrack_max", .seen = 262144, .want = 40000 };
	confirm_describe(&t, &s, &low, &ci);
	assert_non_null(strstr(ci.detail, ". The table already holds more entries than that: new "
				 "flows will be dropped."));

	/* hashsize: λ and memory after */
	struct tune_change h = { .name = "hashsize", .seen = 65536, .want = 262144 };
	confirm_describe(&t, &s, &h, &ci);
	assert_true(ci.lambda_after > 0.1907 && ci.lambda_after < 0.1908);
	assert_true(ci.nonempty_after > 0.1736 && ci.nonempty_after < 0.1737);
	assert_int_equal(ci.memory_after, 262144ull * 256 + 262144ull * 8);
	assert_true(ci.max_per_bucket == 1.0);
	char want[600];
	snprintf(want, sizeof want, "echo 262144 > %s", t.hashsize_path);
	assert_string_equal(ci.command, want);
	tune_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_confirm_describe, tb_setup, tb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
