/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The demo's machinery without the dashboard, run by demo_lib.sh (root)
 * inside a namespace it made: the demo's namespace appears under
 * /run/netns, the generator makes flows at a rate that can be raised,
 * lowered and stopped, exit and fatal signals would clean it up, and
 * demo_stop leaves nothing behind. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/clock.h"
#include "demo/demo.h"
#include "demo/demo_signals.h"

static uint64_t made(const struct demo *d)
{
	struct demo_counts c;
	demo_counts(d, &c);
	return c.tcp + c.udp + c.ping;
}

/* The generator counts a kind of flow after its whole batch is made, so
 * the table shows entries before the count does: wait for the count. */
static uint64_t wait_made_above(const struct demo *d, uint64_t floor, long ms)
{
	double end = mono_ms() + ms;
	uint64_t n;
	while ((n = made(d)) <= floor && mono_ms() < end)
		sleep_ms(20);
	return n;
}

static void test_demo_lifecycle(void **state)
{
	(void)state;
	if (geteuid() != 0)
		fail_msg("not root: the demo needs a network namespace (run demo_lib.sh)");
	struct demo d;
	char err[256];
	int ret = demo_start(&d, err, sizeof err);
	if (ret < 0)
		fail_msg("demo_start: %s", err);
	char want[64];
	snprintf(want, sizeof want, "ctdash-demo-%d", (int)getpid());
	assert_string_equal(d.name, want);
	struct stat st;
	assert_int_equal(stat(d.path, &st), 0);
	assert_ptr_equal(demo_signals_live(), &d);
	pid_t gen = d.generator, jan = d.janitor;
	assert_true(gen > 0 && jan > 0);

	/* flows are made, and the table of the demo (we are in it) fills */
	assert_int_equal(demo_rate(&d), DEMO_RATE_DEFAULT);
	int64_t n = demo_wait_for_entries(50, 5000);
	assert_true(n >= 50);
	assert_true(wait_made_above(&d, 49, 5000) >= 50);

	/* the rate steps along its ladder and is clamped */
	assert_int_equal(demo_rate_up(&d), 500);
	assert_int_equal(demo_rate_down(&d), 200);
	assert_int_equal(demo_rate_down(&d), 100);
	assert_int_equal(demo_set_rate(&d, 1000000), DEMO_RATE_MAX);
	assert_int_equal(demo_rate_up(&d), DEMO_RATE_MAX);
	assert_int_equal(demo_set_rate(&d, 0), 0);
	assert_int_equal(demo_rate_down(&d), 0);

	/* at 0 the generator stops making flows */
	sleep_ms(300);
	uint64_t before = made(&d);
	sleep_ms(500);
	assert_int_equal(made(&d), before);
	/* and starts again when raised */
	demo_set_rate(&d, 100);
	assert_true(wait_made_above(&d, before, 5000) > before);

	demo_stop(&d);
	assert_int_equal(stat(d.path, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(demo_signals_live());
	/* both children reaped: no such process any more */
	assert_int_equal(kill(gen, 0), -1);
	assert_int_equal(kill(jan, 0), -1);
	demo_stop(&d); /* idempotent */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_lifecycle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
