/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The delete's read-back, run by zones.sh inside a namespace it made
 * (root) and filled with one entry in zone 7 of its original direction
 * only, 127.0.0.41:40041 -> 127.0.0.2:80, and a twin of its original
 * tuple in zone 0. A request that misses that entry (no zone: what ctdash
 * sent before it read per-direction zones; the kernel finds the twin, of
 * another id) gets ENOENT; ctdel_run must not call it "already gone"
 * while a dump still lists it. A target that really is not there is. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/filter.h"
#include "write/ctdel_run.h"

static const char *journal_path;

/* The namespace's one entry, read whole. */
static void read_entry(struct ctdel_set *s)
{
	struct ct_filter f;
	struct filter_error fe;
	const char *text = "zone 7";
	assert_int_equal(filter_parse(text, strlen(text), &f, &fe), 0);
	memset(s, 0, sizeof *s);
	assert_int_equal(ctdel_collect(s, &f, NULL, NULL), 0);
	filter_free(&f);
	assert_int_equal(s->n, 1);
	assert_int_equal(s->target[0].zone, 7);
}

static struct ctdel_count run(const struct ctdel_set *s)
{
	struct ctdel_where w = { .journal_path = journal_path, .nsid = 1, .ns = "zones" };
	struct ctdel_count c;
	char err[256];
	assert_int_equal(ctdel_run(&w, "filter='test'", s, &c, NULL, NULL, err, sizeof err), 0);
	return c;
}

static void test_missed_entry_is_not_gone(void **state)
{
	(void)state;
	struct ctdel_set s;
	read_entry(&s);
	s.target[0].zone = 0; /* the request without the entry's zone */
	struct ctdel_count c = run(&s);
	assert_int_equal(c.deleted, 0);
	assert_int_equal(c.gone, 0);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.first_err, -ENOENT);
	ctdel_set_free(&s);
	read_entry(&s); /* and it is still there */
	ctdel_set_free(&s);
}

static void test_absent_entry_is_gone(void **state)
{
	(void)state;
	struct ctdel_set s;
	read_entry(&s);
	s.target[0].id ^= 1; /* an id the table does not hold */
	struct ctdel_count c = run(&s);
	assert_int_equal(c.gone, 1);
	assert_int_equal(c.failed, 0);
	ctdel_set_free(&s);
}

static void test_right_request_deletes(void **state)
{
	(void)state;
	struct ctdel_set s;
	read_entry(&s);
	struct ctdel_count c = run(&s);
	assert_int_equal(c.deleted, 1);
	assert_int_equal(c.gone + c.failed, 0);
	ctdel_set_free(&s);
}

int main(void)
{
	journal_path = getenv("ZONES_JOURNAL");
	if (!journal_path) {
		fprintf(stderr, "netns_ctdel: ZONES_JOURNAL is not set (run zones.sh)\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missed_entry_is_not_gone),
		cmocka_unit_test(test_absent_entry_is_gone),
		cmocka_unit_test(test_right_request_deletes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
