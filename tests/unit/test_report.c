/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What both reports share (src/cli/report_common.c) and --json's answer
 * when nf_conntrack is not loaded (src/cli/report_json.c): protocol
 * labels, why a part could not be read, and one well-formed JSON line. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/format.h"
#include "cli/report.h"
#include "model/advice.h"

static void test_l4_label(void **state)
{
	(void)state;
	char buf[8];
	assert_string_equal(l4_label(IPPROTO_TCP, buf, sizeof buf), "tcp");
	assert_string_equal(l4_label(50, buf, sizeof buf), "50");
	assert_string_equal(l4_label(255, buf, sizeof buf), "255");
}

static void test_part_problem(void **state)
{
	(void)state;
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	for (int p = 0; p < CT_PART_COUNT; p++)
		assert_null(part_problem(&s, (enum ct_part)p));
	s.part_err[CT_PART_DUMP] = EPERM;
	assert_non_null(strstr(part_problem(&s, CT_PART_DUMP), "CAP_NET_ADMIN"));
	s.part_err[CT_PART_DUMP] = ENOBUFS;
	assert_non_null(strstr(part_problem(&s, CT_PART_DUMP), "partial"));
	s.part_err[CT_PART_SLAB] = EACCES;
	assert_non_null(strstr(part_problem(&s, CT_PART_SLAB), "root only"));
	/* the cache not listed, and no /proc/slabinfo at all, are two causes */
	s.part_err[CT_PART_SLAB] = ENODATA;
	assert_non_null(strstr(part_problem(&s, CT_PART_SLAB), "no nf_conntrack line"));
	s.part_err[CT_PART_SLAB] = ENOENT;
	assert_non_null(strstr(part_problem(&s, CT_PART_SLAB), "no /proc/slabinfo"));
	s.part_err[CT_PART_SYSCTL] = EIO;
	assert_non_null(part_problem(&s, CT_PART_SYSCTL));
	s.part_err[CT_PART_SYSCTL] = EACCES;
	assert_non_null(strstr(part_problem(&s, CT_PART_SYSCTL), "permission denied"));
}

static void test_json_unloaded(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	report_json_unloaded(f, "nf_conntrack is not \"loaded\"");
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text, "{\"loaded\":false,\"message\":\"nf_conntrack is not \\\"loaded\\\"\"}\n");
	free(text);
}

/* --once says why the count and the entries dumped differ, within 80
 * columns. */
static void test_count_gap_note(void **state)
{
	(void)state;
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	s.max = 262144;
	s.buckets = 262144;
	s.count = 1204;
	s.tally.entries = 1000;
	s.complete = true;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	report_text(f, &s, NULL);
	assert_int_equal(fclose(f), 0);
	if (!strstr(text, "note: the count holds 204 entries more than the dump listed: not yet"))
		fail_msg("no note of the gap:\n%s", text);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strlen(line) > 80)
			fail_msg("over 80 columns: %s", line);
	free(text);
	/* equal: nothing said */
	s.count = 1000;
	text = NULL;
	f = open_memstream(&text, &len);
	report_text(f, &s, NULL);
	assert_int_equal(fclose(f), 0);
	assert_null(strstr(text, "note: the count"));
	free(text);
}

/* A snapshot of a namespace of a long name, count entries of max
 * 262,144, for --once. */
static void once_snapshot(struct ct_snapshot *s, uint64_t count)
{
	memset(s, 0, sizeof *s);
	snprintf(s->netns, sizeof s->netns, "web-frontend-production");
	s->max = s->buckets = s->hashsize = 262144;
	s->count = s->tally.entries = count;
	s->entry_size = 256;
	s->complete = true;
	s->an.fill = (double)count / (double)s->max;
}

/* report_text's answer for s, every line of it within 80 columns. */
static char *once_within_80(const struct ct_snapshot *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	report_text(f, s, NULL);
	assert_int_equal(fclose(f), 0);
	char *copy = strdup(text);
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
		if (strlen(line) > 80)
			fail_msg("over 80 columns: %s\n%s", line, text);
	free(copy);
	return text;
}

/* A full table's --once: the relief items with their commands (the
 * delete's filter as words), every line within 80 columns, level apart
 * from the text. */
static void test_once_relief_80_columns(void **state)
{
	(void)state;
	struct ct_snapshot s;
	once_snapshot(&s, 262144);
	s.tally.l4[IPPROTO_TCP] = s.max - 1000;
	s.tally.l4[IPPROTO_UDP] = 1000;
	s.tally.tcp[CT_TCP_TIME_WAIT] = 225000;
	s.tally.tcp[CT_TCP_ESTABLISHED] = s.max - 1000 - 225000;
	s.tally.unreplied_datagram = 1000;
	char *text = once_within_80(&s);
	if (!strstr(text, "  critical Delete the 226,000 entries that hold slots without traffic"))
		fail_msg("no relief first:\n%s", text);
	/* long commands wrap as shell continuations */
	if (!strstr(text, "ctdash --delete") || !strstr(text, " \\\n      "))
		fail_msg("no delete command, or not wrapped:\n%s", text + strlen(text) / 2);
	free(text);
}

/* text with every shell line continuation taken out, as the shell reads
 * it: "'\\\n'" inside a word and "\\\n" (and the indentation after
 * " \\\n") between words. */
static void unwrap(char *text)
{
	char *o = text;
	for (const char *p = text; *p;) {
		if (strncmp(p, "'\\\n'", 3 + 1) == 0) {
			p += 4;
		} else if (p[0] == '\\' && p[1] == '\n') {
			for (p += 2; *p == ' ' && o > text && o[-1] == ' '; p++)
				;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
}

/* A command with a quoted word longer than a line (the NOTRACK advice's
 * nft chain, in a namespace of a long name): broken inside the quotes
 * so every line stays within 80 columns, and it still pastes as the
 * same command. */
static void test_once_long_word_80_columns(void **state)
{
	(void)state;
	struct ct_snapshot s;
	once_snapshot(&s, 2000);
	s.tally.l4[IPPROTO_UDP] = 2000;
	s.tally.loopback = 2000;
	char *text = once_within_80(&s);
	unwrap(text);
	const char *whole = "$ ip netns exec web-frontend-production nft 'add chain inet ctdash_notrack "
			    "prerouting { type filter hook prerouting priority raw; }'\n";
	if (!strstr(text, whole))
		fail_msg("the command does not paste back as \"%s\":\n%s", whole, text);
	free(text);
}

/* text with its lines joined and every run of spaces made one, so a
 * sentence wrapped at spaces compares with the sentence itself. */
static char *flattened(const char *text)
{
	char *flat = strdup(text), *o = flat;
	assert_non_null(flat);
	for (const char *q = text; *q; q++) {
		char c = *q == '\n' ? ' ' : *q;
		if (!(c == ' ' && o > flat && o[-1] == ' '))
			*o++ = c;
	}
	*o = '\0';
	return flat;
}

/* Advice text is never cut (issue 22): with a long namespace name and
 * counts of nine digits, every item's whole text is in --once (wrapped
 * at spaces, within 80 columns, the title too) and in --json. */
static void test_advice_whole_everywhere(void **state)
{
	(void)state;
	struct ct_snapshot s;
	once_snapshot(&s, 262144);
	snprintf(s.netns, sizeof s.netns, "kube-system-coredns-7d9f8b-production-eu1");
	s.tally.l4[IPPROTO_TCP] = s.max - 1000;
	s.tally.l4[IPPROTO_UDP] = 1000;
	s.tally.tcp[CT_TCP_TIME_WAIT] = 225000;
	s.tally.tcp[CT_TCP_ESTABLISHED] = s.max - 1000 - 225000;
	s.tally.unreplied_datagram = 1000;
	s.stat_total[10] = 123456789; /* drop */
	s.stat_total[11] = 123456789; /* early_drop */
	static struct advice adv[ADVICE_MAX];
	unsigned n = report_advice(&s, NULL, adv, ADVICE_MAX);
	assert_true(n >= 2);
	char *text = once_within_80(&s), *json = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);
	assert_non_null(f);
	report_json(f, &s, NULL);
	assert_int_equal(fclose(f), 0);
	char *flat = flattened(text);
	for (unsigned i = 0; i < n; i++) {
		size_t tl = strlen(adv[i].text);
		if (tl + 1 >= ADVICE_TEXT || adv[i].text[tl - 1] != '.')
			fail_msg("%s is cut: %s", adv[i].id, adv[i].text);
		char *item = flattened(adv[i].text);
		if (!strstr(flat, item))
			fail_msg("--once lacks the whole of %s: \"%s\"", adv[i].id, item);
		if (!strpbrk(adv[i].text, "\"\\") && !strstr(json, adv[i].text))
			fail_msg("--json lacks the whole of %s: \"%s\"", adv[i].id, adv[i].text);
		free(item);
	}
	free(flat);
	free(json);
	free(text);
	/* the longest name a namespace can have: still within 80 columns
	 * (once_within_80), the title and the advice broken inside it */
	memset(s.netns, 'n', sizeof s.netns - 1);
	s.netns[sizeof s.netns - 1] = '\0';
	free(once_within_80(&s));
}

/* One "full in" (issue 22): --once's churn line, --json's
 * seconds_to_full and the advice give the same figure, for a whole
 * number of seconds (the advice said one more) and for a fraction
 * (rounded up everywhere). */
static void full_in_agrees(double seconds, long want)
{
	struct ct_snapshot s;
	once_snapshot(&s, 200000);
	s.tally.l4[IPPROTO_UDP] = 200000;
	s.rates = (struct ct_rates){ .valid = true, .window_s = 10, .seconds_to_full = seconds,
				     .growth_per_s = (double)(s.max - s.count) / seconds };
	char *text = once_within_80(&s), *json = NULL, want_text[64], want_json[64], want_adv[64],
	     d[24];
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);
	assert_non_null(f);
	report_json(f, &s, NULL);
	assert_int_equal(fclose(f), 0);
	snprintf(want_text, sizeof want_text, ", full in %ld s", want);
	snprintf(want_json, sizeof want_json, "\"seconds_to_full\":%ld", want);
	snprintf(want_adv, sizeof want_adv, "full in %s.", fmt_duration(d, sizeof d, want));
	if (!strstr(text, want_text))
		fail_msg("--once lacks \"%s\":\n%s", want_text, text);
	if (!strstr(json, want_json))
		fail_msg("--json lacks %s: %s", want_json, json);
	unwrap(text);
	/* the advice's text, wrapped: compare with its words joined */
	char *flat = flattened(text);
	if (!strstr(flat, want_adv))
		fail_msg("the advice lacks \"%s\":\n%s", want_adv, text);
	free(flat);
	free(json);
	free(text);
}

static void test_full_in_one_figure(void **state)
{
	(void)state;
	full_in_agrees(100.0, 100);
	full_in_agrees(100.4, 101);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l4_label),
		cmocka_unit_test(test_part_problem),
		cmocka_unit_test(test_json_unloaded),
		cmocka_unit_test(test_count_gap_note),
		cmocka_unit_test(test_once_relief_80_columns),
		cmocka_unit_test(test_once_long_word_80_columns),
		cmocka_unit_test(test_full_in_one_figure),
		cmocka_unit_test(test_advice_whole_everywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
