/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the write path may touch (src/write/tune_policy.c): the settings
 * it knows, the values it takes, and the refusals (read-only mode, the
 * global settings outside the initial namespace, a missing setting). */
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

#include "write/tune.h"
#include "tunebox.h"

static void test_validation(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "");
	struct tune_result res;
	assert_int_equal(tb_set1(&t, TW, 120, 0, &res), TUNE_INVALID);
	assert_int_equal(tb_set1(&t, TW, 120, (uint64_t)INT_MAX + 1, &res), TUNE_INVALID);
	assert_int_equal(tb_set1(&t, "nf_conntrack_max", 262144, 0, &res), TUNE_INVALID);
	assert_int_equal(tb_set1(&t, "hashsize", 65536, TUNE_HASHSIZE_LIMIT + 1ull, &res), TUNE_INVALID);
	assert_int_equal(tb_set1(&t, "nf_conntrack_count", 1, 2, &res), TUNE_INVALID);
	assert_int_equal(tb_set1(&t, "../etc/passwd", 1, 2, &res), TUNE_INVALID);
	assert_int_equal(tb_get(TW), 120);
	assert_int_equal(tb_get("nf_conntrack_max"), 262144);
	assert_int_equal(tune_target_of(TW), TUNE_TIMEOUT);
	assert_int_equal(tune_target_of("nf_conntrack_frag6_timeout"), TUNE_TIMEOUT);
	assert_int_equal(tune_target_of("nf_conntrack_max"), TUNE_MAX);
	assert_int_equal(tune_target_of("hashsize"), TUNE_HASHSIZE);
	assert_int_equal(tune_target_of("nf_conntrack_buckets"), TUNE_UNKNOWN);
	assert_int_equal(tune_target_of("nf_conntrack_tcp_timeout_x/../y"), TUNE_UNKNOWN);
	/* the largest values each target takes */
	assert_int_equal(tb_set1(&t, TW, 120, INT_MAX, &res), TUNE_OK);
	assert_int_equal(tb_set1(&t, "hashsize", 65536, TUNE_HASHSIZE_LIMIT, &res), TUNE_OK);
	tune_free(&t);
}

static void test_refusals(void **state)
{
	(void)state;
	struct tune_ctx t;
	tb_ctx(&t, "");
	char why[320];
	struct tune_result res;
	t.read_only = true;
	assert_non_null(tune_writes_refused(&t));
	assert_non_null(strstr(tune_refusal(&t, TW, why, sizeof why), "read-only"));
	assert_int_equal(tb_set1(&t, TW, 120, 10, &res), TUNE_REFUSED);
	assert_non_null(strstr(res.msg, "--read-only"));
	assert_int_equal(tb_get(TW), 120);
	char journal[PATH_MAX];
	snprintf(journal, sizeof journal, "%s/state/journal", tb_dir);
	assert_int_equal(access(journal, F_OK), -1);

	/* a namespace that is not the initial one: the global settings are
	 * refused by name, the per-namespace timeouts are not */
	t.read_only = false;
	t.initial_ns = 0;
	snprintf(t.ns, sizeof t.ns, "web");
	t.ns_named = false; /* as tune_init leaves a label that names nothing here */
	assert_int_equal(tb_set1(&t, "nf_conntrack_max", 262144, 524288, &res), TUNE_REFUSED);
	assert_non_null(strstr(res.msg, "initial network namespace"));
	assert_non_null(strstr(res.msg, "'web'"));
	assert_int_equal(tb_set1(&t, "hashsize", 65536, 131072, &res), TUNE_REFUSED);
	assert_non_null(strstr(res.msg, "initial network namespace"));
	assert_int_equal(tb_get("nf_conntrack_max"), 262144);
	assert_int_equal(tb_get("hashsize"), 65536);
	assert_null(tune_refusal(&t, TW, why, sizeof why));

	/* a setting this kernel does not have */
	assert_non_null(strstr(tune_refusal(&t, "nf_conntrack_dccp_timeout_open", why, sizeof why),
			       "has no"));
	tune_free(&t);
}

/* nf_conntrack_acct: a per-namespace switch, 0 or 1, written outside the
 * initial namespace too, and undone like any change. */
static void test_acct_switch(void **state)
{
	(void)state;
	struct tune_ctx t;
	struct tune_result res;
	char why[320];
	tb_put(TUNE_ACCT_NAME, "0\n");
	tb_ctx(&t, "");
	t.initial_ns = 0;
	assert_int_equal(tune_target_of(TUNE_ACCT_NAME), TUNE_SWITCH);
	assert_int_equal(tune_target_of("nf_conntrack_acct2"), TUNE_UNKNOWN);
	assert_null(tune_validate(TUNE_ACCT_NAME, 0, why, sizeof why));
	assert_null(tune_validate(TUNE_ACCT_NAME, 1, why, sizeof why));
	assert_non_null(strstr(tune_validate(TUNE_ACCT_NAME, 2, why, sizeof why), "0 (off) or 1 (on)"));
	assert_int_equal(tb_set1(&t, TUNE_ACCT_NAME, 0, 2, &res), TUNE_INVALID);
	assert_int_equal(tb_get(TUNE_ACCT_NAME), 0);
	assert_null(tune_refusal(&t, TUNE_ACCT_NAME, why, sizeof why));
	assert_int_equal(tb_set1(&t, TUNE_ACCT_NAME, 0, 1, &res), TUNE_OK);
	assert_int_equal(tb_get(TUNE_ACCT_NAME), 1);
	/* u: back to 0 */
	struct tune_plan p;
	assert_int_equal(tune_plan_undo_last(&t, &p), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.c[0].name, TUNE_ACCT_NAME);
	assert_int_equal(p.c[0].want, 0);
	tb_apply_ok(&t, &p);
	tune_plan_free(&p);
	assert_int_equal(tb_get(TUNE_ACCT_NAME), 0);
	tune_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_validation, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, tb_setup, tb_teardown),
		cmocka_unit_test_setup_teardown(test_acct_switch, tb_setup, tb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
