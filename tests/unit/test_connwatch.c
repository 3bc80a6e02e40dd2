/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The HTTP server's deadlines (src/serve/connwatch.c): a socket is shut
 * down once its exchange passes the limit, not before; an exchange that
 * ended gives the next the whole limit; a socket taken off the watch is
 * never touched; the slots run out; the sweeping thread does it alone. */
#include <poll.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/clock.h"
#include "serve/connwatch.h"

/* Whether the peer of fd's pair has seen the end (a read of 0). */
static bool peer_sees_end(int peer, int wait_ms)
{
	struct pollfd p = { .fd = peer, .events = POLLIN };
	if (poll(&p, 1, wait_ms) <= 0)
		return false;
	char c;
	return read(peer, &c, 1) == 0;
}

static void test_deadline(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	struct connwatch *w = connwatch_new(4, 1000.0, 0);
	assert_non_null(w);
	double t0 = mono_ms();
	struct cw_slot *s = connwatch_add(w, sv[0]);
	assert_non_null(s);
	assert_int_equal(connwatch_sweep(w, t0 + 900.0), 0);
	assert_false(peer_sees_end(sv[1], 0));
	/* the exchange ended: the next has its own second */
	connwatch_restart(w, s);
	double t1 = mono_ms();
	assert_int_equal(connwatch_sweep(w, t1 + 900.0), 0);
	assert_int_equal(connwatch_sweep(w, t1 + 1100.0), 1);
	assert_true(peer_sees_end(sv[1], 1000));
	/* shut once, not again */
	assert_int_equal(connwatch_sweep(w, t1 + 5000.0), 0);
	connwatch_remove(w, s);
	connwatch_free(w);
	close(sv[0]);
	close(sv[1]);
}

static void test_removed_untouched_and_full(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	struct connwatch *w = connwatch_new(2, 1000.0, 0);
	struct cw_slot *a = connwatch_add(w, sv[0]);
	struct cw_slot *b = connwatch_add(w, 12345);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(connwatch_add(w, 12346)); /* two slots */
	connwatch_remove(w, a);
	connwatch_remove(w, b);
	assert_int_equal(connwatch_sweep(w, mono_ms() + 10000.0), 0);
	assert_false(peer_sees_end(sv[1], 0));
	assert_non_null(connwatch_add(w, sv[0])); /* a freed slot is reused */
	connwatch_free(w);
	close(sv[0]);
	close(sv[1]);
}

static void test_thread_sweeps(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	struct connwatch *w = connwatch_new(4, 200.0, 50.0);
	assert_non_null(w);
	struct cw_slot *s = connwatch_add(w, sv[0]);
	double t0 = mono_ms();
	assert_true(peer_sees_end(sv[1], 5000));
	double took = mono_ms() - t0;
	assert_true(took >= 150.0);
	connwatch_remove(w, s);
	connwatch_free(w);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_removed_untouched_and_full),
		cmocka_unit_test(test_thread_sweeps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
