/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NAT (issue 19): which captured entries are translated, the groups the
 * dump adds up (SNAT tuples against the range, DNAT services and their
 * backends, who answers), and the port range read off a ruleset's text. */
#include <arpa/inet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "collect/ctmsg.h"
#include "collect/natgroup.h"
#include "model/filter.h"
#include "model/nat.h"
#include "model/natrules.h"

#define SEC 1000000000ull
#define NOW (1800000000ull * SEC)

static struct ct_entry parsed(const char *name)
{
	const struct fixture *f = fixture_find(fx, nfx, name);
	assert_non_null(f);
	struct ct_entry e;
	assert_int_equal(ct_parse_nat((const struct nlmsghdr *)f->msg, &e), CT_PARSE_OK);
	return e;
}

/* Every fixture: translated exactly when conntrack(8) listed a reply that
 * differs from the original, and ct_parse_nat reads the reply tuple
 * ct_parse_entry reads. */
static void test_fixtures_translated_as_listed(void **state)
{
	(void)state;
	unsigned snat = 0, dnat = 0;
	for (size_t i = 0; i < nfx; i++) {
		const struct fx_expect *x = &fx[i].expect;
		if (x->result != FX_OK || !x->has_fields || !x->reply.has_src)
			continue;
		struct ct_entry e = parsed(fx[i].name), whole;
		assert_int_equal(ct_parse_entry((const struct nlmsghdr *)fx[i].msg, &whole), CT_PARSE_OK);
		assert_memory_equal(&e.reply, &whole.reply, sizeof e.reply);
		bool want_snat = memcmp(x->reply.dst, x->orig.src, 16) != 0 ||
				 (x->orig.sport >= 0 && x->reply.dport != x->orig.sport);
		bool want_dnat = memcmp(x->reply.src, x->orig.dst, 16) != 0 ||
				 (x->orig.dport >= 0 && x->reply.sport != x->orig.dport);
		assert_int_equal(ct_entry_snat(&e), want_snat);
		assert_int_equal(ct_entry_dnat(&e), want_dnat);
		snat += want_snat;
		dnat += want_dnat;
	}
	/* nat_snat and nat_dnat, nothing else */
	assert_int_equal(snat, 1);
	assert_int_equal(dnat, 1);
	struct ct_entry s = parsed("nat_snat"), d = parsed("nat_dnat");
	assert_true(ct_entry_snat(&s) && !ct_entry_dnat(&s));
	assert_true(ct_entry_dnat(&d) && !ct_entry_snat(&d));
}

/* The summary parse leaves the reply alone: nothing is translated. */
static void test_summary_is_never_translated(void **state)
{
	(void)state;
	const struct fixture *f = fixture_find(fx, nfx, "nat_snat");
	struct ct_entry e;
	assert_int_equal(ct_parse_summary((const struct nlmsghdr *)f->msg, &e), CT_PARSE_OK);
	assert_false(ct_entry_snat(&e));
}

static struct ct_nat_range range_1000(void)
{
	struct ct_nat_range r = { .lo = 1000, .hi = 1999, .from_rules = true };
	return r;
}

/* 600 flows of one client through one address to one server port are
 * one tuple at 60% of 1000-1999; a second server port is its own tuple. */
static void test_snat_groups_and_share(void **state)
{
	(void)state;
	struct natgroup g;
	natgroup_init(&g);
	struct ct_entry e = parsed("nat_snat");
	for (unsigned i = 0; i < 600; i++) {
		e.orig.sport = (uint16_t)(40000 + i);
		e.reply.dport = (uint16_t)(1000 + i);
		assert_int_equal(natgroup_add(&g, &e), 0);
	}
	e.orig.dport = e.reply.sport = 443;
	for (unsigned i = 0; i < 7; i++) {
		e.orig.sport = e.reply.dport = (uint16_t)(50000 + i);
		assert_int_equal(natgroup_add(&g, &e), 0);
	}
	struct ct_nat_range r = range_1000();
	struct ct_nat n;
	assert_int_equal(natgroup_fill(&g, &r, NOW, CT_NAT_WINDOW_S, &n), 0);
	assert_int_equal(n.snat_entries, 607);
	assert_int_equal(n.dnat_entries, 0);
	assert_int_equal(n.snat_groups, 2);
	assert_int_equal(n.nsnat, 2);
	assert_int_equal(n.snat[0].entries, 600);
	assert_int_equal(n.snat[0].dport, 80);
	assert_int_equal(n.snat[0].proto, 6);
	uint8_t xsrc[16] = { 127, 0, 0, 9 }, dst[16] = { 127, 0, 0, 2 };
	assert_memory_equal(n.snat[0].addr, xsrc, 16);
	assert_memory_equal(n.snat[0].dst, dst, 16);
	assert_int_equal(n.snat[1].entries, 7);
	assert_int_equal(n.snat[1].dport, 443);
	assert_true(nat_share(&n.range, n.snat[0].entries) > 0.599 &&
		    nat_share(&n.range, n.snat[0].entries) < 0.601);
	assert_int_equal(nat_range_ports(&n.range), 1000);

	/* a reset forgets them all */
	natgroup_reset(&g);
	assert_int_equal(natgroup_fill(&g, &r, NOW, CT_NAT_WINDOW_S, &n), 0);
	assert_int_equal(n.nsnat + n.ndnat + n.snat_entries, 0);
	natgroup_free(&g);
}

/* More tuples than kept: the most used survive, in order, and the count
 * of distinct tuples is exact. */
static void test_snat_keeps_the_most_used(void **state)
{
	(void)state;
	struct natgroup g;
	natgroup_init(&g);
	struct ct_entry e = parsed("nat_snat");
	unsigned ports = 3 * CT_NAT_SNAT_MAX;
	for (unsigned p = 0; p < ports; p++)
		for (unsigned k = 0; k <= p; k++) {
			e.orig.dport = e.reply.sport = (uint16_t)(2000 + p);
			e.orig.sport = e.reply.dport = (uint16_t)(30000 + k);
			assert_int_equal(natgroup_add(&g, &e), 0);
		}
	struct ct_nat_range r = range_1000();
	struct ct_nat n;
	assert_int_equal(natgroup_fill(&g, &r, NOW, CT_NAT_WINDOW_S, &n), 0);
	assert_int_equal(n.snat_groups, ports);
	assert_int_equal(n.nsnat, CT_NAT_SNAT_MAX);
	for (unsigned i = 0; i < CT_NAT_SNAT_MAX; i++) {
		assert_int_equal(n.snat[i].entries, ports - i);
		assert_int_equal(n.snat[i].dport, 2000 + ports - 1 - i);
	}
	natgroup_free(&g);
}

/* More distinct tuples than the bound: memory stops growing, the keys
 * kept count exactly, the rest are said to be ungrouped, and a heavy
 * tuple met early is still the first. */
static void test_bounded_keys(void **state)
{
	(void)state;
	struct natgroup g;
	natgroup_init(&g);
	struct ct_entry e = parsed("nat_snat");
	uint64_t total = NATGROUP_MAX_KEYS + 5000;
	for (uint64_t i = 0; i < total; i++) {
		if (i % 100 == 0) { /* the heavy tuple: one entry in a hundred */
			memcpy(e.orig.dst, (uint8_t[4]){ 127, 0, 0, 2 }, 4);
			memcpy(e.reply.src, (uint8_t[4]){ 127, 0, 0, 2 }, 4);
		} else { /* every other entry its own destination */
			uint32_t d = htonl(0x0a000000u + (uint32_t)i);
			memcpy(e.orig.dst, &d, 4);
			memcpy(e.reply.src, &d, 4);
		}
		e.orig.sport = e.reply.dport = (uint16_t)(1000 + i % 50000);
		assert_int_equal(natgroup_add(&g, &e), 0);
	}
	assert_int_equal(g.used, NATGROUP_MAX_KEYS);
	assert_int_equal(g.bits, 17);
	struct ct_nat_range r = range_1000();
	struct ct_nat n;
	assert_int_equal(natgroup_fill(&g, &r, NOW, CT_NAT_WINDOW_S, &n), 0);
	assert_int_equal(n.snat_entries, total);
	assert_int_equal(n.snat_groups, NATGROUP_MAX_KEYS);
	uint64_t heavy = (total + 99) / 100;
	assert_int_equal(n.ungrouped, total - heavy - (NATGROUP_MAX_KEYS - 1));
	assert_int_equal(n.snat[0].entries, heavy);
	assert_int_equal(n.snat[1].entries, 1);
	natgroup_free(&g);
}

/* One service, two backends: one replies, the other has only unreplied
 * entries that began 45 s ago: not answering past a 30 s window, still
 * answering under a 60 s one. */
static void test_dnat_backends_and_answering(void **state)
{
	(void)state;
	struct natgroup g;
	natgroup_init(&g);
	struct ct_entry e = parsed("nat_dnat");
	e.has_start = true;
	uint8_t live[4] = { 10, 200, 2, 11 }, dead[4] = { 10, 200, 2, 12 };
	for (unsigned i = 0; i < 10; i++) {
		e.orig.sport = e.reply.dport = (uint16_t)(41000 + i);
		bool to_dead = i % 2;
		memcpy(e.reply.src, to_dead ? dead : live, 4);
		e.status = to_dead ? 0 : IPS_SEEN_REPLY;
		e.start_ns = NOW - (to_dead ? 45 : 5 + i) * SEC;
		assert_int_equal(natgroup_add(&g, &e), 0);
	}
	/* one more to the live one that is old and unreplied, but younger
	 * than a replied one: it answers */
	memcpy(e.reply.src, live, 4);
	e.status = 0;
	e.start_ns = NOW - 40 * SEC;
	e.orig.sport = e.reply.dport = 42000;
	assert_int_equal(natgroup_add(&g, &e), 0);

	struct ct_nat_range r = range_1000();
	struct ct_nat n;
	assert_int_equal(natgroup_fill(&g, &r, NOW, 30, &n), 0);
	assert_int_equal(n.dnat_entries, 11);
	assert_int_equal(n.ndnat, 1);
	assert_true(n.ages_known);
	const struct ct_dnat_service *s = &n.dnat[0];
	uint8_t svc[16] = { 127, 0, 0, 2 };
	assert_memory_equal(s->dst, svc, 16);
	assert_int_equal(s->dport, 53);
	assert_int_equal(s->proto, 17);
	assert_int_equal(s->entries, 11);
	assert_int_equal(s->nbackends, 2);
	assert_memory_equal(s->backends[0].addr, live, 4);
	assert_int_equal(s->backends[0].entries, 6);
	assert_int_equal(s->backends[0].unreplied, 1);
	assert_true(s->backends[0].answering);
	assert_memory_equal(s->backends[1].addr, dead, 4);
	assert_int_equal(s->backends[1].entries, 5);
	assert_int_equal(s->backends[1].unreplied, 5);
	assert_true(s->backends[1].oldest_unreplied_s > 44.9 && s->backends[1].oldest_unreplied_s < 45.1);
	assert_true(s->backends[1].newest_replied_s < 0);
	assert_false(s->backends[1].answering);

	assert_int_equal(natgroup_fill(&g, &r, NOW, 60, &n), 0);
	assert_true(n.dnat[0].backends[1].answering);
	/* the same groups 20 s later (events mode between resyncs): older */
	nat_age(&n, 20, 60);
	assert_true(n.dnat[0].backends[1].oldest_unreplied_s > 64.9);
	assert_false(n.dnat[0].backends[1].answering);
	assert_true(n.dnat[0].backends[0].answering);
	natgroup_free(&g);
}

/* Without start times a silent backend is judged over snapshots. */
static void test_track_without_ages(void **state)
{
	(void)state;
	struct ct_nat n = { .ndnat = 1 };
	n.dnat[0] = (struct ct_dnat_service){ .family = AF_INET, .proto = 17, .dport = 53, .nbackends = 2 };
	n.dnat[0].backends[0] = (struct ct_dnat_backend){ .addr = { 10 }, .entries = 3, .unreplied = 1, .answering = true };
	n.dnat[0].backends[1] = (struct ct_dnat_backend){ .addr = { 11 }, .entries = 3, .unreplied = 3, .answering = true };
	struct nat_track *t = calloc(1, sizeof *t);
	struct ct_nat m = n;
	nat_track_judge(t, &m, 100, 30);
	assert_true(m.dnat[0].backends[1].answering);
	m = n;
	nat_track_judge(t, &m, 125, 30);
	assert_true(m.dnat[0].backends[1].answering);
	m = n;
	nat_track_judge(t, &m, 131, 30);
	assert_true(m.dnat[0].backends[0].answering);
	assert_false(m.dnat[0].backends[1].answering);
	/* it answered once: the count starts again */
	m = n;
	m.dnat[0].backends[1].unreplied = 2;
	nat_track_judge(t, &m, 140, 30);
	m = n;
	nat_track_judge(t, &m, 150, 30);
	assert_true(m.dnat[0].backends[1].answering);
	free(t);
}

static unsigned parse_text(const char *text, struct ct_nat_range *r)
{
	nat_range_default(r);
	return nat_rules_parse(text, strlen(text), "nft", r);
}

static void test_rules_nft(void **state)
{
	(void)state;
	struct ct_nat_range r;
	const char *one = "table ip nat {\n\tchain post {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
			  "\t\toifname \"veth0\" meta l4proto udp masquerade to :1000-1999\n\t}\n}\n";
	assert_int_equal(parse_text(one, &r), 1);
	assert_int_equal(r.lo, 1000);
	assert_int_equal(r.hi, 1999);
	assert_true(r.from_rules);
	assert_string_equal(r.origin, "nft: masquerade to :1000-1999");

	const char *two = "ip saddr 10.0.0.0/8 snat ip to 192.0.2.1:2000-2999 comment \"x\"\n"
			  "snat ip6 to [2001:db8::1]:3000-3099\n"
			  "masquerade random,persistent\n";
	assert_int_equal(parse_text(two, &r), 2);
	assert_int_equal(r.lo, 3000);
	assert_int_equal(r.hi, 3099);
	assert_string_equal(r.origin, "nft: snat to :3000-3099, narrowest of 2");

	/* no range: the default stays */
	assert_int_equal(parse_text("masquerade\nsnat ip to 192.0.2.1\nsnat ip6 to 2001:db8::1\n", &r), 0);
	assert_int_equal(r.lo, CT_NAT_PORT_LO);
	assert_int_equal(r.hi, CT_NAT_PORT_HI);
	assert_false(r.from_rules);
}

/* What a comment, a name or a cut says is not a rule. */
static void test_rules_untrusted(void **state)
{
	(void)state;
	struct ct_nat_range r;
	assert_int_equal(parse_text("counter comment \"masquerade to :1-2\"\n", &r), 0);
	assert_int_equal(parse_text("masquerade to :0-10\nmasquerade to :20-10\nmasquerade to :70000\n"
				    "masquerade to :1-2-3\nmasquerade to :-5\nmasquerade to :\n", &r), 0);
	assert_false(r.from_rules);
	char big[400];
	memset(big, '9', sizeof big);
	memcpy(big, "masquerade to :1", 16);
	big[sizeof big - 1] = '\0';
	assert_int_equal(parse_text(big, &r), 0);
	/* a NUL inside the text is a blank */
	const char nul[] = "masquerade\0to :4000-4009\n";
	nat_range_default(&r);
	assert_int_equal(nat_rules_parse(nul, sizeof nul - 1, "nft", &r), 1);
	assert_int_equal(r.lo, 4000);
	/* an unterminated quote ends the line */
	assert_int_equal(parse_text("masquerade comment \"to :1-2\nmasquerade to :7-8\n", &r), 1);
	assert_int_equal(r.lo, 7);
}

static void test_rules_iptables(void **state)
{
	(void)state;
	struct ct_nat_range r;
	nat_range_default(&r);
	const char *t = "*nat\n-A POSTROUTING -o eth0 -p tcp -j MASQUERADE --to-ports 20000-29999\n"
			"-A POSTROUTING -s 10.1.0.0/16 -j SNAT --to-source 192.0.2.7:5000-5999\nCOMMIT\n";
	assert_int_equal(nat_rules_parse(t, strlen(t), "iptables", &r), 2);
	assert_int_equal(r.lo, 5000);
	assert_int_equal(r.hi, 5999);
	assert_string_equal(r.origin, "iptables: snat to :5000-5999, narrowest of 2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_translated_as_listed),
		cmocka_unit_test(test_summary_is_never_translated),
		cmocka_unit_test(test_snat_groups_and_share),
		cmocka_unit_test(test_snat_keeps_the_most_used),
		cmocka_unit_test(test_bounded_keys),
		cmocka_unit_test(test_dnat_backends_and_answering),
		cmocka_unit_test(test_track_without_ages),
		cmocka_unit_test(test_rules_nft),
		cmocka_unit_test(test_rules_untrusted),
		cmocka_unit_test(test_rules_iptables),
	};
	return cmocka_run_group_tests(tests, fixtures_setup, fixtures_teardown);
}
