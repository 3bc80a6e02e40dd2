/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The journal's file: who may own and write it and its directory, what
 * kind of file it may be (a FIFO must not hang ctdash, a file under /proc
 * is no journal), and a last line torn by a crash (the next record starts
 * on a fresh line; the torn one is reported, not glued to it). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "write/journal.h"
#include "testutil.h"

#define NOBODY 65534

static char tmpdir[64];

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "test_journal_file: hung (a FIFO opened blocking?)\n";
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		_exit(2);
	_exit(1);
}

static int setup(void **state)
{
	(void)state;
	signal(SIGALRM, on_alarm);
	return scratch_make(tmpdir, sizeof tmpdir, "jfile");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(tmpdir);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* A directory of its own under tmpdir, mode as given. */
static void fresh_dir(char *buf, size_t n, const char *name, mode_t mode)
{
	snprintf(buf, n, "%s/%s", tmpdir, name);
	assert_int_equal(mkdir(buf, 0700), 0);
	assert_int_equal(chmod(buf, mode), 0);
}

static const char RECORD[] = "2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_tcp_timeout_established 432000 1\n";

static struct journal_rec record(const char *tx)
{
	struct journal_rec r;
	memset(&r, 0, sizeof r);
	r.when = 1763769792;
	r.kind = JOURNAL_APPLY;
	snprintf(r.txid, sizeof r.txid, "%s", tx);
	r.nsid = 7;
	snprintf(r.name, sizeof r.name, "nf_conntrack_icmp_timeout");
	r.old_value = 30;
	r.new_value = 10;
	return r;
}

/* Neither read nor extended; the reason names the problem. */
static void refused(const char *path, const char *reason)
{
	struct journal_log log;
	alarm(5);
	int ret = journal_read(path, &log);
	alarm(0);
	if (ret == 0)
		fail_msg("journal_read accepted %s", path);
	if (!strstr(log.why, reason))
		fail_msg("journal_read %s: reason '%s' lacks '%s'", path, log.why, reason);

	struct journal j;
	char err[320];
	struct stat before, after;
	int had = stat(path, &before) == 0;
	alarm(5);
	ret = journal_open(&j, path, err, sizeof err);
	alarm(0);
	if (ret == 0)
		fail_msg("journal_open accepted %s", path);
	if (!strstr(err, reason))
		fail_msg("journal_open %s: '%s' lacks '%s'", path, err, reason);
	assert_int_equal(j.fd, -1);
	if (had && S_ISREG(before.st_mode)) {
		assert_int_equal(stat(path, &after), 0);
		assert_int_equal(after.st_size, before.st_size);
	}
}

static void test_owned_by_another_user(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	char dir[256], path[PATH_MAX];
	fresh_dir(dir, sizeof dir, "other", 0700);
	snprintf(path, sizeof path, "%s/journal", dir);
	write_file(path, RECORD, 0600);
	assert_int_equal(chown(path, NOBODY, NOBODY), 0);
	refused(path, "belongs to uid 65534");

	/* the same file, root's again: trusted */
	assert_int_equal(chown(path, 0, 0), 0);
	struct journal_log log;
	assert_int_equal(journal_read(path, &log), 0);
	assert_int_equal(log.n, 1);
	journal_log_free(&log);

	/* a directory another user owns: they could swap the file */
	assert_int_equal(chown(dir, NOBODY, NOBODY), 0);
	refused(path, "directory of the journal");
	assert_int_equal(chown(dir, 0, 0), 0);
}

static void test_writable_by_others(void **state)
{
	(void)state;
	char dir[256], path[PATH_MAX];
	fresh_dir(dir, sizeof dir, "loose", 0700);
	snprintf(path, sizeof path, "%s/journal", dir);
	write_file(path, RECORD, 0620);
	refused(path, "writable by its group");
	assert_int_equal(chmod(path, 0606), 0);
	refused(path, "writable by everyone");
	assert_int_equal(chmod(path, 0644), 0);

	struct journal_log log;
	assert_int_equal(journal_read(path, &log), 0);
	journal_log_free(&log);

	/* a directory anyone may write: refused, even to create the file */
	assert_int_equal(chmod(dir, 0777), 0);
	refused(path, "writable by everyone");
	char fresh[PATH_MAX];
	snprintf(fresh, sizeof fresh, "%s/new", dir);
	struct journal j;
	char err[320];
	assert_int_equal(journal_open(&j, fresh, err, sizeof err), -EPERM);
	assert_non_null(strstr(err, "writable by everyone"));
	assert_int_equal(access(fresh, F_OK), -1);

	/* unless sticky, like /tmp: nobody else can rename or remove the
	 * file there, and the file itself is checked */
	assert_int_equal(chmod(dir, 01777), 0);
	assert_int_equal(journal_open(&j, fresh, err, sizeof err), 0);
	journal_close(&j);
	assert_int_equal(chmod(dir, 0700), 0);
}

static void test_fifo_does_not_hang(void **state)
{
	(void)state;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	refused(path, "FIFO");
}

static void test_proc_is_no_journal(void **state)
{
	(void)state;
	/* a regular file as stat sees it, but the kernel's */
	struct journal_log log;
	assert_true(journal_read("/proc/self/status", &log) < 0);
	assert_non_null(strstr(log.why, "/proc"));
	assert_true(journal_read("/sys/kernel/uevent_seqnum", &log) < 0);
	assert_non_null(strstr(log.why, "sysfs"));
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", tmpdir);
	assert_true(journal_read(dir, &log) < 0);
	assert_non_null(strstr(log.why, "directory"));
}

/* A crash tore the last record: the next one starts on a line of its own,
 * the torn line is reported and never read as a record. */
static void test_torn_last_line(void **state)
{
	(void)state;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/torn", tmpdir);
	/* torn after "43": read alone it would parse as 432000 -> 43 */
	write_file(path, "# ctdash journal v1\n"
		   "2025-11-22T00:03:12Z apply t0 - 7 - nf_conntrack_icmp_timeout 30 20\n"
		   "2025-11-22T00:03:12Z apply t1 - 7 - nf_conntrack_tcp_timeout_established 1 43",
		   0600);
	struct journal j;
	char err[320];
	assert_int_equal(journal_open(&j, path, err, sizeof err), 0);
	struct journal_rec a = record("t2"), b = record("t3");
	assert_int_equal(journal_append(&j, &a), 0);
	assert_int_equal(journal_append(&j, &b), 0);
	journal_close(&j);

	struct journal_log log;
	assert_int_equal(journal_read(path, &log), 0);
	assert_int_equal(log.n, 3);
	assert_string_equal(log.rec[0].txid, "t0");
	assert_string_equal(log.rec[1].txid, "t2");
	assert_int_equal(log.rec[1].line, 4);
	assert_string_equal(log.rec[2].txid, "t3");
	assert_int_equal(log.nproblems, 1);
	assert_int_equal(log.problem[0].line, 3);
	assert_non_null(strstr(log.problem[0].why, "cut short"));
	journal_log_free(&log);
}

/* The journal's directory removed while a session has it open: the next
 * record goes to a journal made again, not to the deleted file. */
static void test_directory_removed(void **state)
{
	(void)state;
	char dir[256], path[PATH_MAX], cmd[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/gone/deeper", tmpdir);
	snprintf(path, sizeof path, "%s/journal", dir);
	struct journal j;
	char err[320];
	assert_int_equal(journal_open(&j, path, err, sizeof err), 0);
	struct journal_rec a = record("t1");
	assert_int_equal(journal_append(&j, &a), 0);
	snprintf(cmd, sizeof cmd, "rm -rf '%s/gone'", tmpdir);
	assert_int_equal(system(cmd), 0);
	struct journal_rec b = record("t2");
	assert_int_equal(journal_append(&j, &b), 0);
	journal_close(&j);
	struct journal_log log;
	assert_int_equal(journal_read(path, &log), 0);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.rec[0].txid, "t2");
	assert_int_equal(log.nproblems, 0);
	journal_log_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owned_by_another_user),
		cmocka_unit_test(test_writable_by_others),
		cmocka_unit_test(test_fifo_does_not_hang),
		cmocka_unit_test(test_proc_is_no_journal),
		cmocka_unit_test(test_torn_last_line),
		cmocka_unit_test(test_directory_removed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
