/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The clocks (src/base/clock.c): monotonic time moves forward, a sleep
 * lasts at least what was asked even when a signal comes, and no sleep
 * at all for nothing. */
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/clock.h"

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_sleep_lasts(void **state)
{
	(void)state;
	double t0 = mono_ms();
	sleep_ms(30);
	double spent = mono_ms() - t0;
	assert_true(spent >= 30);
	assert_true(spent < 3000);
}

static void test_sleep_through_a_signal(void **state)
{
	(void)state;
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm; /* no SA_RESTART: nanosleep is cut short */
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	struct itimerval it = { .it_value = { .tv_usec = 10000 } };
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
	double t0 = mono_ms();
	sleep_ms(60);
	double spent = mono_ms() - t0;
	assert_int_equal(sigaction(SIGALRM, &old, NULL), 0);
	assert_true(spent >= 60);
}

static void test_nothing_for_nothing(void **state)
{
	(void)state;
	double t0 = mono_ms();
	sleep_ms(0);
	sleep_ms(-5);
	assert_true(mono_ms() - t0 < 20);
	assert_true(real_s() > 1.5e9); /* after 2017: the wall clock, in seconds */
	assert_true(thread_cpu_ms() >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sleep_lasts),
		cmocka_unit_test(test_sleep_through_a_signal),
		cmocka_unit_test(test_nothing_for_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
