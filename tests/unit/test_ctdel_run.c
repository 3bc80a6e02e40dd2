/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The delete's core (src/write/ctdel_run.c, ctdel_job.c): which deletes
 * are big enough to need a second confirmation, the targets and sample
 * kept, the journal's two records around the deletes, nothing tried when
 * the journal cannot be written, and the screen's job carrying one out in
 * its own thread. No entry of the system is touched: the targets here
 * cannot name an entry, so the kernel is never asked. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"
#include "write/ctdel_job.h"
#include "write/ctdel_run.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	return scratch_make(dir, sizeof dir, "ctdel");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

static void test_big(void **state)
{
	(void)state;
	assert_int_equal(CTDEL_BIG_PERCENT, 50);
	assert_false(ctdel_is_big(0, 0));
	assert_false(ctdel_is_big(0, 10));
	assert_true(ctdel_is_big(1, 1));    /* the whole table, however small */
	assert_true(ctdel_is_big(10, 10));
	assert_true(ctdel_is_big(11, 10));  /* more than were read: the table grew */
	assert_true(ctdel_is_big(6, 10));
	assert_false(ctdel_is_big(5, 10));  /* half is not more than half */
	assert_false(ctdel_is_big(1, 3));
	assert_true(ctdel_is_big(2, 3));
	assert_true(ctdel_is_big(500001, 1000000));
	assert_false(ctdel_is_big(500000, 1000000));
	/* no overflow near the top of the range */
	assert_false(ctdel_is_big(UINT64_MAX / 2, UINT64_MAX));
	assert_true(ctdel_is_big(UINT64_MAX / 2 + 1, UINT64_MAX));
}

/* An entry without addresses: ctdel_one refuses it before the kernel. */
static struct ct_entry unnameable(uint32_t id)
{
	struct ct_entry e;
	memset(&e, 0, sizeof e);
	e.family = AF_INET;
	e.l4proto = 17;
	e.id = id;
	e.has_id = true;
	return e;
}

static void test_set(void **state)
{
	(void)state;
	struct ctdel_set s = { 0 };
	for (uint32_t i = 0; i < 3000; i++) {
		struct ct_entry e = unnameable(i + 1);
		assert_int_equal(ctdel_set_add(&s, &e), 0);
	}
	assert_int_equal(s.n, 3000);
	for (unsigned i = 0; i < CTDEL_SAMPLE; i++)
		assert_int_equal(s.sample[i].id, i + 1);
	assert_int_equal(s.target[2999].id, 3000);
	assert_true(s.target[2999].has_id);
	ctdel_set_free(&s);
	assert_null(s.target);
	assert_int_equal(s.n, 0);
}

static char *slurp(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t got = fread(buf, 1, n - 1, f);
	buf[got] = '\0';
	fclose(f);
	return buf;
}

static void test_run_journals(void **state)
{
	(void)state;
	char path[128], text[4096], err[320];
	snprintf(path, sizeof path, "%s/journal", dir);
	struct ctdel_set s = { 0 };
	struct ct_entry e = unnameable(7);
	assert_int_equal(ctdel_set_add(&s, &e), 0);
	s.total = 10;
	struct ctdel_where w = { path, 4026531840u, "web", false };
	struct ctdel_count c;
	assert_int_equal(ctdel_run(&w, "filter='proto udp'", &s, &c, NULL, NULL, err, sizeof err), 0);
	assert_int_equal(c.deleted, 0);
	assert_int_equal(c.gone, 0);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.first_err, -EINVAL);
	assert_false(c.unrecorded);
	slurp(path, text, sizeof text);
	assert_non_null(strstr(text, " note 4026531840 web delete filter='proto udp' matched=1 of=10\n"));
	assert_non_null(strstr(text, " note 4026531840 web deleted 0 already_gone 0 failed 1 "
			       "filter='proto udp'\n"));
	/* the first record comes first */
	assert_true(strstr(text, "delete filter") < strstr(text, "deleted 0"));
	ctdel_set_free(&s);
}

/* a note is written whole, however long: a 1024-byte filter (the most
 * there may be) with a %, kept with its counts after it */
static void test_run_journals_long_filter(void **state)
{
	(void)state;
	char path[128], text[16384], err[320], what[FILTER_LEN_MAX + 16], want[FILTER_LEN_MAX + 128];
	snprintf(path, sizeof path, "%s/journal-long", dir);
	int n = snprintf(what, sizeof what, "filter='%%");
	while (n < FILTER_LEN_MAX + 8)
		n += snprintf(what + n, sizeof what - (size_t)n, " or src 10.0.0.1");
	snprintf(what + FILTER_LEN_MAX + 8, sizeof what - FILTER_LEN_MAX - 8, "'");
	struct ctdel_set s = { 0 };
	struct ct_entry e = unnameable(7);
	assert_int_equal(ctdel_set_add(&s, &e), 0);
	s.total = 10;
	struct ctdel_where w = { path, 1, "web", false };
	struct ctdel_count c;
	assert_int_equal(ctdel_run(&w, what, &s, &c, NULL, NULL, err, sizeof err), 0);
	assert_false(c.unrecorded);
	slurp(path, text, sizeof text);
	snprintf(want, sizeof want, " note 1 web delete filter='%%25%s matched=1 of=10\n", what + 9);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, " note 1 web deleted 0 already_gone 0 failed 1 filter='%%25%s\n",
		 what + 9);
	assert_non_null(strstr(text, want));
	ctdel_set_free(&s);
}

static bool stop_after_two(uint64_t tried, void *arg)
{
	*(uint64_t *)arg = tried;
	return tried < 2;
}

/* progress says stop: the rest is left, and the journal says how many */
static void test_run_stopped(void **state)
{
	(void)state;
	char path[128], text[4096], err[320];
	snprintf(path, sizeof path, "%s/journal", dir);
	struct ctdel_set s = { 0 };
	for (uint32_t id = 1; id <= 5; id++) {
		struct ct_entry e = unnameable(id);
		assert_int_equal(ctdel_set_add(&s, &e), 0);
	}
	s.total = 5;
	struct ctdel_where w = { path, 1, "web", false };
	struct ctdel_count c;
	uint64_t last = 0;
	assert_int_equal(ctdel_run(&w, "filter='proto udp'", &s, &c, stop_after_two, &last, err,
				   sizeof err), 0);
	assert_int_equal(last, 2);
	assert_int_equal(c.failed, 2);
	assert_int_equal(c.untried, 3);
	slurp(path, text, sizeof text);
	assert_non_null(strstr(text, " note 1 web deleted 0 already_gone 0 failed 2 stopped untried 3 "
			       "filter='proto udp'\n"));
	ctdel_set_free(&s);
}

static void test_run_no_journal(void **state)
{
	(void)state;
	char path[128], err[320];
	/* a journal under a regular file cannot be made */
	snprintf(path, sizeof path, "%s/file", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(path, sizeof path, "%s/file/journal", dir);
	struct ctdel_set s = { 0 };
	struct ct_entry e = unnameable(7);
	assert_int_equal(ctdel_set_add(&s, &e), 0);
	struct ctdel_where w = { path, 1, "", false };
	struct ctdel_count c;
	assert_true(ctdel_run(&w, "filter=''", &s, &c, NULL, NULL, err, sizeof err) < 0);
	assert_non_null(strstr(err, "the journal cannot be written"));
	assert_int_equal(c.deleted + c.gone + c.failed, 0); /* nothing was tried */
	ctdel_set_free(&s);
}

/* --read-only is the core's to enforce: a front end that asks anyway
 * gets -EPERM, and nothing is journalled or tried. */
static void test_run_read_only(void **state)
{
	(void)state;
	char path[128], err[320];
	snprintf(path, sizeof path, "%s/journal", dir);
	struct ctdel_set s = { 0 };
	struct ct_entry e = unnameable(7);
	assert_int_equal(ctdel_set_add(&s, &e), 0);
	struct ctdel_where w = { path, 1, "", true };
	assert_non_null(ctdel_refused(&w));
	struct ctdel_count c;
	assert_int_equal(ctdel_run(&w, "filter=''", &s, &c, NULL, NULL, err, sizeof err), -EPERM);
	assert_non_null(strstr(err, "read-only"));
	assert_int_equal(c.deleted + c.gone + c.failed, 0);
	assert_int_equal(access(path, F_OK), -1); /* not even the journal */
	w.read_only = false;
	assert_null(ctdel_refused(&w));
	ctdel_set_free(&s);
}

static void wait_done(struct ctdel_job *job, struct ctdel_status *st)
{
	for (int i = 0; i < 5000; i++) {
		ctdel_job_status(job, st);
		if (st->phase == CTDEL_DONE)
			return;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	fail_msg("the delete job did not end in 5 s");
}

static void test_job_one(void **state)
{
	(void)state;
	char text[4096];
	struct ctdel_request rq;
	memset(&rq, 0, sizeof rq);
	rq.one = true;
	rq.entry = unnameable(42);
	rq.seen_total = 5;
	snprintf(rq.journal_path, sizeof rq.journal_path, "%s/journal", dir);
	rq.nsid = 99;
	struct ctdel_job *job = ctdel_job_start(&rq);
	assert_non_null(job);
	struct ctdel_status st;
	wait_done(job, &st);
	ctdel_job_end(job);
	assert_int_equal(st.err, 0);
	assert_false(st.refused);
	assert_int_equal(st.n, 1);
	assert_int_equal(st.tried, 1);
	assert_int_equal(st.c.failed, 1);
	assert_non_null(strstr(st.msg, "deleted 0, already gone 0, failed 1"));
	slurp(rq.journal_path, text, sizeof text);
	assert_non_null(strstr(text, " delete entry='udp ? -> ? id 42' matched=1 of=5\n"));
	assert_non_null(strstr(text, " deleted 0 already_gone 0 failed 1 entry='udp ? -> ? id 42'\n"));
}

/* the screen's job asked to delete in read-only mode: refused by the core */
static void test_job_read_only(void **state)
{
	(void)state;
	struct ctdel_request rq;
	memset(&rq, 0, sizeof rq);
	rq.one = true;
	rq.entry = unnameable(42);
	rq.seen_total = 5;
	rq.read_only = true;
	snprintf(rq.journal_path, sizeof rq.journal_path, "%s/journal", dir);
	struct ctdel_job *job = ctdel_job_start(&rq);
	assert_non_null(job);
	struct ctdel_status st;
	wait_done(job, &st);
	ctdel_job_end(job);
	assert_int_equal(st.err, -EPERM);
	assert_int_equal(st.tried, 0);
	assert_non_null(strstr(st.msg, "nothing deleted: read-only"));
	assert_int_equal(access(rq.journal_path, F_OK), -1);
}

/* The status line's result: counts with thousands separators. */
static void test_result_text(void **state)
{
	(void)state;
	struct ctdel_status st;
	memset(&st, 0, sizeof st);
	st.c.deleted = 261630;
	st.c.gone = 1204;
	st.c.untried = 12345;
	char buf[400];
	ctdel_result_text(&st, buf, sizeof buf);
	assert_string_equal(buf, "stopped with 12,345 left: deleted 261,630, already gone 1,204, "
			    "failed 0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_result_text),
		cmocka_unit_test_setup_teardown(test_run_journals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_journals_long_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_stopped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_no_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_read_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
