/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's part of an event message, from the host's busy time in
 * the sampling windows in and out (model/kshare.h), and the /proc/stat
 * line it is read from (collect/hostbusy.h). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "collect/hostbusy.h"
#include "model/cost.h"
#include "model/kshare.h"

static void assert_close(double got, double want)
{
	if (fabs(got - want) > 1e-6)
		fail_msg("%.15g, expected %.15g", got, want);
}

/* seconds of sampling 1 in k: each second 1/k in (the host busy
 * base + extra cores) and the rest out (base), rate messages a second */
static void run(struct kshare *k, unsigned seconds, unsigned one_in, double base, double extra,
		double rate, double *t, double *busy, uint64_t *msgs)
{
	double in = 1.0 / one_in;
	for (unsigned i = 0; i < seconds; i++) {
		kshare_toggle(k, true, *t, *busy, *msgs);
		*t += in;
		*busy += (base + extra) * in;
		*msgs += (uint64_t)(rate * in);
		kshare_toggle(k, false, *t, *busy, *msgs);
		*t += 1 - in;
		*busy += base * (1 - in);
	}
}

static void test_measures_the_kernel(void **state)
{
	(void)state;
	struct kshare k = { 0 };
	bool measured;
	double t = 100, busy = 5000;
	uint64_t msgs = 0;
	/* 50k NEW/s heard a tenth of each second, the kernel 2.5 us each:
	 * 0.125 of a core more while in, over a host 0.3 busy */
	run(&k, 40, 10, 0.3, 50000 * 2.5e-6, 50000, &t, &busy, &msgs);
	assert_close(kshare_us(&k, COST_EVENT_KERNEL_US, 2, &measured), 2.5);
	assert_true(measured);
}

static void test_prior_until_enough(void **state)
{
	(void)state;
	struct kshare k = { 0 };
	bool measured = true;
	double t = 0, busy = 0;
	uint64_t msgs = 0;
	assert_close(kshare_us(&k, 2.0, 2, &measured), 2.0);
	assert_false(measured);
	/* 1 in 10 for 20 s: 2 s in, under KSHARE_MIN_S */
	run(&k, 20, 10, 0.2, 0.1, 50000, &t, &busy, &msgs);
	assert_close(kshare_us(&k, 2.0, 2, &measured), 2.0);
	assert_false(measured);
	/* few messages however long: 1k/s, 1 in 2 */
	struct kshare q = { 0 };
	t = busy = 0;
	msgs = 0;
	run(&q, 30, 2, 0.2, 0.001, 1000, &t, &busy, &msgs);
	assert_close(kshare_us(&q, 2.0, 2, &measured), 2.0);
	assert_false(measured);
}

static void test_saturated_host(void **state)
{
	(void)state;
	struct kshare k = { 0 };
	bool measured = true;
	double t = 0, busy = 0;
	uint64_t msgs = 0;
	/* 2 CPUs busy 1.9 out and no more in: the host had no room to show
	 * the kernel's work, which is not nothing */
	run(&k, 40, 10, 1.9, 0.0, 50000, &t, &busy, &msgs);
	assert_close(kshare_us(&k, 2.0, 2, &measured), 2.0);
	assert_false(measured);
	/* the same busy time on 4 CPUs is not saturated: measured (the floor) */
	assert_close(kshare_us(&k, 2.0, 4, &measured), KSHARE_MIN_US);
	assert_true(measured);
	/* CPUs unknown: no such test */
	assert_close(kshare_us(&k, 2.0, 0, &measured), KSHARE_MIN_US);
	assert_true(measured);
}

static void test_clamped(void **state)
{
	(void)state;
	bool measured;
	double t = 0, busy = 0;
	uint64_t msgs = 0;
	/* other load fell while in: no negative cost, the floor */
	struct kshare k = { 0 };
	run(&k, 40, 5, 0.5, -0.2, 20000, &t, &busy, &msgs);
	assert_close(kshare_us(&k, 2.0, 2, &measured), KSHARE_MIN_US);
	assert_true(measured);
	/* a neighbour in step with the windows: the ceiling */
	struct kshare h = { 0 };
	t = busy = 0;
	msgs = 0;
	run(&h, 40, 5, 0.2, 1.5, 20000, &t, &busy, &msgs);
	assert_close(kshare_us(&h, 2.0, 2, &measured), KSHARE_MAX_US);
}

static void test_unknown_and_stopped(void **state)
{
	(void)state;
	struct kshare k = { 0 };
	bool measured;
	/* unreadable busy time: nothing counted across it */
	kshare_toggle(&k, true, 0, 10, 0);
	kshare_toggle(&k, false, 1, NAN, 500000);
	kshare_toggle(&k, true, 2, 11, 500000);
	assert_true(k.open_s == 0 && k.closed_s == 0 && k.msgs == 0);
	/* one second in, counted */
	kshare_toggle(&k, false, 3, 12, 500000);
	assert_close(k.open_s, 1);
	/* stopped (every event heard): the time until the next start is
	 * not a window, in or out */
	kshare_stop(&k);
	kshare_toggle(&k, true, 300, 900, 9000000);
	assert_true(k.closed_s == 0 && k.msgs == 0);
	/* a counter that went back is not counted */
	kshare_toggle(&k, false, 301, 800, 9000000);
	assert_close(k.open_s, 1);
	assert_close(kshare_us(&k, 2.0, 2, &measured), 2.0);
}

static void test_parse(void **state)
{
	(void)state;
	const char good[] = "cpu  100 5 50 9000 7 3 2 11 0 0\ncpu0 50 2 25 4500 3 1 1 5 0 0\n";
	uint64_t busy = 0;
	assert_int_equal(hostbusy_parse(good, strlen(good), &busy), 0);
	/* user, nice, system, irq, softirq; not idle, iowait, steal */
	assert_true(busy == 100 + 5 + 50 + 3 + 2);
	const char *bad[] = {
		"cpu0 1 2 3 4 5 6 7\n",              /* not the total */
		"cpu  1 2 3 4 5 6\n",                /* short */
		"cpu  1 2 3 x 5 6 7\n",              /* not a number */
		"cpu  1 2 3 4 5 6\n7 8\n",           /* the line ends first */
		"cpu  99999999999999999999 0 0 0 0 0 0\n", /* overflows */
		"cpu  18446744073709551615 1 0 0 0 0 0\n", /* the sum overflows */
		"",
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		busy = 7;
		if (hostbusy_parse(bad[i], strlen(bad[i]), &busy) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
		assert_true(busy == 7);
	}
	/* the real file on this host, if any */
	double s = hostbusy_others_s();
	assert_true(isnan(s) || s > -1e6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_measures_the_kernel),
		cmocka_unit_test(test_prior_until_enough),
		cmocka_unit_test(test_saturated_host),
		cmocka_unit_test(test_clamped),
		cmocka_unit_test(test_unknown_and_stopped),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
