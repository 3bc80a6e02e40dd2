/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options_parse: every option in its long and short form, bad values,
 * unknown options, missing values, extra arguments, conflicts, NO_COLOR. */
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/model.h"
#include "cli/options.h"

#define MAXARGS 16

struct outcome {
	int ret;
	struct options o;
	char err[256];
};

/* Parse a NULL-terminated argument list (argv[0] is added) from copies,
 * since getopt may permute them. */
static struct outcome run_args(const char *const *args)
{
	static char store[MAXARGS][64];
	char *argv[MAXARGS + 1];
	int argc = 0;
	snprintf(store[argc], sizeof store[argc], "ctdash");
	argv[argc] = store[argc];
	argc++;
	for (; *args; args++, argc++) {
		assert_true(argc < MAXARGS);
		snprintf(store[argc], sizeof store[argc], "%s", *args);
		argv[argc] = store[argc];
	}
	argv[argc] = NULL;
	struct outcome r;
	memset(&r, 0, sizeof r);
	r.ret = options_parse(argc, argv, &r.o, r.err, sizeof r.err);
	return r;
}

#define RUN(...) run_args((const char *const[]){ __VA_ARGS__, NULL })

static struct outcome ok(struct outcome r)
{
	if (r.ret != 0)
		fail_msg("refused: %s", r.err);
	return r;
}

/* Refused, with a reason that names what was wrong. */
static void refused(struct outcome r, const char *mentions)
{
	if (r.ret != -1)
		fail_msg("accepted, expected a refusal mentioning '%s'", mentions);
	if (!strstr(r.err, mentions))
		fail_msg("reason '%s' does not mention '%s'", r.err, mentions);
}

static int setup(void **state)
{
	(void)state;
	unsetenv("NO_COLOR");
	return 0;
}

static void test_defaults(void **state)
{
	(void)state;
	struct outcome r = ok(run_args((const char *const[]){ NULL }));
	assert_int_equal(r.o.mode, MODE_DASHBOARD);
	assert_int_equal(r.o.top_n, DEFAULT_TOP);
	assert_int_equal(r.o.delay_tenths, DEFAULT_DELAY);
	assert_null(r.o.netns);
	assert_int_equal(r.o.netns_pid, 0);
	assert_true(r.o.color);
}

static void test_modes_long_and_short(void **state)
{
	(void)state;
	assert_int_equal(ok(RUN("--once")).o.mode, MODE_ONCE);
	assert_int_equal(ok(RUN("-1")).o.mode, MODE_ONCE);
	assert_int_equal(ok(RUN("--json")).o.mode, MODE_JSON);
	assert_int_equal(ok(RUN("-j")).o.mode, MODE_JSON);
	assert_int_equal(ok(RUN("--help")).o.mode, MODE_HELP);
	assert_int_equal(ok(RUN("-h")).o.mode, MODE_HELP);
	assert_int_equal(ok(RUN("--version")).o.mode, MODE_VERSION);
	assert_int_equal(ok(RUN("-V")).o.mode, MODE_VERSION);
	/* the same mode twice is no conflict; help wins over a report */
	assert_int_equal(ok(RUN("--json", "-j")).o.mode, MODE_JSON);
	assert_int_equal(ok(RUN("--once", "--help")).o.mode, MODE_HELP);
	assert_int_equal(ok(RUN("--json", "--version")).o.mode, MODE_VERSION);
}

static void test_values_long_and_short(void **state)
{
	(void)state;
	assert_int_equal(ok(RUN("--top", "25")).o.top_n, 25);
	assert_int_equal(ok(RUN("--top=7")).o.top_n, 7);
	assert_int_equal(ok(RUN("-n", "1")).o.top_n, 1);
	assert_int_equal(ok(RUN("-n100")).o.top_n, CT_TOP_MAX);
	assert_int_equal(ok(RUN("--delay", "5")).o.delay_tenths, 5);
	assert_int_equal(ok(RUN("-d", "6000")).o.delay_tenths, 6000);
	assert_int_equal(ok(RUN("--delay=1")).o.delay_tenths, 1);
	assert_string_equal(ok(RUN("--netns", "blue")).o.netns, "blue");
	assert_string_equal(ok(RUN("-N", "red")).o.netns, "red");
	assert_int_equal(ok(RUN("--netns-pid", "4242")).o.netns_pid, 4242);
	assert_int_equal(ok(RUN("--netns-pid=1")).o.netns_pid, 1);
	assert_false(ok(RUN("--no-color")).o.color);

	/* all together, options after one another in any order */
	struct outcome r = ok(RUN("-j", "--top", "3", "-d", "50", "--no-color", "-N", "ns1"));
	assert_int_equal(r.o.mode, MODE_JSON);
	assert_int_equal(r.o.top_n, 3);
	assert_int_equal(r.o.delay_tenths, 50);
	assert_false(r.o.color);
	assert_string_equal(r.o.netns, "ns1");
	/* grouped short options */
	r = ok(RUN("-1n5"));
	assert_int_equal(r.o.mode, MODE_ONCE);
	assert_int_equal(r.o.top_n, 5);
}

static void test_bad_values(void **state)
{
	(void)state;
	refused(RUN("--top", "abc"), "abc");
	refused(RUN("--top", "abc"), "--top");
	refused(RUN("--top", "0"), "--top");
	refused(RUN("--top", "101"), "101");
	refused(RUN("--top", "-5"), "-5");
	refused(RUN("--top", "5x"), "5x");
	refused(RUN("--top", ""), "--top");
	refused(RUN("--top", "99999999999999999999999"), "--top");
	refused(RUN("-n", " 5"), "--top");
	refused(RUN("--delay", "0"), "--delay");
	refused(RUN("-d", "6001"), "6001");
	refused(RUN("--delay", "1.5"), "1.5");
	refused(RUN("--netns-pid", "0"), "--netns-pid");
	refused(RUN("--netns-pid", "2147483648"), "--netns-pid");
	refused(RUN("--netns-pid", "self"), "self");
}

static void test_unknown_missing_extra(void **state)
{
	(void)state;
	refused(RUN("--bogus"), "--bogus");
	refused(RUN("-Q"), "-Q");
	refused(RUN("--top"), "--top");
	refused(RUN("-n"), "-n");
	refused(RUN("--netns"), "--netns");
	refused(RUN("--once", "-d"), "-d");
	refused(RUN("extra"), "extra");
	refused(RUN("--json", "extra"), "extra");
	refused(RUN("--once", "--", "--json"), "--json");
	/* a long option that takes no value given one */
	refused(RUN("--once=yes"), "--once");
}

static void test_conflicts(void **state)
{
	(void)state;
	refused(RUN("--once", "--json"), "--json");
	refused(RUN("-j", "-1"), "--once");
	refused(RUN("--netns", "a", "--netns-pid", "1"), "--netns-pid");
}

static void test_no_color_environment(void **state)
{
	(void)state;
	setenv("NO_COLOR", "1", 1);
	assert_false(ok(RUN("--once")).o.color);
	/* no-color.org: set to anything but the empty string */
	setenv("NO_COLOR", "", 1);
	assert_true(ok(RUN("--once")).o.color);
	unsetenv("NO_COLOR");
	assert_true(ok(RUN("--once")).o.color);
}

/* A parse that stopped in the middle of a group of short options must
 * not leak into the next parse. */
static void test_reparse_starts_clean(void **state)
{
	(void)state;
	refused(RUN("-jZn5"), "-Z");
	struct outcome r = ok(run_args((const char *const[]){ NULL }));
	assert_int_equal(r.o.mode, MODE_DASHBOARD);
	assert_int_equal(r.o.top_n, DEFAULT_TOP);
}

static void test_interval(void **state)
{
	(void)state;
	assert_int_equal(ok(RUN("--json", "--interval", "5")).o.interval_s, 5);
	assert_int_equal(ok(RUN("--interval=2", "--once")).o.interval_s, 2);
	assert_int_equal(ok(RUN("--once")).o.interval_s, 0);
	refused(RUN("--json", "--interval", "0"), "--interval");
	refused(RUN("--json", "--interval", "3601"), "--interval");
	refused(RUN("--interval", "5"), "--once or --json");
}

static void test_listen(void **state)
{
	(void)state;
	struct outcome r = ok(RUN("--listen", "9466"));
	assert_int_equal(r.o.mode, MODE_EXPORTER);
	assert_string_equal(r.o.listen_addr, "127.0.0.1"); /* loopback unless given */
	assert_int_equal(r.o.listen_port, 9466);
	r = ok(RUN("--listen", "0.0.0.0:80"));
	assert_string_equal(r.o.listen_addr, "0.0.0.0");
	assert_int_equal(r.o.listen_port, 80);
	r = ok(RUN("--listen", "[::1]:9466"));
	assert_string_equal(r.o.listen_addr, "::1");
	r = ok(RUN("--listen", "9466", "--textfile", "/tmp/x.prom", "--all-netns"));
	assert_string_equal(r.o.textfile, "/tmp/x.prom");
	assert_true(r.o.all_netns);
	refused(RUN("--listen", "0"), "--listen");
	refused(RUN("--listen", "65536"), "--listen");
	refused(RUN("--listen", ":80"), "--listen");
	refused(RUN("--listen", "1.2.3.4:"), "--listen");
	refused(RUN("--listen", "x"), "--listen");
	refused(RUN("--textfile", ""), "--textfile");
}

static void test_modes(void **state)
{
	(void)state;
	assert_int_equal(ok(RUN("--prometheus")).o.mode, MODE_PROMETHEUS);
	assert_int_equal(ok(RUN("--textfile", "f")).o.mode, MODE_EXPORTER);
	assert_true(ok(RUN("--json", "--all-netns")).o.all_netns);
	refused(RUN("--prometheus", "--json"), "--prometheus");
	refused(RUN("--once", "--listen", "1"), "--once");
	refused(RUN("--listen", "1", "--prometheus"), "--prometheus");
	refused(RUN("--undo-last", "--textfile", "f"), "--undo-last");
	/* --once and --list name the workloads behind addresses */
	assert_true(ok(RUN("--once", "--all-netns")).o.all_netns);
	assert_true(ok(RUN("--list", "--all-netns")).o.all_netns);
	assert_true(ok(RUN("--all-netns")).o.all_netns); /* the dashboard */
	refused(RUN("--delete", "proto", "udp", "--all-netns"), "--all-netns");
	assert_int_equal(ok(RUN("--max-series", "5", "--prometheus", "--all-netns")).o.max_series, 5);
	refused(RUN("--max-series", "0"), "--max-series");
	refused(RUN("--demo", "--listen", "1"), "--demo");
}

/* --list and --delete take the words after the options as the filter;
 * --sort, --limit and --yes go with them only. */
static void test_list_and_delete(void **state)
{
	(void)state;
	struct outcome r = ok(RUN("--list", "dport", "80", "and", "proto", "tcp"));
	assert_int_equal(r.o.mode, MODE_LIST);
	assert_string_equal(r.o.filter, "dport 80 and proto tcp");
	assert_false(r.o.list_json);
	r = ok(RUN("--json", "--list", "--sort", "-timeout", "--limit", "50", "assured"));
	assert_int_equal(r.o.mode, MODE_LIST);
	assert_true(r.o.list_json);
	assert_string_equal(r.o.sort, "-timeout");
	assert_int_equal(r.o.limit, 50);
	assert_string_equal(r.o.filter, "assured");
	r = ok(RUN("--list"));
	assert_string_equal(r.o.filter, "");
	r = ok(RUN("--delete", "zone 7", "--yes", "--yes"));
	assert_int_equal(r.o.mode, MODE_DELETE);
	assert_int_equal(r.o.yes, 2);
	assert_string_equal(r.o.filter, "zone 7");
	refused(RUN("--list", "--delete"), "cannot be used together");
	refused(RUN("--list", "--once"), "--list cannot be used with");
	refused(RUN("--delete", "x", "--json"), "--delete cannot be used with");
	refused(RUN("--sort", "id"), "--sort and --limit go with --list");
	refused(RUN("--delete", "assured", "--limit", "3"), "--sort and --limit go with --list");
	refused(RUN("--list", "--yes"), "--yes goes with --delete");
	r = ok(RUN("--list", "--resolve", "proto", "udp"));
	assert_true(r.o.resolve);
	assert_string_equal(r.o.filter, "proto udp");
	assert_false(ok(RUN("--list")).o.resolve);
	refused(RUN("--resolve"), "--resolve goes with --list");
	refused(RUN("--delete", "assured", "--resolve"), "--resolve goes with --list");
	refused(RUN("--list", "--limit", "0"), "--limit");
	refused(RUN("dport", "80"), "unexpected argument");
	refused(RUN("--list", "--interval", "3"), "cannot be used with --interval");
}

static void test_view(void **state)
{
	(void)state;
	assert_null(ok(RUN("-d", "5")).o.view);
	struct outcome r = ok(RUN("--view", "list", "src", "127.0.0.4", "and", "proto", "udp"));
	assert_int_equal(r.o.mode, MODE_DASHBOARD);
	assert_string_equal(r.o.view, "list");
	assert_string_equal(r.o.filter, "src 127.0.0.4 and proto udp");
	r = ok(RUN("--view", "list"));
	assert_string_equal(r.o.filter, "");
	/* the name is the dashboard's to judge (ui_check_view, test_keys) */
	assert_string_equal(ok(RUN("--view", "churn", "--demo")).o.view, "churn");
	refused(RUN("--view", "churn", "proto", "udp"), "unexpected argument 'proto'");
	refused(RUN("--view", "list", "--once"), "--view goes with the dashboard");
	refused(RUN("--json", "--view", "timeouts"), "--view goes with the dashboard");
	refused(RUN("--list", "--view", "list"), "--view goes with the dashboard");
	refused(RUN("--view"), "needs a value");
	assert_int_equal(ok(RUN("--view", "list", "--help")).o.mode, MODE_HELP);
}

/* The flight recorder's options (issue 20). Under make check stdin is
 * not a terminal, so --record alone is the screenless mode. */
static void test_record_and_replay(void **state)
{
	(void)state;
	struct outcome r = ok(RUN("--record", "/var/lib/ctdash/flight.db", "-d", "10"));
	assert_string_equal(r.o.record, "/var/lib/ctdash/flight.db");
	assert_true(r.o.record_max_age_s == 7 * 86400.0);
	assert_int_equal(r.o.record_max_bytes, 256ull << 20);
	r = ok(RUN("--record", "f.db", "--json", "--all-netns"));
	assert_int_equal(r.o.mode, MODE_RECORD);
	assert_true(r.o.record_json);
	r = ok(RUN("--record", "f.db", "--record-max-age", "12h", "--record-max-size", "64M"));
	assert_true(r.o.record_max_age_s == 12 * 3600.0);
	assert_int_equal(r.o.record_max_bytes, 64ull << 20);
	assert_int_equal(ok(RUN("--record", "f.db", "--listen", "9466")).o.mode, MODE_EXPORTER);
	refused(RUN("--record", "f.db", "--record-max-size", "100K"), "at least 1M");
	refused(RUN("--record", "f.db", "--record-max-size", "1T"), "--record-max-size");
	refused(RUN("--record", "f.db", "--record-max-age", "10s"), "at least a minute");
	refused(RUN("--record-max-age", "1d"), "go with --record");
	refused(RUN("--record", "f.db", "--once"), "--record goes with");
	refused(RUN("--record", ""), "--record needs a file name");
	r = ok(RUN("--replay", "f.db", "--json", "--at", "03:02"));
	assert_int_equal(r.o.mode, MODE_JSON);
	assert_string_equal(r.o.at, "03:02");
	assert_int_equal(ok(RUN("--replay", "f.db", "--history", "--since", "-1h")).o.mode, MODE_HISTORY);
	r = ok(RUN("--replay", "f.db", "--list", "--json"));
	assert_int_equal(r.o.mode, MODE_LIST);
	assert_true(r.o.list_json);
	refused(RUN("--at", "03:02"), "go with --replay");
	refused(RUN("--replay", "f.db", "--since", "-1h"), "go with --history");
	refused(RUN("--replay", "f.db", "--history", "--once"), "cannot be used with --once");
	refused(RUN("--replay", "f.db", "--record", "g.db"), "cannot be used together");
	refused(RUN("--replay", "f.db", "--netns", "x"), "--replay reads a recording");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, setup),
		cmocka_unit_test_setup(test_record_and_replay, setup),
		cmocka_unit_test_setup(test_modes_long_and_short, setup),
		cmocka_unit_test_setup(test_values_long_and_short, setup),
		cmocka_unit_test_setup(test_bad_values, setup),
		cmocka_unit_test_setup(test_unknown_missing_extra, setup),
		cmocka_unit_test_setup(test_conflicts, setup),
		cmocka_unit_test_setup(test_no_color_environment, setup),
		cmocka_unit_test_setup(test_reparse_starts_clean, setup),
		cmocka_unit_test_setup(test_interval, setup),
		cmocka_unit_test_setup(test_listen, setup),
		cmocka_unit_test_setup(test_modes, setup),
		cmocka_unit_test_setup(test_list_and_delete, setup),
		cmocka_unit_test_setup(test_view, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
