/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Advice on NAT (issue 19): SNAT pressure past half the range, or past a
 * quarter while insert_failed rises; a silent backend with the exact
 * delete. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/advice.h"

static struct ct_snapshot *snap;
static struct advice adv[ADVICE_MAX];

static int setup(void **state)
{
	(void)state;
	snap = calloc(1, sizeof *snap);
	snap->count = 2000;
	snap->max = 262144;
	snap->buckets = 65536;
	snap->tally.entries = 2000;
	snap->nat.range = (struct ct_nat_range){ .lo = 1000, .hi = 1999, .from_rules = true,
						 .origin = "nft: masquerade to :1000-1999" };
	snprintf(snap->netns, sizeof snap->netns, "gw");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(snap);
	return 0;
}

static void one_snat(uint8_t proto, uint64_t entries)
{
	struct ct_nat *n = &snap->nat;
	n->nsnat = 1;
	n->ndnat = 0;
	n->snat[0] = (struct ct_snat_group){ .family = AF_INET, .proto = proto, .dport = 443,
					     .addr = { 192, 0, 2, 1 }, .dst = { 198, 51, 100, 7 },
					     .entries = entries };
	n->snat_entries = entries;
}

static const struct advice *find(unsigned n, const char *id)
{
	const struct advice *found = NULL;
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(adv[i].id, id)) {
			assert_null(found); /* one item */
			found = &adv[i];
		}
	return found;
}

static bool has_command(const struct advice *a, const char *cmd)
{
	for (unsigned i = 0; i < a->ncommands; i++)
		if (!strcmp(a->commands[i], cmd))
			return true;
	return false;
}

static void test_snat_half_the_range(void **state)
{
	(void)state;
	one_snat(6, 500); /* exactly half: not above it */
	assert_null(find(advise(snap, adv, ADVICE_MAX), "snat_pressure"));
	one_snat(6, 501);
	const struct advice *a = find(advise(snap, adv, ADVICE_MAX), "snat_pressure");
	assert_non_null(a);
	if (!a)
		return;
	assert_int_equal(a->level, ADVICE_WARN);
	assert_non_null(strstr(a->text, "Source NAT to 192.0.2.1 for tcp 198.51.100.7 port 443 uses 501 of "
				       "1,000 source ports (50%; range 1000-1999, nft: masquerade to :1000-1999)"));
	assert_string_equal(a->filter, "snat and nat-src 192.0.2.1 and reply-src 198.51.100.7 and proto tcp "
				       "and dport 443");
	assert_true(has_command(a, "ip netns exec gw ctdash --list 'snat and nat-src 192.0.2.1 and "
				   "reply-src 198.51.100.7 and proto tcp and dport 443'"));
	/* TCP: a shorter TIME_WAIT, through the key */
	assert_true(has_command(a, "ip netns exec gw sysctl -w net.netfilter.nf_conntrack_tcp_timeout_time_wait=30"));
	assert_string_equal(a->key, "a Enter");
	one_snat(17, 950);
	a = find(advise(snap, adv, ADVICE_MAX), "snat_pressure");
	assert_non_null(a);
	if (!a)
		return;
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_string_equal(a->sysctl, ""); /* UDP: no TIME_WAIT to lower */
}

static void test_snat_while_insert_failed_rises(void **state)
{
	(void)state;
	one_snat(17, 300);
	struct advice_rates r = { .known = true, .seconds = 2 };
	assert_null(find(advise_rates(snap, &r, adv, ADVICE_MAX), "snat_pressure"));
	r.rose[AC_INSERT_FAILED] = 12;
	const struct advice *a = find(advise_rates(snap, &r, adv, ADVICE_MAX), "snat_pressure");
	assert_non_null(a);
	if (!a)
		return;
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_non_null(strstr(a->text, "insert_failed is rising"));
	one_snat(17, 250); /* a quarter: not above it */
	assert_null(find(advise_rates(snap, &r, adv, ADVICE_MAX), "snat_pressure"));
}

static void test_silent_backend(void **state)
{
	(void)state;
	one_snat(17, 10);
	struct ct_nat *n = &snap->nat;
	n->ndnat = 1;
	n->dnat[0] = (struct ct_dnat_service){ .family = AF_INET, .proto = 17, .dport = 53,
					       .dst = { 10, 96, 0, 10 }, .entries = 30, .nbackends = 2 };
	n->dnat[0].backends[0] = (struct ct_dnat_backend){ .addr = { 10, 1, 0, 5 }, .port = 53,
		.entries = 20, .unreplied = 1, .oldest_unreplied_s = 2, .newest_replied_s = 1, .answering = true };
	n->dnat[0].backends[1] = (struct ct_dnat_backend){ .addr = { 10, 1, 0, 6 }, .port = 53,
		.entries = 10, .unreplied = 10, .oldest_unreplied_s = 45, .newest_replied_s = -1, .answering = false };
	const struct advice *a = find(advise(snap, adv, ADVICE_MAX), "dnat_silent");
	assert_non_null(a);
	if (!a)
		return;
	assert_non_null(strstr(a->text, "Backend 10.1.0.6 port 53 of service 10.96.0.10 udp/53 has not "
				       "answered for 45 s: 10 of its 10 entries got no reply."));
	assert_non_null(strstr(a->text, "endpoints may be stale"));
	assert_string_equal(a->filter, "dnat and reply-src 10.1.0.6 and unreplied");
	assert_true(has_command(a, "ip netns exec gw ctdash --delete 'dnat and reply-src 10.1.0.6 and unreplied'"));
	assert_string_equal(a->key, "a Enter");
	n->dnat[0].backends[1].answering = true;
	assert_null(find(advise(snap, adv, ADVICE_MAX), "dnat_silent"));
	n->ndnat = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snat_half_the_range),
		cmocka_unit_test(test_snat_while_insert_failed_rises),
		cmocka_unit_test(test_silent_backend),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
