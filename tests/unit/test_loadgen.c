/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The load generator's safety rule: only loopback addresses, checked by
 * the parser and again by every call, before any socket is made. Nothing
 * here sends a packet: every call below must fail before it could. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "demo/loadgen.h"

static struct lg_addr addr(const char *text)
{
	struct lg_addr a = { 0 };
	if (inet_pton(AF_INET, text, &a.v4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, text, &a.v6) == 1)
		a.family = AF_INET6;
	else
		fail_msg("test address %s does not parse", text);
	return a;
}

static void test_parse_accepts_loopback(void **state)
{
	static const struct { const char *text; int family; } ok[] = {
		{ "127.0.0.1", AF_INET }, { "127.0.0.0", AF_INET },
		{ "127.255.255.255", AF_INET }, { "127.1.2.3", AF_INET },
		{ "::1", AF_INET6 }, { "0:0:0:0:0:0:0:1", AF_INET6 },
	};
	(void)state;
	for (unsigned i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct lg_addr a;
		char buf[INET6_ADDRSTRLEN];
		assert_int_equal(lg_addr_parse(ok[i].text, &a), 0);
		assert_int_equal(a.family, ok[i].family);
		assert_true(lg_addr_is_loopback(&a));
		lg_addr_str(&a, buf, sizeof buf);
		assert_int_equal(lg_addr_parse(buf, &a), 0);
	}
}

static void test_parse_refuses_other_addresses(void **state)
{
	static const char *const refused[] = {
		"10.0.0.1", "128.0.0.0", "126.255.255.255", "0.0.0.0", "255.255.255.255",
		"224.0.0.1", "192.168.1.1", "::", "::2", "fe80::1", "2001:db8::1",
		"::ffff:127.0.0.1", "::127.0.0.1", "ff02::1",
	};
	(void)state;
	for (unsigned i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct lg_addr a;
		if (lg_addr_parse(refused[i], &a) != -EPERM)
			fail_msg("%s was not refused", refused[i]);
		assert_false(lg_addr_is_loopback(&a));
	}
}

static void test_parse_rejects_non_addresses(void **state)
{
	static const char *const junk[] = {
		"", "localhost", "127.1", "127.0.0.1 ", " 127.0.0.1", "127.0.0.256",
		"::1/128", "127.0.0.1:80", "0x7f000001", "[::1]",
	};
	(void)state;
	for (unsigned i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		struct lg_addr a;
		if (lg_addr_parse(junk[i], &a) != -EINVAL)
			fail_msg("'%s' was taken for an address", junk[i]);
	}
}

static void test_unknown_family_is_not_loopback(void **state)
{
	struct lg_addr a = addr("127.0.0.1");
	(void)state;
	a.family = AF_UNIX;
	assert_false(lg_addr_is_loopback(&a));
	a.family = 0;
	assert_false(lg_addr_is_loopback(&a));
}

/* The lowest free descriptor: a call that made a socket and leaked it, or
 * that is still holding one, moves it. */
static int lowest_free_fd(void)
{
	int fd = dup(0);
	assert_true(fd >= 0);
	close(fd);
	return fd;
}

/* Addresses built by hand go past the parser: each call checks again. A
 * missing check would show as another error (ENETUNREACH) or success. */
static void test_calls_refuse_hand_built_addresses(void **state)
{
	struct lg_addr lo4 = addr("127.0.0.1"), lo6 = addr("::1");
	struct lg_addr far4 = addr("10.0.0.1"), far6 = addr("2001:db8::1");
	struct lg_addr unix_lo = lo4;
	unix_lo.family = AF_UNIX;
	int fd0 = lowest_free_fd();
	uint64_t sent = 1;
	unsigned done = 1;
	(void)state;

	struct lg_udp_flows f = { .src = lo4, .dst = far4, .port_lo = 1, .port_hi = 9 };
	assert_int_equal(lg_udp_send(&f, &sent), -EPERM);
	assert_int_equal(sent, 0);
	f.src = far4;
	f.dst = lo4;
	assert_int_equal(lg_udp_send(&f, &sent), -EPERM);
	f = (struct lg_udp_flows){ .src = lo6, .dst = far6, .port_lo = 1, .port_hi = 9 };
	assert_int_equal(lg_udp_send(&f, &sent), -EPERM);
	f.dst = unix_lo;
	assert_int_equal(lg_udp_send(&f, &sent), -EPERM);

	assert_int_equal(lg_udp_fill(&far4, 1, &lo4, 10, &sent), -EPERM);
	assert_int_equal(lg_udp_fill(&lo4, 1, &far4, 10, &sent), -EPERM);
	assert_int_equal(sent, 0);

	assert_int_equal(lg_tcp_timewait(&lo4, &far4, 3, &done), -EPERM);
	assert_int_equal(done, 0);
	assert_int_equal(lg_tcp_timewait(&far6, &lo6, 3, &done), -EPERM);

	struct lg_tcp_held h;
	assert_int_equal(lg_tcp_hold(&lo6, &far6, 3, &h), -EPERM);
	assert_int_equal(h.n, 0);
	lg_tcp_release(&h);
	assert_int_equal(lg_tcp_hold(&far4, &lo4, 3, &h), -EPERM);
	lg_tcp_release(&h);

	assert_int_equal(lg_ping(&far4, 3, &done), -EPERM);
	assert_int_equal(lg_ping(&far6, 3, &done), -EPERM);
	assert_int_equal(lg_ping(&unix_lo, 3, &done), -EPERM);
	assert_int_equal(done, 0);
	assert_int_equal(lowest_free_fd(), fd0);
}

/* A run of sources that starts in 127.0.0.0/8 but would leave it. */
static void test_fill_range_stays_in_loopback(void **state)
{
	struct lg_addr first = addr("127.255.255.250"), dst = addr("127.0.0.1");
	uint64_t sent = 1;
	(void)state;
	assert_int_equal(lg_udp_fill(&first, 7, &dst, 100, &sent), -EPERM);
	assert_int_equal(sent, 0);
	assert_int_equal(lg_udp_fill(&first, 0, &dst, 100, &sent), -EINVAL);
	struct lg_addr six = addr("::1");
	assert_int_equal(lg_udp_fill(&six, 1, &six, 100, &sent), -EINVAL);
}

static void test_bad_arguments(void **state)
{
	struct lg_addr lo4 = addr("127.0.0.1"), lo6 = addr("::1");
	uint64_t sent;
	unsigned done;
	(void)state;
	struct lg_udp_flows f = { .src = lo4, .dst = lo6, .port_lo = 1, .port_hi = 9 };
	assert_int_equal(lg_udp_send(&f, &sent), -EINVAL); /* mixed families */
	f.dst = lo4;
	f.port_lo = 0;
	assert_int_equal(lg_udp_send(&f, &sent), -EINVAL);
	f.port_lo = 10;
	assert_int_equal(lg_udp_send(&f, &sent), -EINVAL); /* lo > hi */
	assert_int_equal(lg_tcp_timewait(&lo6, &lo4, 1, &done), -EINVAL);
	assert_int_equal(lg_ping(&lo4, 65537, &done), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_accepts_loopback),
		cmocka_unit_test(test_parse_refuses_other_addresses),
		cmocka_unit_test(test_parse_rejects_non_addresses),
		cmocka_unit_test(test_unknown_family_is_not_loopback),
		cmocka_unit_test(test_calls_refuse_hand_built_addresses),
		cmocka_unit_test(test_fill_range_stays_in_loopback),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
