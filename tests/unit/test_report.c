/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What both reports share (src/cli/report_common.c) and --json's answer
 * when nf_conntrack is not loaded (src/cli/report_json.c): protocol
 * labels, why a part could not be read, and one well-formed JSON line. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cli/report.h"

static void test_l4_label(void **state)
{
	(void)state;
	char buf[8];
	assert_string_equal(l4_label(IPPROTO_TCP, buf, sizeof buf), "tcp");
	assert_string_equal(l4_label(50, buf, sizeof buf), "50");
	assert_string_equal(l4_label(255, buf, sizeof buf), "255");
}

static void test_part_problem(void **state)
{
	(void)state;
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	for (int p = 0; p < CT_PART_COUNT; p++)
		assert_null(part_problem(&s, (enum ct_part)p));
	s.part_err[CT_PART_DUMP] = EPERM;
	assert_non_null(strstr(part_problem(&s, CT_PART_DUMP), "CAP_NET_ADMIN"));
	s.part_err[CT_PART_DUMP] = ENOBUFS;
	assert_non_null(strstr(part_problem(&s, CT_PART_DUMP), "partial"));
	s.part_err[CT_PART_SLAB] = EACCES;
	assert_non_null(strstr(part_problem(&s, CT_PART_SLAB), "root only"));
	/* the cache not listed, and no /proc/slabinfo at all, are two causes */
	s.part_err[CT_PART_SLAB] = ENODATA;
	assert_non_null(strstr(part_problem(&s, CT_PART_SLAB), "no nf_conntrack line"));
	s.part_err[CT_PART_SLAB] = ENOENT;
	assert_non_null(strstr(part_problem(&s, CT_PART_SLAB), "no /proc/slabinfo"));
	s.part_err[CT_PART_SYSCTL] = EIO;
	assert_non_null(part_problem(&s, CT_PART_SYSCTL));
	s.part_err[CT_PART_SYSCTL] = EACCES;
	assert_non_null(strstr(part_problem(&s, CT_PART_SYSCTL), "permission denied"));
}

static void test_json_unloaded(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	report_json_unloaded(f, "nf_conntrack is not \"loaded\"");
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text, "{\"loaded\":false,\"message\":\"nf_conntrack is not \\\"loaded\\\"\"}\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l4_label),
		cmocka_unit_test(test_part_problem),
		cmocka_unit_test(test_json_unloaded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
