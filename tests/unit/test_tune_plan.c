/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plan container (src/write/tune_plan.c): changes kept in order as
 * the plan grows past its first allocation, names and transaction ids
 * that do not fit refused, a rebase only of a change that exists. */
#include <errno.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "write/tune_plan.h"

static void test_grows_in_order(void **state)
{
	(void)state;
	struct tune_plan p;
	tune_plan_init(&p, "many");
	assert_string_equal(p.title, "many");
	assert_false(p.undo);
	for (unsigned i = 0; i < 100; i++)
		assert_int_equal(tune_plan_add(&p, i % 2 ? "hashsize" : "nf_conntrack_max",
					       i, i + 1, NULL), 0);
	assert_int_equal(p.n, 100);
	assert_true(p.cap >= 100);
	for (unsigned i = 0; i < 100; i++) {
		assert_string_equal(p.c[i].name, i % 2 ? "hashsize" : "nf_conntrack_max");
		assert_int_equal(p.c[i].seen, i);
		assert_int_equal(p.c[i].want, i + 1);
		assert_string_equal(p.c[i].reverts, "");
	}
	tune_plan_free(&p);
	assert_null(p.c);
	assert_int_equal(p.n, 0);
}

static void test_refuses_what_does_not_fit(void **state)
{
	(void)state;
	struct tune_plan p;
	tune_plan_init(&p, NULL);
	assert_string_equal(p.title, "");
	char name[CT_SYSCTL_NAME_MAX + 1];
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	assert_int_equal(tune_plan_add(&p, name, 1, 2, NULL), -EINVAL);
	char tx[JOURNAL_ID_MAX + 1];
	memset(tx, '1', sizeof tx - 1);
	tx[sizeof tx - 1] = '\0';
	assert_int_equal(tune_plan_add(&p, "hashsize", 1, 2, tx), -EINVAL);
	assert_int_equal(p.n, 0);
	/* the longest that fit */
	name[sizeof name - 2] = '\0';
	tx[sizeof tx - 2] = '\0';
	assert_int_equal(tune_plan_add(&p, name, 1, 2, tx), 0);
	assert_string_equal(p.c[0].name, name);
	assert_string_equal(p.c[0].reverts, tx);
	tune_plan_free(&p);
}

static void test_rebase(void **state)
{
	(void)state;
	struct tune_plan p;
	tune_plan_init(&p, "x");
	assert_int_equal(tune_plan_add(&p, "hashsize", 65536, 131072, NULL), 0);
	tune_plan_rebase(&p, 0, 70000);
	assert_int_equal(p.c[0].seen, 70000);
	assert_int_equal(p.c[0].want, 131072);
	tune_plan_rebase(&p, 1, 5); /* no such change: nothing happens */
	assert_int_equal(p.n, 1);
	tune_plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_in_order),
		cmocka_unit_test(test_refuses_what_does_not_fit),
		cmocka_unit_test(test_rebase),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
