/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reverse DNS (src/collect/rdns*.c): the cache's hits, negative entries,
 * expiry and eviction bound, the token bucket, all on an injected clock;
 * then the threads with a fake resolver: answers arrive without the asker
 * waiting, at most `rate` lookups a second, a full queue drops its oldest,
 * a slow resolver does not hold rdns_stop; the hosts-file test hook. */
#include <arpa/inet.h>
#include <stdbool.h>
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/testhooks.h"
#include "collect/rdns.h"
#include "collect/rdns_cache.h"
#include "collect/rdns_hosts.h"

static struct rdns_key v4(const char *text)
{
	uint8_t a[4];
	assert_int_equal(inet_pton(AF_INET, text, a), 1);
	return rdns_key_of(AF_INET, a);
}

/* ---- the cache, the bucket ------------------------------------------------ */

static void test_hit_and_miss(void **state)
{
	(void)state;
	struct rdns_cache c;
	assert_int_equal(rdns_cache_init(&c, 64), 0);
	struct rdns_key a = v4("10.0.0.1"), b = v4("10.0.0.2");
	assert_null(rdns_cache_find(&c, &a, 0, true));
	struct rdns_slot *s = rdns_cache_put(&c, &a, 0);
	assert_int_equal(s->state, RDNS_PENDING);
	snprintf(s->name, sizeof s->name, "one.example");
	s->state = RDNS_NAMED;
	s->expires = 300;
	struct rdns_slot *f = rdns_cache_find(&c, &a, 1, true);
	assert_ptr_equal(f, s);
	assert_string_equal(f->name, "one.example");
	assert_null(rdns_cache_find(&c, &b, 1, true));
	/* the same bytes as IPv6 are another address */
	struct rdns_key a6 = a;
	a6.family = AF_INET6;
	assert_null(rdns_cache_find(&c, &a6, 1, true));
	assert_ptr_equal(rdns_cache_put(&c, &a, 2), s);
	assert_int_equal(c.held, 1);
	rdns_cache_free(&c);
}

static void test_negative_and_expiry(void **state)
{
	(void)state;
	struct rdns_cache c;
	assert_int_equal(rdns_cache_init(&c, 64), 0);
	struct rdns_key a = v4("10.0.0.1"), b = v4("10.0.0.2");
	struct rdns_slot *s = rdns_cache_put(&c, &a, 0);
	s->state = RDNS_NAMELESS;
	s->expires = 120;
	s = rdns_cache_put(&c, &b, 0);
	s->state = RDNS_NAMED;
	s->expires = 300;
	/* "no name" is an answer, kept until its own expiry */
	assert_non_null(rdns_cache_find(&c, &a, 119.9, true));
	assert_int_equal(rdns_cache_find(&c, &a, 119.9, true)->state, RDNS_NAMELESS);
	assert_null(rdns_cache_find(&c, &a, 120, true));
	assert_int_equal(c.held, 1);
	assert_non_null(rdns_cache_find(&c, &b, 299, true));
	assert_null(rdns_cache_find(&c, &b, 300, true));
	assert_int_equal(c.held, 0);
	/* pending never expires: its answer is on the way */
	s = rdns_cache_put(&c, &a, 0);
	assert_non_null(rdns_cache_find(&c, &a, 1e9, true));
	rdns_cache_free(&c);
}

static void test_eviction_bound(void **state)
{
	(void)state;
	struct rdns_cache c;
	assert_int_equal(rdns_cache_init(&c, 100), 0);
	unsigned cap = rdns_cache_capacity(&c);
	assert_true(cap >= 100 && cap <= 2 * 100 + RDNS_WAYS);
	for (uint32_t i = 0; i < 20000; i++) {
		uint32_t be = htonl(0x0a000000u + i);
		struct rdns_key k = rdns_key_of(AF_INET, &be);
		struct rdns_slot *s = rdns_cache_put(&c, &k, i);
		s->state = RDNS_NAMED;
		s->expires = 1e9;
		assert_true(c.held <= cap);
	}
	assert_int_equal(c.held, cap);
	assert_int_equal(c.evictions, 20000 - cap);
	rdns_cache_free(&c);
}

static void test_least_recently_used_goes(void **state)
{
	(void)state;
	struct rdns_cache c;
	assert_int_equal(rdns_cache_init(&c, 1), 0); /* one set */
	assert_int_equal(rdns_cache_capacity(&c), RDNS_WAYS);
	struct rdns_key k[RDNS_WAYS + 2];
	for (unsigned i = 0; i < RDNS_WAYS + 2; i++) {
		uint32_t be = htonl(0xc0a80000u + i);
		k[i] = rdns_key_of(AF_INET, &be);
	}
	for (unsigned i = 0; i < RDNS_WAYS; i++) {
		struct rdns_slot *s = rdns_cache_put(&c, &k[i], 1 + i);
		s->state = RDNS_NAMED;
		s->expires = 1e9;
	}
	/* k[0] asked again: k[1] is now the least recently used */
	assert_non_null(rdns_cache_find(&c, &k[0], 100, true));
	rdns_cache_put(&c, &k[RDNS_WAYS], 101)->state = RDNS_PENDING;
	assert_non_null(rdns_cache_find(&c, &k[0], 102, false));
	assert_null(rdns_cache_find(&c, &k[1], 102, false));
	/* a pending slot outlives older answered ones */
	rdns_cache_put(&c, &k[RDNS_WAYS + 1], 103);
	assert_non_null(rdns_cache_find(&c, &k[RDNS_WAYS], 104, false));
	assert_null(rdns_cache_find(&c, &k[2], 104, false));
	assert_int_equal(c.held, RDNS_WAYS);
	rdns_cache_free(&c);
}

static void test_bucket(void **state)
{
	(void)state;
	struct rdns_bucket b;
	rdns_bucket_init(&b, 20, 20, 100);
	for (int i = 0; i < 20; i++)
		assert_true(rdns_bucket_take(&b, 100));
	assert_false(rdns_bucket_take(&b, 100));
	assert_float_equal(rdns_bucket_wait(&b, 100), 0.05, 1e-9);
	assert_false(rdns_bucket_take(&b, 100.04));
	assert_true(rdns_bucket_take(&b, 100.05));
	assert_false(rdns_bucket_take(&b, 100.05));
	/* an idle minute gives the burst, not 1200 lookups */
	int n = 0;
	while (rdns_bucket_take(&b, 160))
		n++;
	assert_int_equal(n, 20);
	/* a clock that steps back gives nothing */
	assert_false(rdns_bucket_take(&b, 150));
}

static void test_clean_name(void **state)
{
	(void)state;
	char name[] = "evil\x1b[2J.example\n.com";
	rdns_clean_name(name);
	assert_string_equal(name, "evil??2J.example?.com");
	char ok[] = "web-1.example_x.org";
	rdns_clean_name(ok);
	assert_string_equal(ok, "web-1.example_x.org");
}

/* A name that reads as an address is no name (OpenSSH's rule). */
static void test_name_that_is_an_address(void **state)
{
	(void)state;
	const char *address[] = { "10.0.0.99", "10.0.0.99.", "::1", "fe80::1", "::ffff:10.0.0.1",
				  "10.1", "0x7f.1", "017.0.0.1", "4294967295", "1.2.3.4.5", "..." };
	for (size_t i = 0; i < sizeof address / sizeof *address; i++)
		if (!rdns_name_is_address(address[i]))
			fail_msg("'%s' taken as a name", address[i]);
	const char *names[] = { "web-1.example.org", "10.0.0.99.example.org", "1e100.net",
				"a10.0.0.1", "cafe", "" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (rdns_name_is_address(names[i]))
			fail_msg("'%s' refused as an address", names[i]);
}

/* ---- the threads, with a fake resolver and clock --------------------------- */

static _Atomic long fake_ms;
static _Atomic long clock_reads;  /* how often the workers looked at the clock */
static _Atomic int calls;
static _Atomic bool gate_closed;  /* the resolver waits while it is closed */
static _Atomic int in_resolver;

static double fake_now(void)
{
	atomic_fetch_add(&clock_reads, 1);
	return (double)atomic_load(&fake_ms) / 1e3;
}

/* Waits are on what the threads did, never on how long they took; a
 * deadline (10 s) only stops a test that would hang. */
#define DEADLINE_MS 10000
static void wait_for(_Atomic int *counter, int at_least, const char *what)
{
	for (int i = 0; i < DEADLINE_MS && atomic_load(counter) < at_least; i++)
		sleep_ms(1);
	if (atomic_load(counter) < at_least)
		fail_msg("%s: %d, not %d, after %d s", what, atomic_load(counter), at_least,
			 DEADLINE_MS / 1000);
}

/* Until every worker has looked at the frozen clock again (twice each),
 * so one that was to make another lookup would have made it. */
static void let_workers_look(void)
{
	long from = atomic_load(&clock_reads);
	for (int i = 0; i < DEADLINE_MS && atomic_load(&clock_reads) < from + 4; i++)
		sleep_ms(1);
	assert_true(atomic_load(&clock_reads) >= from + 4);
}

/* 10.0.0.N is "hN.test" for even N, nameless for odd N. */
static int fake_resolve(int family, const uint8_t *addr, char *name, size_t n, void *arg)
{
	(void)arg;
	atomic_fetch_add(&calls, 1);
	atomic_fetch_add(&in_resolver, 1);
	/* a resolver that hangs until the test lets it go (at most 10 s) */
	for (int i = 0; i < DEADLINE_MS && atomic_load(&gate_closed); i++)
		sleep_ms(1);
	atomic_fetch_sub(&in_resolver, 1);
	if (family != AF_INET || addr[3] % 2)
		return RDNS_NO_NAME;
	snprintf(name, n, "h%u.test", addr[3]);
	return RDNS_RESOLVED;
}

static struct rdns *start_fake(unsigned rate, unsigned queue)
{
	struct rdns_config cfg = {
		.capacity = 256, .rate = rate, .workers = 2, .queue = queue,
		.ttl_named = 300, .ttl_nameless = 120, .ttl_failed = 30,
		.resolve = fake_resolve, .now = fake_now,
	};
	atomic_store(&fake_ms, 1000000);
	atomic_store(&calls, 0);
	atomic_store(&gate_closed, false);
	struct rdns *r = rdns_start(&cfg);
	assert_non_null(r);
	return r;
}

static enum rdns_answer ask(struct rdns *r, unsigned last_byte, char *name, size_t n)
{
	uint8_t a[4] = { 10, 0, 0, (uint8_t)last_byte };
	return rdns_lookup(r, AF_INET, a, name, n);
}

/* Until ask() answers something other than pending (the fd woken), at
 * most 10 s. */
static enum rdns_answer ask_until_answered(struct rdns *r, unsigned last_byte, char *name,
					   size_t n)
{
	enum rdns_answer a;
	for (int i = 0; i < 1000 && (a = ask(r, last_byte, name, n)) == RDNS_ANSWER_PENDING; i++) {
		struct pollfd p = { .fd = rdns_fd(r), .events = POLLIN };
		if (poll(&p, 1, 10) > 0)
			rdns_drain(r);
	}
	return a;
}

static void test_answers_in_the_background(void **state)
{
	(void)state;
	struct rdns *r = start_fake(100, 64);
	char name[RDNS_NAME_MAX] = "";
	assert_int_equal(ask(r, 2, name, sizeof name), RDNS_ANSWER_PENDING);
	struct pollfd p = { .fd = rdns_fd(r), .events = POLLIN };
	assert_int_equal(poll(&p, 1, 3000), 1); /* woken by the answer */
	rdns_drain(r);
	assert_int_equal(poll(&p, 1, 0), 0);
	assert_int_equal(ask(r, 2, name, sizeof name), RDNS_ANSWER_NAME);
	assert_string_equal(name, "h2.test");
	assert_int_equal(ask_until_answered(r, 3, name, sizeof name), RDNS_ANSWER_NONE);
	int made = atomic_load(&calls);
	assert_int_equal(made, 2);
	/* answers, named or not, come from the cache: no new lookup */
	for (int i = 0; i < 50; i++) {
		assert_int_equal(ask(r, 2, name, sizeof name), RDNS_ANSWER_NAME);
		assert_int_equal(ask(r, 3, name, sizeof name), RDNS_ANSWER_NONE);
	}
	struct rdns_stats st;
	rdns_get_stats(r, &st);
	assert_int_equal(st.lookups, 2);
	assert_true(st.hits >= 100);
	assert_int_equal(atomic_load(&calls), 2);
	/* the negative entry expires after its TTL: asked again */
	atomic_fetch_add(&fake_ms, 120 * 1000);
	assert_int_equal(ask_until_answered(r, 3, name, sizeof name), RDNS_ANSWER_NONE);
	assert_int_equal(atomic_load(&calls), 3);
	assert_int_equal(ask(r, 2, name, sizeof name), RDNS_ANSWER_NAME);
	rdns_stop(r);
}

static void test_rate_bound(void **state)
{
	(void)state;
	struct rdns *r = start_fake(5, 64);
	char name[RDNS_NAME_MAX];
	/* 40 addresses asked at once, the clock frozen: the burst only */
	for (unsigned i = 0; i < 40; i++)
		assert_int_equal(ask(r, 100 + i, name, sizeof name), RDNS_ANSWER_PENDING);
	wait_for(&calls, 5, "lookups of the burst");
	let_workers_look();
	assert_int_equal(atomic_load(&calls), 5);
	/* one second later, five more */
	atomic_fetch_add(&fake_ms, 1000);
	wait_for(&calls, 10, "lookups a second later");
	let_workers_look();
	assert_int_equal(atomic_load(&calls), 10);
	rdns_stop(r);
}

static void test_full_queue_drops_oldest(void **state)
{
	(void)state;
	struct rdns *r = start_fake(1, 4);
	char name[RDNS_NAME_MAX];
	assert_int_equal(ask(r, 0, name, sizeof name), RDNS_ANSWER_PENDING);
	wait_for(&calls, 1, "the first lookup");
	assert_int_equal(atomic_load(&calls), 1); /* the burst of one is spent */
	for (unsigned i = 1; i <= 10; i++)
		ask(r, 2 * i, name, sizeof name);
	struct rdns_stats st;
	rdns_get_stats(r, &st);
	assert_int_equal(st.dropped, 6);
	/* the newest four are looked up as tokens come, the dropped ones never */
	for (int t = 0; t < 4; t++) {
		atomic_fetch_add(&fake_ms, 1000);
		wait_for(&calls, 2 + t, "a lookup a second");
	}
	assert_int_equal(ask_until_answered(r, 20, name, sizeof name), RDNS_ANSWER_NAME);
	assert_string_equal(name, "h20.test");
	assert_int_equal(ask(r, 14, name, sizeof name), RDNS_ANSWER_NAME);
	/* a dropped request was forgotten: asking again queues it again */
	assert_int_equal(ask(r, 2, name, sizeof name), RDNS_ANSWER_PENDING);
	assert_int_equal(atomic_load(&calls), 5);
	rdns_stop(r);
}

static void test_stop_does_not_wait_for_a_slow_resolver(void **state)
{
	(void)state;
	struct rdns *r = start_fake(100, 64);
	atomic_store(&gate_closed, true);
	char name[RDNS_NAME_MAX];
	ask(r, 2, name, sizeof name);
	wait_for(&in_resolver, 1, "a worker in the resolver");
	/* the asker is never held: pending while the resolver still hangs */
	assert_int_equal(ask(r, 2, name, sizeof name), RDNS_ANSWER_PENDING);
	assert_int_equal(atomic_load(&in_resolver), 1);
	/* nor is the one who stops: back while the resolver still hangs */
	rdns_stop(r);
	assert_int_equal(atomic_load(&in_resolver), 1);
	/* let the left worker finish and free what it shares (no leak):
	 * its answer reads the clock once it is out */
	long reads = atomic_load(&clock_reads);
	atomic_store(&gate_closed, false);
	for (int i = 0; i < DEADLINE_MS && atomic_load(&clock_reads) == reads; i++)
		sleep_ms(1);
	assert_int_equal(atomic_load(&in_resolver), 0);
}

/* ---- the test hook: names from a file ---------------------------------------- */

/* A hosts file at path (a mkstemp template): two names, one for ::1,
 * and lines to refuse. */
static void write_hosts(char *path)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "# names for the test\n"
			   "127.0.0.7   seven.test seven\n"
			   "::1 six.test\n"
			   "not-an-address bogus\n"
			   "127.0.0.8\n"
			   "127.0.0.9 10.0.0.99\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_hosts_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_rdns_hostsXXXXXX";
	write_hosts(path);
	struct rdns_hosts *h = rdns_hosts_load(path, 0);
	assert_non_null(h);
	char name[RDNS_NAME_MAX] = "";
	uint8_t a[16] = { 127, 0, 0, 7 };
	assert_int_equal(rdns_hosts_resolve(AF_INET, a, name, sizeof name, h), RDNS_RESOLVED);
	assert_string_equal(name, "seven.test");
	a[3] = 8;
	assert_int_equal(rdns_hosts_resolve(AF_INET, a, name, sizeof name, h), RDNS_NO_NAME);
	uint8_t one[16];
	assert_int_equal(inet_pton(AF_INET6, "::1", one), 1);
	assert_int_equal(rdns_hosts_resolve(AF_INET6, one, name, sizeof name, h), RDNS_RESOLVED);
	assert_string_equal(name, "six.test");
	rdns_hosts_free(h);
	unlink(path);
}

static void test_hosts_hook(void **state)
{
	(void)state;
	char path[] = "/tmp/test_rdns_hostsXXXXXX";
	write_hosts(path);
	char name[RDNS_NAME_MAX] = "";
	uint8_t a[16] = { 127, 0, 0, 7 };
	/* through the environment, as the tests of the program use it; a
	 * build without the hooks does not read it */
	setenv("CTDASH_TEST_HOSTS", path, 1);
	struct rdns_config cfg;
	assert_int_equal(rdns_config_default(&cfg), 0);
	if (!test_hooks_built()) {
		assert_null(cfg.resolve);
		unsetenv("CTDASH_TEST_HOSTS");
		unlink(path);
		return;
	}
	assert_ptr_equal(cfg.resolve, rdns_hosts_resolve);
	struct rdns *r = rdns_start(&cfg);
	assert_non_null(r);
	a[3] = 7;
	enum rdns_answer ans = RDNS_ANSWER_PENDING;
	for (int i = 0; i < 300 && ans == RDNS_ANSWER_PENDING; i++) {
		ans = rdns_lookup(r, AF_INET, a, name, sizeof name);
		if (ans == RDNS_ANSWER_PENDING)
			sleep_ms(10);
	}
	assert_int_equal(ans, RDNS_ANSWER_NAME);
	assert_string_equal(name, "seven.test");
	/* a name that is an address does not stand in for 127.0.0.9 */
	a[3] = 9;
	ans = RDNS_ANSWER_PENDING;
	for (int i = 0; i < 300 && ans == RDNS_ANSWER_PENDING; i++) {
		ans = rdns_lookup(r, AF_INET, a, name, sizeof name);
		if (ans == RDNS_ANSWER_PENDING)
			sleep_ms(10);
	}
	assert_int_not_equal(ans, RDNS_ANSWER_NAME);
	assert_int_not_equal(ans, RDNS_ANSWER_PENDING);
	rdns_stop(r);
	unsetenv("CTDASH_TEST_HOSTS");
	setenv("CTDASH_TEST_HOSTS", "/nonexistent/hosts", 1);
	assert_int_equal(rdns_config_default(&cfg), -ENOENT);
	unsetenv("CTDASH_TEST_HOSTS");
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_and_miss),
		cmocka_unit_test(test_negative_and_expiry),
		cmocka_unit_test(test_eviction_bound),
		cmocka_unit_test(test_least_recently_used_goes),
		cmocka_unit_test(test_bucket),
		cmocka_unit_test(test_clean_name),
		cmocka_unit_test(test_name_that_is_an_address),
		cmocka_unit_test(test_answers_in_the_background),
		cmocka_unit_test(test_rate_bound),
		cmocka_unit_test(test_full_queue_drops_oldest),
		cmocka_unit_test(test_stop_does_not_wait_for_a_slow_resolver),
		cmocka_unit_test(test_hosts_file),
		cmocka_unit_test(test_hosts_hook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
