/* --delete: dump, keep what names each matching entry, ask, journal,
 * delete one by one, say what happened. A delete cannot be undone, so the
 * question says so, shows a sample, and a delete of more than half the
 * table asks a second time (with --yes: --yes twice). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/format.h"
#include "cli/list_cmd.h"
#include "cli/list_rows.h"
#include "collect/listdump.h"
#include "write/ctdelete.h"
#include "write/journal.h"

#define SAMPLE 5

struct del_run {
	const struct ct_filter *f;
	struct ct_target *target;
	size_t n, cap;
	struct ct_entry sample[SAMPLE];
	uint64_t total;
};

static int take(const struct ct_entry *e, void *arg)
{
	struct del_run *dr = arg;
	dr->total++;
	if (!filter_match(dr->f, e))
		return 0;
	if (dr->n == dr->cap) {
		size_t cap = dr->cap ? dr->cap * 2 : 1024;
		struct ct_target *t = realloc(dr->target, cap * sizeof *t);
		if (!t)
			return -ENOMEM;
		dr->target = t;
		dr->cap = cap;
	}
	if (dr->n < SAMPLE)
		dr->sample[dr->n] = *e;
	ct_target_of(&dr->target[dr->n++], e);
	return 0;
}

static int collect_targets(struct del_run *dr)
{
	int ret = -EAGAIN;
	for (int i = 0; i < 3; i++) {
		struct nlconn nc = { 0 };
		struct list_dump_stats st;
		dr->n = 0;
		dr->total = 0;
		ret = nlconn_open(&nc);
		if (ret == 0)
			ret = ct_list_dump(&nc, take, dr, &st, NULL, NULL);
		nlconn_close(&nc);
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
	}
	return ret;
}

/* A line from the terminal, without its newline; false at end of input. */
static bool ask(const char *question, char *answer, size_t n)
{
	fputs(question, stdout);
	fflush(stdout);
	if (!fgets(answer, (int)n, stdin))
		return false;
	answer[strcspn(answer, "\n")] = '\0';
	return true;
}

static bool is_big(const struct del_run *dr)
{
	return dr->n == dr->total || dr->n * 2 > dr->total;
}

/* true when the user (or --yes) says go. */
static bool confirmed(const struct options *o, const struct del_run *dr)
{
	char a[64], q[256], c1[32], c2[32];
	bool big = is_big(dr);
	if (o->yes) {
		if (big && o->yes < 2) {
			fprintf(stderr, "ctdash: the filter matches %s of %s entries, more than half "
				"the table: give --yes twice to delete them without asking\n",
				fmt_count(c1, sizeof c1, dr->n), fmt_count(c2, sizeof c2, dr->total));
			return false;
		}
		return true;
	}
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "ctdash: --delete asks on the terminal; give --yes to delete "
			"without asking\n");
		return false;
	}
	printf("%s of %s entries match '%s'. Deleting them cannot be undone.\n",
	       fmt_count(c1, sizeof c1, dr->n), fmt_count(c2, sizeof c2, dr->total), o->filter);
	row_header(stdout, false);
	for (size_t i = 0; i < dr->n && i < SAMPLE; i++)
		row_text(stdout, &dr->sample[i], false);
	if (dr->n > SAMPLE)
		printf("... and %zu more\n", dr->n - SAMPLE);
	if (!ask("Delete them? Type yes to delete: ", a, sizeof a) || strcmp(a, "yes") != 0)
		return false;
	if (!big)
		return true;
	snprintf(q, sizeof q, "That is %s of the table's %s entries (%s). Type the number of "
		 "entries, %zu, to delete them: ", dr->n == dr->total ? "all" : "more than half",
		 c2, c1, dr->n);
	return ask(q, a, sizeof a) && strtoull(a, NULL, 10) == dr->n && a[0] >= '0' && a[0] <= '9';
}

static uint64_t own_nsid(void)
{
	struct stat st;
	return stat("/proc/self/ns/net", &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static int journal_note(struct journal *j, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int journal_note(struct journal *j, const char *label, const char *fmt, ...)
{
	char what[JOURNAL_LINE_MAX / 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return journal_append_note(j, (int64_t)time(NULL), own_nsid(), label, what);
}

struct del_count {
	uint64_t deleted, gone, failed;
	int first_err;
};

static int delete_all(const struct del_run *dr, struct del_count *c)
{
	struct ct_deleter *d = ctdel_open();
	if (!d)
		return -errno;
	for (size_t i = 0; i < dr->n; i++) {
		int ret = ctdel_one(d, &dr->target[i]);
		if (ret == 0)
			c->deleted++;
		else if (ret == -ENOENT)
			c->gone++;
		else {
			c->failed++;
			if (!c->first_err)
				c->first_err = ret;
		}
	}
	ctdel_close(d);
	return 0;
}

static int do_delete(const struct options *o, const char *label, struct del_run *dr)
{
	struct journal j;
	char err[256];
	const char *path = o->journal ? o->journal : JOURNAL_DEFAULT_PATH;
	if (journal_open(&j, path, err, sizeof err) < 0) {
		fprintf(stderr, "ctdash: nothing deleted: the journal cannot be written: %s\n", err);
		return 1;
	}
	int ret = journal_note(&j, label, "delete filter='%s' matched=%zu of=%" PRIu64,
			       o->filter, dr->n, dr->total);
	struct del_count c = { 0 };
	if (ret == 0)
		ret = delete_all(dr, &c);
	else
		fprintf(stderr, "ctdash: nothing deleted: the journal cannot be written: %s\n",
			strerror(-ret));
	if (ret == 0 && journal_note(&j, label, "deleted %" PRIu64 " already_gone %" PRIu64
				     " failed %" PRIu64 " filter='%s'", c.deleted, c.gone,
				     c.failed, o->filter) < 0)
		fprintf(stderr, "ctdash: warning: the result could not be journalled\n");
	journal_close(&j);
	if (ret < 0 && c.deleted == 0 && c.failed == 0)
		return 1;
	printf("deleted %" PRIu64 ", already gone %" PRIu64 ", failed %" PRIu64 "\n", c.deleted,
	       c.gone, c.failed);
	if (c.failed)
		fprintf(stderr, "ctdash: the first failure: %s\n", strerror(-c.first_err));
	return c.failed ? 1 : 0;
}

int run_delete(const struct options *o, const char *label)
{
	struct ct_filter f;
	if (list_filter_parse(o->filter, &f, stderr) < 0) {
		filter_free(&f);
		return 2;
	}
	if (o->read_only) {
		fprintf(stderr, "ctdash: --read-only: refusing to delete anything\n");
		filter_free(&f);
		return 1;
	}
	struct del_run dr = { .f = &f };
	int status = 1;
	int ret = collect_targets(&dr);
	if (ret < 0)
		fprintf(stderr, "ctdash: cannot read the conntrack table: %s\n", strerror(-ret));
	else if (dr.n == 0) {
		printf("nothing matches '%s' (%" PRIu64 " entries)\n", o->filter, dr.total);
		status = 0;
	} else if (!confirmed(o, &dr))
		printf("nothing deleted\n");
	else
		status = do_delete(o, label, &dr);
	free(dr.target);
	filter_free(&f);
	return status;
}
