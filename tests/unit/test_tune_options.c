/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tuning options on the command line: --read-only, --journal PATH,
 * --undo-last, --demo, and what they cannot be combined with. */
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cli/options.h"

struct run {
	int ret;
	struct options o;
	char err[256];
};

/* Parse a NULL-terminated argument list (argv[0] is added) from
 * writable copies, since getopt may permute them. */
static struct run parse(const char *const *args)
{
	static char store[32][64];
	char *argv[33];
	int argc = 0;
	for (const char *a = "ctdash"; a && argc < 32; a = *args++, argc++) {
		snprintf(store[argc], sizeof store[argc], "%s", a);
		argv[argc] = store[argc];
	}
	argv[argc] = NULL;
	struct run r;
	memset(&r, 0, sizeof r);
	r.ret = options_parse(argc, argv, &r.o, r.err, sizeof r.err);
	return r;
}

#define RUN(...) parse((const char *const[]){ __VA_ARGS__, NULL })

static void refused(struct run r, const char *hint)
{
	assert_int_equal(r.ret, -1);
	if (!strstr(r.err, hint))
		fail_msg("error \"%s\" does not mention \"%s\"", r.err, hint);
}

static void test_defaults(void **state)
{
	(void)state;
	struct run r = RUN("--once");
	assert_int_equal(r.ret, 0);
	assert_false(r.o.read_only);
	assert_null(r.o.journal);
	assert_false(r.o.demo);
}

static void test_tuning_options(void **state)
{
	(void)state;
	struct run r = RUN("--read-only");
	assert_int_equal(r.ret, 0);
	assert_true(r.o.read_only);
	assert_int_equal(r.o.mode, MODE_DASHBOARD);

	r = RUN("--journal", "/tmp/j", "--undo-last", "--netns", "web");
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.o.journal, "/tmp/j");
	assert_int_equal(r.o.mode, MODE_UNDO_LAST);
	assert_string_equal(r.o.netns, "web");
	r = RUN("--journal=/tmp/k");
	assert_string_equal(r.o.journal, "/tmp/k");
	r = RUN("--undo-last", "--netns-pid", "42", "--read-only");
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.o.netns_pid, 42);
	assert_true(r.o.read_only);

	r = RUN("--demo");
	assert_int_equal(r.ret, 0);
	assert_true(r.o.demo);
	assert_int_equal(r.o.mode, MODE_DASHBOARD);
	r = RUN("--demo", "--json");
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.o.mode, MODE_JSON);
	/* --help still wins */
	r = RUN("--undo-last", "--help");
	assert_int_equal(r.o.mode, MODE_HELP);
}

static void test_conflicts(void **state)
{
	(void)state;
	refused(RUN("--journal"), "needs a value");
	refused(RUN("--journal", ""), "file name");
	refused(RUN("--undo-last", "--once"), "--undo-last");
	refused(RUN("--json", "--undo-last"), "--undo-last");
	refused(RUN("--demo", "--netns", "web"), "--demo");
	refused(RUN("--netns-pid", "1", "--demo"), "--demo");
	refused(RUN("--demo", "--undo-last"), "--undo-last");
	refused(RUN("--read-only=yes"), "read-only");
}

static void test_usage_names_them(void **state)
{
	(void)state;
	char buf[8192] = "";
	FILE *f = fmemopen(buf, sizeof buf - 1, "w");
	options_usage(f);
	fclose(f);
	static const char *const words[] = {
		"--read-only", "--journal PATH", "/var/lib/ctdash/journal", "--undo-last", "--demo",
	};
	for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strstr(buf, words[i]))
			fail_msg("--help does not mention %s", words[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_tuning_options),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_usage_names_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
