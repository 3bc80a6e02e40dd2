/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The relief advice: a full table gets first the delete that frees it
 * (never ESTABLISHED entries) or the raise of the global limit, each
 * with its effect; none while there is room; no item's text cut. */
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/advice.h"
#include "model/analysis.h"
#include "advicebox.h"

/* 262,144 of 262,144, most of it TIME_WAIT, dropping: the first item
 * deletes what holds slots without traffic, with its effect, and never
 * ESTABLISHED entries; raising max comes after it. */
static void full_of(enum ct_tcp_state st, uint64_t n)
{
	healthy();
	struct ct_tally *t = &adv_snap.tally;
	memset(t->tcp, 0, sizeof t->tcp);
	t->entries = adv_snap.max;
	t->l4[6] = adv_snap.max;
	t->l4[17] = 0;
	t->tcp[st] = n;
	t->tcp[CT_TCP_ESTABLISHED] = adv_snap.max - n;
	t->pinned = adv_snap.max - n;
	t->gc_evictable = n;
	set_count(adv_snap.max);
}

static void test_relief_time_wait(void **state)
{
	(void)state;
	full_of(CT_TCP_TIME_WAIT, 225000);
	struct advice_rates r = { .known = true, .seconds = 2, .last_drop_at = 1e9,
				  .newest_at = 1e9 };
	r.rose[AC_DROP] = 400;
	run(&r);
	const struct advice *a = &adv_items[0];
	assert_string_equal(a->id, "relief_delete");
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_non_null(strstr(a->text, "Delete the 225,000 entries"));
	assert_non_null(strstr(a->text, "fill 100% -> 14%"));
	assert_non_null(strstr(a->text, "collector"));
	assert_string_equal(a->filter, "state TIME_WAIT");
	assert_string_equal(a->summary, "delete 225,000 TIME_WAIT entries: fill 100% -> 14%");
	assert_true(has_command(a, "ctdash --delete state TIME_WAIT"));
	assert_true(evidence(a, "entries") == 225000);
	assert_string_equal(adv_items[1].id, "dropping");
	assert_int_equal(find("relief_max")->level, ADVICE_WARN);
	/* UDP never answered joins it; the filter names only those */
	adv_snap.tally.unreplied_datagram = 1000;
	run(&r);
	assert_string_equal(adv_items[0].filter, "state TIME_WAIT or (unreplied and (proto udp or "
			    "proto udplite or proto icmp or proto icmpv6))");
	assert_non_null(strstr(adv_items[0].text, "1,000 unanswered UDP/ICMP"));
	/* unquoted words, so --once can wrap it: parentheses escaped */
	assert_true(has_command(&adv_items[0], "ctdash --delete state TIME_WAIT or \\(unreplied and "
				"\\(proto udp or"));
	assert_string_equal(adv_items[0].summary, "delete 226,000 idle entries: fill 100% -> 14%");
	assert_null(strstr(adv_items[0].filter, "ESTABLISHED"));
	/* full, even read once: still first */
	run(NULL);
	assert_string_equal(adv_items[0].id, "relief_delete");
}

/* Pinned ESTABLISHED entries fill the table: nothing to delete, the
 * first item raises the global limit. */
static void test_relief_pinned(void **state)
{
	(void)state;
	full_of(CT_TCP_TIME_WAIT, 0);
	snprintf(adv_snap.netns, sizeof adv_snap.netns, "web");
	run(NULL);
	const struct advice *a = &adv_items[0];
	assert_string_equal(a->id, "relief_max");
	assert_int_equal(a->level, ADVICE_CRIT);
	assert_null(find("relief_delete"));
	assert_non_null(strstr(a->text, "from 262,144 to 524,288: fill 100% -> 50%"));
	assert_non_null(strstr(a->text, "global"));
	assert_non_null(strstr(a->text, "Every entry is ASSURED and open"));
	assert_string_equal(a->sysctl, "nf_conntrack_max");
	assert_int_equal(a->suggested, 524288);
	assert_string_equal(a->summary, "raise the global nf_conntrack_max to 524,288: fill 100% -> 50%");
	/* the global setting has no namespace prefix */
	assert_string_equal(a->commands[0], "sysctl -w net.netfilter.nf_conntrack_max=524288");
}

/* No relief when the table has room and is not filling. */
static void test_relief_only_when_needed(void **state)
{
	(void)state;
	healthy();
	set_count(adv_snap.max - 1);
	run(NULL);
	assert_null(find("relief_delete"));
	assert_null(find("relief_max"));
	struct advice_rates r = { .known = true, .seconds = 2, .growth_known = true,
				  .growth_per_sec = 1.0 / ADVICE_FILL_HORIZON * 0.5 };
	run(&r);
	assert_null(find("relief_max"));
	r.growth_per_sec = 2.0 / ADVICE_FILL_HORIZON;  /* full within the horizon */
	run(&r);
	assert_non_null(find("relief_max"));
}

/* Every item's text is whole, with the longest namespace name ctdash
 * takes: a sentence that ends, never one cut at the buffer's end. */
static void test_text_never_cut(void **state)
{
	(void)state;
	full_of(CT_TCP_TIME_WAIT, 200000);
	adv_snap.tally.tcp[CT_TCP_CLOSE] = 10000;
	adv_snap.tally.tcp[CT_TCP_LAST_ACK] = 10000;
	adv_snap.tally.unreplied_datagram = 10000;
	adv_snap.tally.tcp[CT_TCP_ESTABLISHED] = 32144 - 30000 + 30000;
	memset(adv_snap.netns, 'n', sizeof adv_snap.netns - 1);
	adv_snap.netns[sizeof adv_snap.netns - 1] = '\0';
	struct advice_rates r = { .known = true, .seconds = 2, .last_drop_at = 1e9,
				  .newest_at = 1e9 };
	r.rose[AC_DROP] = 123456789;
	r.rose[AC_EARLY_DROP] = 123456789;
	run(&r);
	assert_true(adv_nitems >= 3);
	for (unsigned i = 0; i < adv_nitems; i++) {
		size_t len = strlen(adv_items[i].text);
		if (len + 1 >= ADVICE_TEXT || adv_items[i].text[len - 1] != '.')
			fail_msg("%s is cut: ...%s", adv_items[i].id, adv_items[i].text + (len > 40 ? len - 40 : 0));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relief_time_wait),
		cmocka_unit_test(test_relief_pinned),
		cmocka_unit_test(test_relief_only_when_needed),
		cmocka_unit_test(test_text_never_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
