/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-CPU counters pane: its columns and its alarms (ui/cpupane.c).
 * Nothing here calls initscr(). */
#include <curses.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/labels.h"
#include "ui/cpupane.h"

static unsigned stat_attr(const char *name)
{
	for (unsigned a = 1; a < CT_STAT_SLOTS; a++)
		if (ct_stat_name(a) && strcmp(ct_stat_name(a), name) == 0)
			return a;
	fail_msg("no counter named %s", name);
	return 0;
}

static void test_cpu_pane(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	struct cpu_pane cp;
	struct ct_cpu_stats cpus[2];
	unsigned drop = stat_attr("drop"), found = stat_attr("found");
	memset(&s, 0, sizeof s);
	memset(cpus, 0, sizeof cpus);
	cpus[0].cpu = 0;
	cpus[1].cpu = 3;
	for (int i = 0; i < 2; i++) {
		cpus[i].present = 1u << drop | 1u << found | 1u << 30;
		cpus[i].v[drop] = 1;
		cpus[i].v[found] = 100;
	}
	s.cpu = cpus;
	s.ncpu = 2;
	s.stat_present = cpus[0].present;
	s.stat_total[drop] = 2;
	s.stat_total[found] = 200;

	unsigned cols[CT_STAT_SLOTS];
	unsigned n = cpu_pane_columns(s.stat_present, cols, CT_STAT_SLOTS);
	assert_int_equal(n, 3);
	assert_int_equal(cols[0], drop);  /* trouble first */
	assert_int_equal(cols[1], found);
	assert_int_equal(cols[2], 30);    /* unknown to this build: kept, by number */

	cpu_pane_init(&cp);
	assert_int_equal(cpu_pane_update(&cp, &s), 0);
	assert_int_equal(cp.panel.nrows, 3); /* the sum and two CPUs */
	assert_int_equal(panel_find(&cp.panel, "cpu3", 0), 2);
	assert_int_equal(panel_find(&cp.panel, "all", 0), 0);
	assert_false(cpu_pane_alarm(&cp, 2, drop)); /* nothing to compare with yet */

	cpus[1].v[drop] = 4;
	cpus[1].v[found] = 500;
	s.stat_total[drop] = 5;
	assert_int_equal(cpu_pane_update(&cp, &s), 0);
	assert_true(cpu_pane_alarm(&cp, 2, drop));    /* cpu3 dropped */
	assert_true(cpu_pane_alarm(&cp, 0, drop));    /* and so did the sum */
	assert_false(cpu_pane_alarm(&cp, 1, drop));   /* cpu0 did not */
	assert_false(cpu_pane_alarm(&cp, 2, found));  /* finding entries is no trouble */
	cpu_pane_free(&cp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_pane),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
