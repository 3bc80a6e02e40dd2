/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/net/stat/nf_conntrack as this kernel (6.18) writes it: the
 * header read by name, each CPU's hex row summed under the ctnetlink
 * attribute the rest of ctdash reads (drop, early_drop, ...), and text
 * that is not that file refused. */
#include <errno.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/procstat.h"
#include "model/advice.h"

/* the header as read on this VM; the rows of a namespace that dropped */
static const char two_cpus[] =
	"entries  clashres found new invalid ignore delete chainlength insert insert_failed drop "
	"early_drop icmp_error  expect_new expect_create expect_delete search_restart\n"
	"00000bb8  00000002 0000001f 00000000 00000007 00000000 00000000 00000000 00000a10 "
	"00000001 000004d2 0000000a 00000000  00000000 00000000 00000000 00000003\n"
	"00000bb8  00000000 00000010 00000000 00000001 00000000 00000000 00000001 000001a8 "
	"00000000 0000ffff 00000000 00000002  00000000 00000000 00000000 00000000\n";

static void test_two_cpus(void **state)
{
	(void)state;
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	assert_int_equal(ct_parse_proc_stats(two_cpus, strlen(two_cpus), &s), 0);
	assert_int_equal(s.ncpu, 2);
	assert_int_equal(s.stat_total[CTA_STATS_DROP], 0x4d2 + 0xffff);
	assert_int_equal(s.stat_total[CTA_STATS_EARLY_DROP], 10);
	assert_int_equal(s.stat_total[CTA_STATS_INSERT_FAILED], 1);
	assert_int_equal(s.stat_total[CTA_STATS_INSERT], 0xa10 + 0x1a8);
	assert_int_equal(s.stat_total[CTA_STATS_SEARCH_RESTART], 3);
	assert_int_equal(s.stat_total[CTA_STATS_CHAIN_TOOLONG], 1);
	assert_int_equal(s.stat_total[CTA_STATS_ERROR], 2);
	assert_int_equal(s.cpu[1].v[CTA_STATS_DROP], 0xffff);
	/* "entries" is no counter of a CPU: not taken for one */
	assert_int_equal(s.stat_total[CTA_STATS_SEARCHED], 0);
	/* the advice reads them as it reads ctnetlink's */
	uint64_t v;
	assert_true(advice_counter_value(&s, AC_DROP, &v));
	assert_int_equal(v, 0x4d2 + 0xffff);
	assert_true(advice_counter_value(&s, AC_EARLY_DROP, &v));
	assert_int_equal(v, 10);
	free(s.cpu);
}

static void refused(const char *text)
{
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	if (ct_parse_proc_stats(text, strlen(text), &s) != -EINVAL)
		fail_msg("accepted: %s", text);
	free(s.cpu);
}

static void test_not_that_file(void **state)
{
	(void)state;
	refused("");
	refused("entries drop\n");                       /* no row */
	refused("cpu user nice\n1 2 3\n");              /* no column it knows */
	refused("entries drop\n00000001\n");            /* a short row */
	refused("entries drop\n00000001 00000002 3\n"); /* a long row */
	refused("entries drop\n00000001 0000zz02\n");   /* not hex */
	refused("entries drop\n00000001 11112222333344445\n"); /* past 64 bits */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_cpus),
		cmocka_unit_test(test_not_that_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
