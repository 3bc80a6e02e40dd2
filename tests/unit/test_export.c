/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sysctl.d and modprobe.d files: only what differs from the defaults,
 * a header saying who wrote them and when, and an atomic write. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"
#include "write/export.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	return scratch_make(dir, sizeof dir, "export");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

static void base(struct ct_snapshot *s)
{
	memset(s, 0, sizeof *s);
	s->max = 262144;
	s->buckets = 262144;
	s->an.max_is_default = true;
	s->an.buckets_is_default = true;
	snap_add_timeout(s, "nf_conntrack_icmp_timeout", 30);
	snap_add_timeout(s, "nf_conntrack_tcp_timeout_established", 432000);
	snap_add_timeout(s, "nf_conntrack_tcp_timeout_time_wait", 120);
}

static void test_only_changed_values(void **state)
{
	(void)state;
	struct timeout_defaults d;
	timeout_defaults_builtin(&d);
	struct ct_snapshot s;
	base(&s);
	struct export_files f;
	assert_int_equal(export_render(&s, &d, "ctdash 0.1.0 (root on web1)", 1763769792, &f), 0);
	assert_int_equal(f.nsysctl, 0);
	assert_false(f.has_modprobe);
	assert_non_null(strstr(f.sysctl_conf, "nothing to keep"));
	assert_null(strstr(f.sysctl_conf, "net.netfilter."));

	s.timeouts[1].value = 86400;
	s.timeouts[2].value = 30;
	s.max = 1048576;
	s.an.max_is_default = false;
	s.buckets = 524288;
	s.an.buckets_is_default = false;
	assert_int_equal(export_render(&s, &d, "ctdash 0.1.0 (root on web1)", 1763769792, &f), 0);
	assert_int_equal(f.nsysctl, 3);
	assert_non_null(strstr(f.sysctl_conf, "# Written by ctdash 0.1.0 (root on web1) on "
				   "2025-11-22 00:03:12 UTC.\n"));
	assert_non_null(strstr(f.sysctl_conf, "sysctl -p /etc/sysctl.d/90-conntrack.conf"));
	/* written elsewhere, the comment names where */
	char before[EXPORT_TEXT_MAX];
	strcpy(before, f.sysctl_conf);
	assert_int_equal(export_set_path(&f, "/root/ct.conf"), 0);
	assert_non_null(strstr(f.sysctl_conf, "#   sysctl -p /root/ct.conf\n"));
	assert_null(strstr(f.sysctl_conf, "90-conntrack.conf"));
	assert_int_equal(strlen(f.sysctl_conf), strlen(before) - strlen("/etc/sysctl.d/90-conntrack.conf") +
			 strlen("/root/ct.conf"));
	assert_int_equal(export_set_path(&f, "/etc/sysctl.d/90-conntrack.conf"), 0);
	assert_string_equal(f.sysctl_conf, before);
	/* every line is a comment or a setting, in sysctl.d's syntax */
	const char *settings = strstr(f.sysctl_conf, "net.netfilter.");
	assert_non_null(settings);
	assert_string_equal(settings,
			    "net.netfilter.nf_conntrack_max = 1048576\n"
			    "net.netfilter.nf_conntrack_tcp_timeout_established = 86400\n"
			    "net.netfilter.nf_conntrack_tcp_timeout_time_wait = 30\n");
	for (const char *p = f.sysctl_conf; p < settings; p = strchr(p, '\n') + 1)
		assert_true(*p == '#');
	assert_true(f.has_modprobe);
	assert_non_null(strstr(f.modprobe_conf, "\noptions nf_conntrack hashsize=524288\n"));
	assert_true(f.modprobe_conf[0] == '#');

	char preview[EXPORT_TEXT_MAX * 2];
	assert_int_equal(export_preview(&f, EXPORT_SYSCTL_PATH, EXPORT_MODPROBE_PATH,
					preview, sizeof preview), 0);
	assert_non_null(strstr(preview, "--- /etc/sysctl.d/90-conntrack.conf ---\n# Written"));
	assert_non_null(strstr(preview, "--- /etc/modprobe.d/nf_conntrack.conf ---\n"));
	char tiny[40];
	assert_int_equal(export_preview(&f, EXPORT_SYSCTL_PATH, EXPORT_MODPROBE_PATH,
					tiny, sizeof tiny), -ENOSPC);

	/* read in another namespace: the header says where it came from */
	snprintf(s.netns, sizeof s.netns, "web");
	assert_int_equal(export_render(&s, &d, "x", 0, &f), 0);
	assert_non_null(strstr(f.sysctl_conf, "namespace 'web'"));

	/* a newline in the name cannot end the comment and plant a setting */
	snprintf(s.netns, sizeof s.netns, "x\nnet.ipv4.ip_forward = 1\n#");
	assert_int_equal(export_render(&s, &d, "x", 0, &f), 0);
	assert_null(strstr(f.sysctl_conf, "\nnet.ipv4.ip_forward"));
	assert_non_null(strstr(f.sysctl_conf, "namespace 'x\\x0anet.ipv4.ip_forward = 1\\x0a#'"));
	for (const char *line = f.sysctl_conf; *line; line = strchr(line, '\n') + 1) {
		assert_true(*line == '#' || strncmp(line, "net.netfilter.", 14) == 0);
		if (!strchr(line, '\n'))
			break;
	}
}

/* The settings lines export_render writes for s, or "" when none. */
static const char *settings_of(const struct ct_snapshot *s, struct export_files *f)
{
	static struct timeout_defaults d;
	timeout_defaults_builtin(&d);
	assert_int_equal(export_render(s, &d, "x", 0, f), 0);
	const char *p = strstr(f->sysctl_conf, "net.netfilter.");
	return p ? p : "";
}

/* Accounting turned on with A is kept for boot only when the module
 * would not start a namespace with it anyway. */
static void test_acct(void **state)
{
	(void)state;
	struct ct_snapshot s;
	struct export_files f;
	base(&s);
	s.acct = true;
	assert_string_equal(settings_of(&s, &f), ""); /* not read: nothing said */
	s.acct_read = true;
	assert_string_equal(settings_of(&s, &f), "net.netfilter.nf_conntrack_acct = 1\n");
	assert_int_equal(f.nsysctl, 1);
	s.acct_default = true;
	assert_string_equal(settings_of(&s, &f), "");
	assert_int_equal(f.nsysctl, 0);
	/* turned off where the module turns it on: that is kept too */
	s.acct = false;
	assert_string_equal(settings_of(&s, &f), "net.netfilter.nf_conntrack_acct = 0\n");
}

static char *slurp(const char *path)
{
	static char buf[EXPORT_TEXT_MAX];
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static unsigned entries_in(const char *d)
{
	DIR *dh = opendir(d);
	assert_non_null(dh);
	unsigned n = 0;
	struct dirent *de;
	while ((de = readdir(dh)))
		n += de->d_name[0] != '.';
	closedir(dh);
	return n;
}

static void test_atomic_write(void **state)
{
	(void)state;
	char path[PATH_MAX], err[256];
	snprintf(path, sizeof path, "%s/90-conntrack.conf", dir);
	mode_t old = umask(077);
	int ret = export_write_atomic(path, "first\n", err, sizeof err);
	umask(old);
	if (ret < 0)
		fail_msg("%s", err);
	assert_string_equal(slurp(path), "first\n");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* replaced whole, and no temporary file left beside it */
	assert_int_equal(export_write_atomic(path, "second\nline\n", err, sizeof err), 0);
	assert_string_equal(slurp(path), "second\nline\n");
	assert_int_equal(entries_in(dir), 1);

	/* a directory that does not exist: an error, nothing created */
	snprintf(path, sizeof path, "%s/missing/90-conntrack.conf", dir);
	assert_int_equal(export_write_atomic(path, "x\n", err, sizeof err), -ENOENT);
	assert_non_null(strstr(err, "missing"));
	assert_int_equal(entries_in(dir), 1);
}

static void test_write_files(void **state)
{
	(void)state;
	char sys[PATH_MAX], mod[PATH_MAX], err[256];
	snprintf(sys, sizeof sys, "%s/90-conntrack.conf", dir);
	snprintf(mod, sizeof mod, "%s/nf_conntrack.conf", dir);
	struct export_files f;
	memset(&f, 0, sizeof f);
	snprintf(f.sysctl_conf, sizeof f.sysctl_conf, "net.netfilter.nf_conntrack_max = 5\n");
	snprintf(f.modprobe_conf, sizeof f.modprobe_conf, "options nf_conntrack hashsize=7\n");

	/* read-only: refused, nothing written */
	f.has_modprobe = true;
	assert_int_equal(export_write_files(&f, true, sys, mod, err, sizeof err), -EROFS);
	assert_non_null(strstr(err, "read-only"));
	assert_int_equal(entries_in(dir), 0);

	/* no bucket change: only the sysctl file */
	f.has_modprobe = false;
	assert_int_equal(export_write_files(&f, false, sys, mod, err, sizeof err), 0);
	assert_string_equal(slurp(sys), "net.netfilter.nf_conntrack_max = 5\n");
	assert_int_equal(access(mod, F_OK), -1);
	f.has_modprobe = true;
	assert_int_equal(export_write_files(&f, false, sys, mod, err, sizeof err), 0);
	assert_string_equal(slurp(mod), "options nf_conntrack hashsize=7\n");

	char who[160];
	export_author(who, sizeof who);
	assert_non_null(strstr(who, PACKAGE_STRING));
	assert_non_null(strstr(who, geteuid() == 0 ? "user root" : " on host "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_changed_values),
		cmocka_unit_test(test_acct),
		cmocka_unit_test(test_atomic_write),
	};
	const struct CMUnitTest own_dir[] = {
		cmocka_unit_test_setup_teardown(test_write_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, setup, teardown) |
	       cmocka_run_group_tests(own_dir, NULL, NULL);
}
