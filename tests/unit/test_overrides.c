/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What would undo a value: sysctl.d files in systemd-sysctl's order (one
 * file a name, the first directory's; sorted by name across directories;
 * the last assignment wins), modprobe.d hashsize, kube-proxy; the export
 * named to win. All under a root this test makes, never /etc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/analysis.h"
#include "write/export.h"
#include "write/overrides.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[256], cmd[320];
	snprintf(path, sizeof path, "%s%s", root, rel);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/ctdash-ov.XXXXXX");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd);
}

static const struct override *find(const struct overrides *ov, const char *setting,
				   const char *source)
{
	for (unsigned i = 0; i < ov->n; i++)
		if (strcmp(ov->items[i].setting, setting) == 0 &&
		    strstr(ov->items[i].source, source))
			return &ov->items[i];
	return NULL;
}

static void test_nothing(void **state)
{
	(void)state;
	struct overrides ov;
	assert_int_equal(overrides_find(root, &ov), 0);
	assert_string_equal(ov.winning_name, "90-conntrack.conf");
	assert_string_equal(ov.beaten, "");
	assert_int_equal(overrides_boot_value(&ov, "nf_conntrack_max"), -1);
}

static void test_order_and_masking(void **state)
{
	(void)state;
	put("/usr/lib/sysctl.d/50-a.conf", "net.netfilter.nf_conntrack_max = 65536\n");
	put("/etc/sysctl.d/50-a.conf", "# the admin's\nnet.netfilter.nf_conntrack_max=131072\n");
	put("/run/sysctl.d/99-k.conf", "; comment\n"
	    "net/netfilter/nf_conntrack_tcp_timeout_established = 86400\n"
	    "-net.nf_conntrack_max = 200000\n"
	    "kernel.pid_max = 4194304\n");
	put("/usr/lib/sysctl.d/10-early.conf", "net.netfilter.nf_conntrack_tcp_timeout_established=7200\n");
	put("/etc/modprobe.d/nf.conf", "options nf_conntrack hashsize=32768\n");
	struct overrides ov;
	overrides_find(root, &ov);
	/* /etc masks the /usr/lib file of the same name */
	assert_null(find(&ov, "nf_conntrack_max", "/usr/lib/sysctl.d/50-a.conf"));
	assert_false(find(&ov, "nf_conntrack_max", "/etc/sysctl.d/50-a.conf")->wins);
	/* 99-k.conf sorts last: its alias line wins */
	const struct override *o = find(&ov, "nf_conntrack_max", "/run/sysctl.d/99-k.conf");
	assert_true(o->wins);
	assert_int_equal(o->line, 3);
	assert_int_equal(overrides_boot_value(&ov, "nf_conntrack_max"), 200000);
	/* sorted by name across directories: 10-early before 99-k */
	assert_int_equal(overrides_boot_value(&ov, "nf_conntrack_tcp_timeout_established"), 86400);
	assert_null(find(&ov, "pid_max", ""));
	assert_int_equal(overrides_boot_value(&ov, "hashsize"), 32768);
	/* an export must sort after 99-k.conf to win */
	assert_string_equal(ov.winning_name, "99-zz-ctdash-conntrack.conf");
	assert_string_equal(ov.beaten, "/run/sysctl.d/99-k.conf");
	/* /etc/sysctl.conf is read last of all (sysctl --system) */
	put("/etc/sysctl.conf", "net.netfilter.nf_conntrack_max = 300000\n");
	overrides_find(root, &ov);
	assert_int_equal(overrides_boot_value(&ov, "nf_conntrack_max"), 300000);
}

static void test_kube_proxy_and_advice(void **state)
{
	(void)state;
	put("/proc/77/comm", "kube-proxy\n");
	put("/proc/78/comm", "bash\n");
	put("/usr/lib/sysctl.d/50-a.conf", "net.netfilter.nf_conntrack_max = 65536\n");
	struct overrides ov;
	overrides_find(root, &ov);
	const struct override *o = find(&ov, "nf_conntrack_tcp_timeout_close_wait", "kube-proxy");
	assert_non_null(o);
	assert_string_equal(o->source, "kube-proxy (pid 77)");
	char s[600];
	overrides_sentence(&ov, "nf_conntrack_max", s, sizeof s);
	assert_non_null(strstr(s, "kube-proxy (pid 77) sets it again"));
	overrides_sentence(&ov, "nf_conntrack_icmp_timeout", s, sizeof s);
	assert_string_equal(s, "");
	/* a value in force that boot would change, and the agent */
	struct ct_snapshot snap = { 0 };
	snap.max = 262144;
	snap.buckets = 262144;
	struct advice a;
	assert_true(overrides_advice(&ov, &snap, &a));
	assert_string_equal(a.id, "will_not_stick");
	assert_non_null(strstr(a.text, "/usr/lib/sysctl.d/50-a.conf line 1 sets nf_conntrack_max = 65536"));
	assert_non_null(strstr(a.text, "kube-proxy (pid 77) rewrites"));
	assert_string_equal(a.key, "w");
}

static void test_boot_agrees_says_nothing(void **state)
{
	(void)state;
	put("/etc/sysctl.d/90-conntrack.conf", "net.netfilter.nf_conntrack_max = 262144\n");
	struct overrides ov;
	overrides_find(root, &ov);
	/* ctdash's own export does not need beating */
	assert_string_equal(ov.winning_name, "90-conntrack.conf");
	struct ct_snapshot snap = { 0 };
	snap.max = 262144;
	struct advice a;
	assert_false(overrides_advice(&ov, &snap, &a));
}

static void test_export_named_to_win(void **state)
{
	(void)state;
	put("/usr/lib/sysctl.d/99-zz-vendor.conf", "net.netfilter.nf_conntrack_max = 65536\n");
	struct overrides ov;
	overrides_find(root, &ov);
	assert_true(strcmp(ov.winning_name, "99-zz-vendor.conf") > 0);
	struct export_files f;
	memset(&f, 0, sizeof f);
	snprintf(f.sysctl_conf, sizeof f.sysctl_conf, "# Written by test.\n#   sysctl -p %s\n"
		 "net.netfilter.nf_conntrack_max = 524288\n", EXPORT_SYSCTL_PATH);
	char path[256];
	snprintf(path, sizeof path, "%s", EXPORT_SYSCTL_PATH);
	assert_int_equal(overrides_prepare_export(&ov, &f, path, sizeof path), 0);
	char want[200];
	snprintf(want, sizeof want, "/etc/sysctl.d/%s", ov.winning_name);
	assert_string_equal(path, want);
	assert_non_null(strstr(f.sysctl_conf, "# Named to be read after /usr/lib/sysctl.d/99-zz-vendor.conf"));
	assert_non_null(strstr(f.sysctl_conf, want));
	assert_non_null(strstr(f.sysctl_conf, "nf_conntrack_max = 524288"));
	/* a path the user chose stays */
	snprintf(path, sizeof path, "/tmp/mine.conf");
	assert_int_equal(overrides_prepare_export(&ov, &f, path, sizeof path), 0);
	assert_string_equal(path, "/tmp/mine.conf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_and_masking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kube_proxy_and_advice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_agrees_says_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_named_to_win, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
