/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The journal: its line format both ways, the strict reader (a corrupt
 * line is reported by number and skipped), how the file is created and
 * opened. The recovery logic that reads it is test_recovery.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"
#include "write/journal.h"

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	return scratch_make(tmpdir, sizeof tmpdir, "journal");
}

static int remove_tmpdir(void **state)
{
	(void)state;
	return scratch_remove(tmpdir);
}

static struct journal_rec rec(enum journal_kind kind, const char *tx, const char *reverts,
			      const char *name, uint64_t old_value, uint64_t new_value)
{
	struct journal_rec r;
	memset(&r, 0, sizeof r);
	r.when = 1763769792; /* 2025-11-22T00:03:12Z */
	r.kind = kind;
	snprintf(r.txid, sizeof r.txid, "%s", tx);
	snprintf(r.reverts, sizeof r.reverts, "%s", reverts);
	r.nsid = 4026532291;
	snprintf(r.ns, sizeof r.ns, "web");
	snprintf(r.name, sizeof r.name, "%s", name);
	r.old_value = old_value;
	r.new_value = new_value;
	return r;
}

static void test_format_exact(void **state)
{
	(void)state;
	struct journal_rec r = rec(JOURNAL_APPLY, "6920fec0-3e8-1", "",
				   "nf_conntrack_tcp_timeout_time_wait", 120, 10);
	char line[JOURNAL_LINE_MAX];
	int len = journal_format(&r, line, sizeof line);
	assert_string_equal(line, "2025-11-22T00:03:12Z apply 6920fec0-3e8-1 - 4026532291 web "
			    "nf_conntrack_tcp_timeout_time_wait 120 10\n");
	assert_int_equal(len, (int)strlen(line));

	r = rec(JOURNAL_UNDO, "6920fec1-3e8-2", "6920fec0-3e8-1", "hashsize", 65536, 262144);
	r.ns[0] = '\0';
	journal_format(&r, line, sizeof line);
	assert_string_equal(line, "2025-11-22T00:03:12Z undo 6920fec1-3e8-2 6920fec0-3e8-1 "
			    "4026532291 - hashsize 65536 262144\n");
}

static void roundtrip(const struct journal_rec *r)
{
	char line[JOURNAL_LINE_MAX];
	assert_true(journal_format(r, line, sizeof line) > 0);
	struct journal_rec back;
	const char *why = journal_parse_line(line, &back);
	if (why)
		fail_msg("'%s' did not parse back: %s", line, why);
	assert_int_equal(back.when, r->when);
	assert_int_equal(back.kind, r->kind);
	assert_string_equal(back.txid, r->txid);
	assert_string_equal(back.reverts, r->reverts);
	assert_int_equal(back.nsid, r->nsid);
	assert_string_equal(back.ns, r->ns);
	assert_string_equal(back.name, r->name);
	assert_int_equal(back.old_value, r->old_value);
	assert_int_equal(back.new_value, r->new_value);
}

static void test_roundtrip(void **state)
{
	(void)state;
	struct journal_rec r = rec(JOURNAL_APPLY, "a-1", "", "nf_conntrack_max", 262144, 1048576);
	roundtrip(&r);
	r = rec(JOURNAL_UNDO, "b.2", "a-1", "nf_conntrack_icmp_timeout", 10, 30);
	roundtrip(&r);
	r = rec(JOURNAL_ACTUAL, "c_3", "", "hashsize", UINT64_MAX, 0);
	roundtrip(&r);
	/* namespace names may hold anything but '/': spaces, '%', '-' alone */
	static const char *const names[] = { "", "-", "my ns", "100%", "pid:4242", "a\tb", "é" };
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		r = rec(JOURNAL_APPLY, "d-4", "", "nf_conntrack_udp_timeout", 30, 10);
		snprintf(r.ns, sizeof r.ns, "%s", names[i]);
		roundtrip(&r);
	}
	/* a leap into the far future and the epoch itself */
	r.when = 0;
	roundtrip(&r);
	r.when = 4102444800; /* 2100-01-01 */
	roundtrip(&r);
}

/* A clock far off still gives lines the reader takes back: years before
 * 1000 and after 9999, and before year 0 (ISO 8601's expanded years). */
static void test_roundtrip_far_years(void **state)
{
	(void)state;
	static const struct {
		int64_t when;
		const char *text;
	} cases[] = {
		{ -30610224001, "0999-12-31T23:59:59Z" }, /* one second before 1000 */
		{ -30610224000, "1000-01-01T00:00:00Z" },
		{ 253402300799, "9999-12-31T23:59:59Z" },
		{ 253402300800, "10000-01-01T00:00:00Z" },
		{ -62167219200, "0000-01-01T00:00:00Z" },
		{ -62167219200 - 86400, "-0001-12-31T00:00:00Z" },
		{ 32503680000LL * 10, "12270-01-03T00:00:00Z" },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct journal_rec r = rec(JOURNAL_APPLY, "y-1", "", "nf_conntrack_max", 1, 2);
		r.when = cases[i].when;
		char line[JOURNAL_LINE_MAX];
		assert_true(journal_format(&r, line, sizeof line) > 0);
		if (strncmp(line, cases[i].text, strlen(cases[i].text)) != 0 || line[strlen(cases[i].text)] != ' ')
			fail_msg("%lld formatted as %s, wanted %s", (long long)r.when, line, cases[i].text);
		roundtrip(&r);
	}
	/* the reader's shape is strict all the same */
	struct journal_rec r;
	assert_non_null(journal_parse_line("999-12-31T23:59:59Z apply t - 7 - nf_conntrack_max 1 2", &r));
	assert_non_null(journal_parse_line("+2025-12-31T23:59:59Z apply t - 7 - nf_conntrack_max 1 2", &r));
	assert_non_null(journal_parse_line("--2025-12-31T23:59:59Z apply t - 7 - nf_conntrack_max 1 2", &r));
	assert_non_null(journal_parse_line("99999999999-12-31T23:59:59Z apply t - 7 - nf_conntrack_max 1 2", &r));
}

static void test_format_refuses_bad_fields(void **state)
{
	(void)state;
	char line[JOURNAL_LINE_MAX];
	struct journal_rec r = rec(JOURNAL_APPLY, "has space", "", "nf_conntrack_max", 1, 2);
	assert_int_equal(journal_format(&r, line, sizeof line), -EINVAL);
	r = rec(JOURNAL_APPLY, "ok", "", "../../etc/passwd", 1, 2);
	assert_int_equal(journal_format(&r, line, sizeof line), -EINVAL);
	r = rec(JOURNAL_UNDO, "ok", "", "nf_conntrack_max", 1, 2); /* undo without target */
	assert_int_equal(journal_format(&r, line, sizeof line), -EINVAL);
	r = rec(JOURNAL_APPLY, "ok", "x", "nf_conntrack_max", 1, 2); /* apply that reverts */
	assert_int_equal(journal_format(&r, line, sizeof line), -EINVAL);
}

static void bad_line(const char *line, const char *hint)
{
	struct journal_rec r;
	const char *why = journal_parse_line(line, &r);
	if (!why)
		fail_msg("'%s' parsed", line);
	if (!strstr(why, hint))
		fail_msg("'%s': \"%s\", expected \"%s\"", line, why, hint);
}

static void test_parse_refuses_corrupt(void **state)
{
	(void)state;
	static const char good[] = "2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_max 1 2";
	struct journal_rec r;
	assert_null(journal_parse_line(good, &r));
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_max 1", "fewer");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_max 1 2 3", "more");
	bad_line("2025-11-22T00:03:12Z  apply t1 - 7 - nf_conntrack_max 1 2", "empty field");
	bad_line("2025-11-22 00:03:12 apply t1 - 7 - nf_conntrack_max 1 2", "fields");
	bad_line("2025-13-22T00:03:12Z apply t1 - 7 - nf_conntrack_max 1 2", "time");
	bad_line("22-11-2025T00:03:12Z apply t1 - 7 - nf_conntrack_max 1 2", "time");
	bad_line("2025-11-22T00:03:12Z redo t1 - 7 - nf_conntrack_max 1 2", "kind");
	bad_line("2025-11-22T00:03:12Z apply t/1 - 7 - nf_conntrack_max 1 2", "transaction");
	bad_line("2025-11-22T00:03:12Z undo t1 - 7 - nf_conntrack_max 1 2", "undo");
	bad_line("2025-11-22T00:03:12Z apply t1 t0 7 - nf_conntrack_max 1 2", "only an undo");
	bad_line("2025-11-22T00:03:12Z apply t1 - x7 - nf_conntrack_max 1 2", "namespace id");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 a%2 nf_conntrack_max 1 2", "escape");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 a%00 nf_conntrack_max 1 2", "escape");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 a/b nf_conntrack_max 1 2", "character");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 - NF_CONNTRACK_MAX 1 2", "name");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_max -1 2", "old value");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_max 1 2x", "new value");
	bad_line("2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_max 1 18446744073709551616",
		 "new value");
	bad_line("", "empty");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Garbage between good records: each bad line is reported with its
 * number, every good one is kept in order, and a last line cut short by a
 * crash is reported too. */
static void test_reader_skips_and_reports(void **state)
{
	(void)state;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/mixed", tmpdir);
	write_file(path,
		   "# ctdash journal v1\n"                                                   /* 1 */
		   "2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_icmp_timeout 30 10\n"   /* 2 */
		   "garbage\n"                                                               /* 3 */
		   "\n"                                                                      /* 4 */
		   "2025-11-22T00:03:13Z apply t2 - 7 - nf_conntrack_udp_timeout 30 5 x\n"  /* 5 */
		   "2025-11-22T00:03:14Z undo t3 t1 7 - nf_conntrack_icmp_timeout 10 30\n"   /* 6 */
		   "\x01\x02\xff\n"                                                          /* 7 */
		   "2025-11-22T00:03:15Z apply t4 - 7 - nf_conntrack_max 1 2");              /* 8 */
	struct journal_log log;
	assert_int_equal(journal_read(path, &log), 0);
	assert_int_equal(log.n, 2);
	assert_string_equal(log.rec[0].txid, "t1");
	assert_int_equal(log.rec[0].line, 2);
	assert_string_equal(log.rec[1].txid, "t3");
	assert_int_equal(log.rec[1].line, 6);
	assert_int_equal(log.nproblems, 4);
	assert_int_equal(log.problem[0].line, 3);
	assert_int_equal(log.problem[1].line, 5);
	assert_int_equal(log.problem[2].line, 7);
	assert_int_equal(log.problem[3].line, 8);
	assert_non_null(strstr(log.problem[3].why, "cut short"));
	journal_log_free(&log);

	/* a missing journal is an empty one */
	snprintf(path, sizeof path, "%s/none", tmpdir);
	assert_int_equal(journal_read(path, &log), 0);
	assert_int_equal(log.n, 0);
	assert_int_equal(log.nproblems, 0);

	/* only the first problems are kept, all are counted */
	snprintf(path, sizeof path, "%s/many", tmpdir);
	FILE *f = fopen(path, "w");
	for (int i = 0; i < 100; i++)
		fputs("nonsense\n", f);
	fclose(f);
	assert_int_equal(journal_read(path, &log), 0);
	assert_int_equal(log.nproblems, 100);
	assert_int_equal(log.problem[JOURNAL_PROBLEMS_KEPT - 1].line, JOURNAL_PROBLEMS_KEPT);
	journal_log_free(&log);
}

/* Read path into log: n records, no line skipped. */
static void read_clean(const char *path, struct journal_log *log, size_t n)
{
	assert_int_equal(journal_read(path, log), 0);
	assert_int_equal(log->n, n);
	assert_int_equal(log->nproblems, 0);
}

static void test_open_creates_private_file(void **state)
{
	(void)state;
	char path[PATH_MAX], dir[128], err[256];
	snprintf(dir, sizeof dir, "%s/var/lib/ctdash", tmpdir);
	snprintf(path, sizeof path, "%s/journal", dir);
	mode_t old = umask(0); /* the file must be 0600 whatever the umask */
	struct journal j;
	int ret = journal_open(&j, path, err, sizeof err);
	umask(old);
	if (ret < 0)
		fail_msg("journal_open: %s", err);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);

	/* the descriptor does not survive exec, and appends */
	int flags = fcntl(j.fd, F_GETFD);
	assert_true(flags & FD_CLOEXEC);
	assert_true(fcntl(j.fd, F_GETFL) & O_APPEND);

	struct journal_rec a = rec(JOURNAL_APPLY, "t1", "", "nf_conntrack_icmp_timeout", 30, 10);
	struct journal_rec b = rec(JOURNAL_UNDO, "t2", "t1", "nf_conntrack_icmp_timeout", 10, 30);
	assert_int_equal(journal_append(&j, &a), 0);
	assert_int_equal(journal_append(&j, &b), 0);
	journal_close(&j);

	/* opened again: appended after, not over */
	assert_int_equal(journal_open(&j, path, err, sizeof err), 0);
	assert_int_equal(journal_append(&j, &a), 0);
	journal_close(&j);
	struct journal_log log;
	read_clean(path, &log, 3);
	assert_int_equal(log.rec[1].kind, JOURNAL_UNDO);
	assert_string_equal(log.rec[1].reverts, "t1");
	assert_string_equal(log.rec[2].txid, "t1");
	journal_log_free(&log);

	/* an existing file's mode is the admin's business: left alone */
	chmod(path, 0640);
	assert_int_equal(journal_open(&j, path, err, sizeof err), 0);
	journal_close(&j);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
}

static void test_open_refuses_symlink(void **state)
{
	(void)state;
	char target[PATH_MAX], link[PATH_MAX], err[256];
	snprintf(target, sizeof target, "%s/target", tmpdir);
	snprintf(link, sizeof link, "%s/link", tmpdir);
	write_file(target, "precious\n");
	assert_int_equal(symlink(target, link), 0);
	struct journal j;
	assert_int_equal(journal_open(&j, link, err, sizeof err), -ELOOP);
	assert_non_null(strstr(err, "symbolic link"));
	assert_int_equal(j.fd, -1);
	struct journal_log log;
	assert_int_equal(journal_read(link, &log), -ELOOP);

	/* a dangling symlink is not followed to create its target either */
	char dangling[PATH_MAX], nowhere[PATH_MAX];
	snprintf(dangling, sizeof dangling, "%s/dangling", tmpdir);
	snprintf(nowhere, sizeof nowhere, "%s/nowhere", tmpdir);
	assert_int_equal(symlink(nowhere, dangling), 0);
	assert_int_equal(journal_open(&j, dangling, err, sizeof err), -ELOOP);
	assert_int_equal(access(nowhere, F_OK), -1);

	/* the target was not touched */
	FILE *f = fopen(target, "r");
	char buf[32] = "";
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "precious\n");

	/* nor is anything that is not a regular file */
	assert_true(journal_open(&j, tmpdir, err, sizeof err) < 0);
}

/* A file-size limit (RLIMIT_FSIZE) stops a write part-way as a full disk
 * does: the record that failed must not be left behind in part, and a
 * journal that could not get its header is not left behind empty. */
static void test_append_on_full_disk_leaves_nothing(void **state)
{
	(void)state;
	char path[PATH_MAX], fresh[PATH_MAX], err[256];
	snprintf(path, sizeof path, "%s/full/journal", tmpdir);
	snprintf(fresh, sizeof fresh, "%s/full/fresh", tmpdir);
	struct journal j;
	assert_int_equal(journal_open(&j, path, err, sizeof err), 0);
	struct journal_rec a = rec(JOURNAL_APPLY, "t1", "", "nf_conntrack_icmp_timeout", 30, 10);
	assert_int_equal(journal_append(&j, &a), 0);
	struct stat st;
	assert_int_equal(fstat(j.fd, &st), 0);

	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)st.st_size + 20; /* room for 20 bytes of the next record */
	void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int ret = journal_append(&j, &a);
	struct journal fj;
	int fret = journal_open(&fj, fresh, err, sizeof err);
	journal_close(&fj);
	int unlinked = unlink(fresh);
	lim.rlim_cur = 0; /* not even a header */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int fret0 = journal_open(&fj, fresh, err, sizeof err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);

	assert_int_equal(ret, -EFBIG);
	struct stat after;
	assert_int_equal(fstat(j.fd, &after), 0);
	assert_int_equal(after.st_size, st.st_size);
	/* the header fits in the first limit; a journal whose header does not
	 * is removed, not left empty */
	assert_int_equal(fret, 0);
	assert_int_equal(unlinked, 0);
	assert_int_equal(fret0, -EFBIG);
	assert_non_null(strstr(err, "cannot set up the journal"));
	assert_int_equal(access(fresh, F_OK), -1);

	/* with room again, the next record lands on a line of its own */
	assert_int_equal(journal_append(&j, &a), 0);
	journal_close(&j);
	struct journal_log log;
	read_clean(path, &log, 2);
	journal_log_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_exact),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_roundtrip_far_years),
		cmocka_unit_test(test_format_refuses_bad_fields),
		cmocka_unit_test(test_parse_refuses_corrupt),
		cmocka_unit_test(test_reader_skips_and_reports),
		cmocka_unit_test(test_open_creates_private_file),
		cmocka_unit_test(test_open_refuses_symlink),
		cmocka_unit_test(test_append_on_full_disk_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
