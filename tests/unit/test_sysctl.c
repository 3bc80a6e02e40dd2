/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading sysctls (src/collect/sysctl.c): one number a file, as the
 * kernel writes it, read by path and again through an open descriptor;
 * anything else refused. And the timeouts this namespace has, when
 * nf_conntrack is loaded: sorted, all of them timeout sysctls. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/sysctl.h"
#include "model/timeouts.h"
#include "model/labels.h"
#include "testutil.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	return scratch_make(dir, sizeof dir, "sysctl");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

/* Write text to a file of the scratch folder and read it back. */
static int read_text(const char *text, uint64_t *v)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/value", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return read_u64_file(path, v);
}

static void test_read_file(void **state)
{
	(void)state;
	uint64_t v = 0;
	assert_int_equal(read_text("262144\n", &v), 0);
	assert_int_equal(v, 262144);
	assert_int_equal(read_text("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(read_text("18446744073709551615\n", &v), 0);
	assert_int_equal(v, UINT64_MAX);
	v = 9;
	assert_int_equal(read_text("", &v), -EINVAL);
	assert_int_equal(read_text("-1\n", &v), -EINVAL);
	assert_int_equal(read_text("18446744073709551616\n", &v), -EINVAL);
	assert_int_equal(read_text("12 34\n", &v), -EINVAL);
	assert_int_equal(read_text("abc\n", &v), -EINVAL);
	assert_int_equal(v, 9);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/missing", dir);
	assert_int_equal(read_u64_file(path, &v), -ENOENT);
}

static void test_read_fd_again(void **state)
{
	(void)state;
	uint64_t v = 0;
	assert_int_equal(read_text("65536\n", &v), 0);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/value", dir);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(read_u64_fd(fd, &v), 0);
	assert_int_equal(v, 65536);
	/* changed under it: the next read sees the new value */
	assert_int_equal(pwrite(fd, "131072\n", 7, 0), 7);
	assert_int_equal(read_u64_fd(fd, &v), 0);
	assert_int_equal(v, 131072);
	close(fd);
	assert_int_equal(read_u64_fd(fd, &v), -EBADF);
}

static void test_discover_timeouts(void **state)
{
	(void)state;
	struct ct_timeout t[CT_TIMEOUT_MAX];
	int n = sysctl_discover_timeouts(t, CT_TIMEOUT_MAX);
	if (n == -ENOENT) {
		print_message("nf_conntrack is not loaded\n");
		skip();
	}
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		assert_true(is_timeout_sysctl(t[i].name));
		assert_true(t[i].value >= 0);
		if (i > 0)
			assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
	}
	/* never more than the room given */
	struct ct_timeout few[2];
	assert_int_equal(sysctl_discover_timeouts(few, 2), n < 2 ? n : 2);
}

static void test_timeout_value(void **state)
{
	(void)state;
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	snap_add_timeout(&s, "nf_conntrack_icmp_timeout", 30);
	snap_add_timeout(&s, "nf_conntrack_udp_timeout", 0);
	assert_int_equal(timeout_value(&s, "nf_conntrack_icmp_timeout"), 30);
	assert_int_equal(timeout_value(&s, "nf_conntrack_udp_timeout"), 0);
	assert_int_equal(timeout_value(&s, "nf_conntrack_gre_timeout"), -1);
	assert_int_equal(timeout_value(&s, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_fd_again),
		cmocka_unit_test(test_discover_timeouts),
		cmocka_unit_test(test_timeout_value),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
