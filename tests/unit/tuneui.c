/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tuneui.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/analysis.h"
#include "ui/dlg_box.h"

/* Every timeout the router preset sets, and their kernel defaults. */
const struct tt_timeout tt_timeouts[TT_NTIMEOUTS] = {
	{ "nf_conntrack_icmp_timeout", 30 },
	{ "nf_conntrack_tcp_timeout_close_wait", 60 },
	{ "nf_conntrack_tcp_timeout_established", 432000 },
	{ "nf_conntrack_tcp_timeout_fin_wait", 120 },
	{ "nf_conntrack_tcp_timeout_last_ack", 30 },
	{ "nf_conntrack_tcp_timeout_syn_recv", 60 },
	{ "nf_conntrack_tcp_timeout_syn_sent", 120 },
	{ "nf_conntrack_tcp_timeout_time_wait", 120 },
};

char tt_dir[64];
struct tuning tu;      /* large: not on the stack */
struct ct_snapshot snap;

void tt_path_of(const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", tt_dir, name);
}

void tt_put(const char *name, unsigned long long v)
{
	char path[PATH_MAX];
	tt_path_of(name, path, sizeof path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%llu\n", v);
	fclose(f);
}

unsigned long long tt_get(const char *name)
{
	char path[PATH_MAX];
	tt_path_of(name, path, sizeof path);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	unsigned long long v = 0;
	assert_int_equal(fscanf(f, "%llu", &v), 1);
	fclose(f);
	return v;
}

/* Records of a kind in the journal. */
unsigned tt_records(enum journal_kind kind)
{
	char path[PATH_MAX];
	struct journal_log log;
	tt_path_of("state/journal", path, sizeof path);
	assert_int_equal(journal_read(path, &log), 0);
	unsigned n = 0;
	for (size_t i = 0; i < log.n; i++)
		n += log.rec[i].kind == kind;
	journal_log_free(&log);
	return n;
}

/* A snapshot as the sampler would make it of those files. */
void tt_make_snapshot(void)
{
	memset(&snap, 0, sizeof snap);
	snap.complete = true;
	snap.count = snap.tally.entries = 1200;
	snap.tally.l4[6] = 1200;
	snap.tally.tcp[CT_TCP_TIME_WAIT] = 1200;
	snap.max = tt_get("nf_conntrack_max");
	snap.buckets = snap.hashsize = tt_get("hashsize");
	snap.entry_size = 256;
	snap.entry_size_measured = true;
	snap.ram_bytes = 8ULL << 30;
	snap.word_bits = 64;
	snprintf(snap.kernel, sizeof snap.kernel, "6.18.0");
	for (unsigned i = 0; i < TT_NTIMEOUTS; i++) {
		snprintf(snap.timeouts[i].name, CT_SYSCTL_NAME_MAX, "%s", tt_timeouts[i].name);
		snap.timeouts[i].value = (long)tt_get(tt_timeouts[i].name);
	}
	snap.ntimeouts = TT_NTIMEOUTS;
	analyse(&snap);
}

void tt_init_tuning(bool read_only)
{
	char journal[PATH_MAX];
	tt_path_of("state/journal", journal, sizeof journal);
	tuning_init(&tu, "web", journal, read_only);
	snprintf(tu.t.sysctl_dir, sizeof tu.t.sysctl_dir, "%s", tt_dir);
	tt_path_of("nf_conntrack_max", tu.t.max_path, sizeof tu.t.max_path);
	tt_path_of("hashsize", tu.t.hashsize_path, sizeof tu.t.hashsize_path);
	tu.t.initial_ns = 1;
	/* the defaults as the kernel has them, whatever this host runs */
	timeout_defaults_builtin(&tu.defaults);
}

int tt_setup(void **state)
{
	(void)state;
	snprintf(tt_dir, sizeof tt_dir, "/tmp/ctdash-test-tune-ui-XXXXXX");
	if (!mkdtemp(tt_dir))
		return -1;
	for (unsigned i = 0; i < TT_NTIMEOUTS; i++)
		tt_put(tt_timeouts[i].name, (unsigned long long)tt_timeouts[i].def);
	tt_put("nf_conntrack_max", 262144);
	tt_put("hashsize", 65536);
	tt_make_snapshot();
	tt_init_tuning(false);
	return 0;
}

int tt_teardown(void **state)
{
	(void)state;
	tuning_free(&tu);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tt_dir);
	return system(cmd) == 0 ? 0 : -1;
}

void tt_type(const char *text)
{
	for (; *text; text++)
		tuning_key(&tu, &snap, (unsigned char)*text);
}

void tt_clear_and_type(const char *text)
{
	tuning_key(&tu, &snap, 21); /* ^U */
	tt_type(text);
	tuning_key(&tu, &snap, '\r');
}

/* The dialog's lines as one text, for looking things up. */
const char *tt_dialog_text(int width)
{
	static char all[DIALOG_LINES * (DIALOG_WIDTH + 1)];
	tuning_build_dialog(&tu, &snap, width);
	snprintf(all, sizeof all, "%s\n", tu.dlg.title);
	for (int i = 0; i < tu.dlg.n; i++) {
		strcat(all, tu.dlg.lines[i]);
		strcat(all, "\n");
	}
	return all;
}

void tt_assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in:\n%s", part, text);
}
