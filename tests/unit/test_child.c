/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Children behind a pipe (src/base/child.c): each side gets its own end
 * in the direction asked, the other end closed (end of file reaches the
 * reader when the writer is done), and the exit status comes back. */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/child.h"

/* Everything until end of file. */
static size_t read_all(int fd, char *buf, size_t n)
{
	size_t len = 0;
	ssize_t got;
	while (len + 1 < n && (got = read(fd, buf + len, n - 1 - len)) > 0)
		len += (size_t)got;
	buf[len] = '\0';
	return len;
}

static void test_child_writes(void **state)
{
	(void)state;
	int fd = -1;
	pid_t pid = child_fork_pipe(CHILD_WRITES, &fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		static const char msg[] = "hello from the child";
		_exit(write(fd, msg, strlen(msg)) == (ssize_t)strlen(msg) ? 7 : 1);
	}
	char buf[64];
	read_all(fd, buf, sizeof buf);
	assert_string_equal(buf, "hello from the child");
	close(fd);
	int status = 0;
	assert_int_equal(child_wait(pid, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7);
}

static void test_child_reads(void **state)
{
	(void)state;
	int fd = -1;
	pid_t pid = child_fork_pipe(CHILD_READS, &fd);
	assert_true(pid >= 0);
	if (pid == 0) {
		char buf[64];
		/* end of file only once the parent closed its end: the child
		 * holds no write end of its own */
		read_all(fd, buf, sizeof buf);
		_exit(strcmp(buf, "to the child") == 0 ? 0 : 1);
	}
	assert_int_equal(write(fd, "to the child", 12), 12);
	close(fd);
	int status = 0;
	assert_int_equal(child_wait(pid, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* a child already reaped */
	assert_int_equal(child_wait(pid, NULL), -ECHILD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_child_writes),
		cmocka_unit_test(test_child_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
