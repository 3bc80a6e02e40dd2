/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tunebox.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

char tb_dir[64];

char *tb_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", tb_dir, name);
	return buf;
}

void tb_put(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f = fopen(tb_path(path, sizeof path, name), "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

uint64_t tb_get(const char *name)
{
	char path[PATH_MAX];
	FILE *f = fopen(tb_path(path, sizeof path, name), "r");
	assert_non_null(f);
	unsigned long long v = 0;
	assert_int_equal(fscanf(f, "%llu", &v), 1);
	fclose(f);
	return v;
}

int tb_setup(void **state)
{
	(void)state;
	if (scratch_make(tb_dir, sizeof tb_dir, "tune") < 0)
		return -1;
	tb_put(TW, "120\n");
	tb_put(IC, "30\n");
	tb_put(SS, "120\n");
	tb_put("nf_conntrack_max", "262144\n");
	tb_put("hashsize", "65536\n");
	return 0;
}

int tb_teardown(void **state)
{
	(void)state;
	return scratch_remove(tb_dir);
}

void tb_ctx(struct tune_ctx *t, const char *ns)
{
	char journal[PATH_MAX];
	tune_init(t, ns, tb_path(journal, sizeof journal, "state/journal"), false);
	snprintf(t->sysctl_dir, sizeof t->sysctl_dir, "%s", tb_dir);
	snprintf(t->max_path, sizeof t->max_path, "%s/nf_conntrack_max", tb_dir);
	snprintf(t->hashsize_path, sizeof t->hashsize_path, "%s/hashsize", tb_dir);
	t->initial_ns = 1;
	t->nsid = 4026531840u;
}

void tb_load(struct journal_log *log)
{
	char journal[PATH_MAX];
	assert_int_equal(journal_read(tb_path(journal, sizeof journal, "state/journal"), log), 0);
	assert_int_equal(log->nproblems, 0);
}

enum tune_status tb_set1(struct tune_ctx *t, const char *name, uint64_t seen, uint64_t want,
			 struct tune_result *res)
{
	struct tune_plan p;
	tune_plan_init(&p, name);
	assert_int_equal(tune_plan_add(&p, name, seen, want, NULL), 0);
	enum tune_status st = tune_apply(t, &p, res);
	tune_plan_free(&p);
	return st;
}

void tb_apply_ok(struct tune_ctx *t, struct tune_plan *p)
{
	struct tune_result res;
	enum tune_status st = tune_apply(t, p, &res);
	if (st != TUNE_OK)
		fail_msg("apply: %s", res.msg);
	tune_plan_free(p);
}
