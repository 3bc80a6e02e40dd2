/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whole-buffer writes (src/base/fdio.c): all of a buffer larger than a
 * pipe holds goes in while a reader drains it, and errors come back as
 * negative errno. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/fdio.h"

#define BIG (1 << 20) /* far more than a pipe's 64 KiB */

static void test_all_of_it(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[1]);
		size_t total = 0;
		char buf[4096];
		ssize_t got;
		while ((got = read(fds[0], buf, sizeof buf)) > 0)
			total += (size_t)got;
		_exit(total == BIG ? 0 : 1);
	}
	close(fds[0]);
	char *data = malloc(BIG);
	assert_non_null(data);
	memset(data, 'x', BIG);
	assert_int_equal(write_all(fds[1], data, BIG), 0);
	close(fds[1]);
	free(data);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_errors(void **state)
{
	(void)state;
	assert_int_equal(write_all(-1, "x", 1), -EBADF);
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, "x", 1), -EBADF);
	close(fd);
	/* nothing to write: nothing done, even on a bad descriptor */
	assert_int_equal(write_all(-1, "", 0), 0);
}

/* The directory of a path: the parent, "/" for a top-level name, "."
 * for a bare one; a missing one is an error, not another directory. */
static void test_dir_of(void **state)
{
	(void)state;
	struct stat want, got;
	int fd = open_dir_of("/proc/self/status");
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &got), 0);
	close(fd);
	assert_int_equal(stat("/proc/self", &want), 0);
	assert_int_equal(got.st_ino, want.st_ino);
	fd = open_dir_of("/etc");
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &got), 0);
	close(fd);
	assert_int_equal(stat("/", &want), 0);
	assert_int_equal(got.st_ino, want.st_ino);
	fd = open_dir_of("bare");
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &got), 0);
	close(fd);
	assert_int_equal(stat(".", &want), 0);
	assert_int_equal(got.st_ino, want.st_ino);
	assert_int_equal(open_dir_of("/no/such/dir/file"), -ENOENT);
	assert_int_equal(fsync_dir_of("/no/such/dir/file"), -ENOENT);
	assert_int_equal(fsync_dir_of("/tmp/x"), 0);
}

/* fd_headroom counts what can still be opened under the limit, and
 * leaves nothing open. */
static void test_headroom(void **state)
{
	(void)state;
	struct rlimit old, low;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	assert_int_equal(fd_headroom(16), 16);
	int probe = open("/dev/null", O_RDONLY);
	assert_true(probe >= 0);
	close(probe);
	/* the lowest free descriptor is probe: a limit of probe + 5 leaves at
	 * most 5 (fewer when one above it is open) */
	low = old;
	low.rlim_cur = (rlim_t)probe + 5;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	int room = fd_headroom(16);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_true(room >= 1 && room <= 5);
	int again = open("/dev/null", O_RDONLY);
	assert_int_equal(again, probe); /* all closed again */
	close(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_of_it),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_dir_of),
		cmocka_unit_test(test_headroom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
