/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A snapshot with the settings read again (src/write/fresh.c), on
 * sysctl files in a temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "model/analysis.h"
#include "write/fresh.h"
#include "write/tune.h"

#define TW "nf_conntrack_tcp_timeout_time_wait"
#define EST "nf_conntrack_tcp_timeout_established"

static char dir[64];

static void put(const char *name, const char *v)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", v);
	fclose(f);
}

static void ctx_on_files(struct tune_ctx *t)
{
	char journal[PATH_MAX];
	snprintf(journal, sizeof journal, "%s/journal", dir);
	tune_init(t, "web", journal, false);
	snprintf(t->sysctl_dir, sizeof t->sysctl_dir, "%s", dir);
	snprintf(t->max_path, sizeof t->max_path, "%s/nf_conntrack_max", dir);
	snprintf(t->hashsize_path, sizeof t->hashsize_path, "%s/hashsize", dir);
}

static void snapshot_of(struct ct_snapshot *s)
{
	memset(s, 0, sizeof *s);
	s->complete = true;
	s->count = s->tally.entries = 1000;
	s->max = 4000;
	s->buckets = s->hashsize = 1024;
	s->entry_size = 256;
	s->word_bits = 64;
	snprintf(s->timeouts[0].name, CT_SYSCTL_NAME_MAX, "%s", TW);
	s->timeouts[0].value = 120;
	snprintf(s->timeouts[1].name, CT_SYSCTL_NAME_MAX, "%s", EST);
	s->timeouts[1].value = 432000;
	s->ntimeouts = 2;
	analyse(s);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ctdash-test-fresh-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	const char *names[] = { TW, EST, "nf_conntrack_max", "hashsize", "journal" };
	char path[PATH_MAX];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	return rmdir(dir);
}

static void test_reads_again(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	struct tune_ctx t;
	struct ct_cpu_stats cpu[2];
	snapshot_of(&s);
	s.cpu = cpu;
	s.ncpu = 2;
	ctx_on_files(&t);
	/* the system moved on since the snapshot */
	put(TW, "10");
	put(EST, "432000");
	put("nf_conntrack_max", "2000");
	put("hashsize", "512");
	struct ct_snapshot *c = fresh_snapshot(&t, &s);
	assert_non_null(c);
	assert_int_equal(c->timeouts[0].value, 10);
	assert_int_equal(c->timeouts[1].value, 432000);
	assert_int_equal(c->max, 2000);
	assert_int_equal(c->buckets, 512);
	assert_int_equal(c->hashsize, 512);
	/* analysed again from the new figures */
	assert_true(c->an.fill > 0.49 && c->an.fill < 0.51);
	assert_true(c->an.load_factor > 1.95 && c->an.load_factor < 1.96);
	/* the sampler's per-CPU counters are not the copy's */
	assert_null(c->cpu);
	assert_int_equal(c->ncpu, 0);
	/* the snapshot itself is left as it was */
	assert_int_equal(s.timeouts[0].value, 120);
	assert_int_equal(s.max, 4000);
	assert_ptr_equal(s.cpu, cpu);
	free(c);
	tune_free(&t);
}

static void test_unreadable_keeps_snapshot(void **state)
{
	(void)state;
	static struct ct_snapshot s;
	struct tune_ctx t;
	snapshot_of(&s);
	ctx_on_files(&t);
	/* no files at all, then one that is not a number, one out of range */
	struct ct_snapshot *c = fresh_snapshot(&t, &s);
	assert_non_null(c);
	assert_int_equal(c->timeouts[0].value, 120);
	assert_int_equal(c->max, 4000);
	assert_int_equal(c->buckets, 1024);
	free(c);
	put(TW, "soon");
	put(EST, "99999999999999");
	c = fresh_snapshot(&t, &s);
	assert_non_null(c);
	assert_int_equal(c->timeouts[0].value, 120);
	assert_int_equal(c->timeouts[1].value, 432000);
	free(c);
	tune_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_keeps_snapshot, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
