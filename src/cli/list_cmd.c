/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --list: the dump streams through the filter; without --sort a match is
 * printed at once, with --sort the first --limit rows in that order are
 * kept in a bounded heap while the dump runs. */
#include "base/format.h"
#include "cli/list_cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/list_names.h"
#include "cli/list_rows.h"
#include "collect/dump_entries.h"
#include "collect/nsowner.h"
#include "collect/nsscan.h"
#include "collect/sysctl.h"
#include "model/rowsort.h"

#define ATTEMPTS 3
/* rows whose names are asked for before printing (4 addresses each, in
 * list_names' queue of 512) */
#define PREFETCH_ROWS 100

int list_filter_parse(const char *text, struct ct_filter *f, FILE *err)
{
	struct filter_error fe;
	if (filter_parse(text, strlen(text), f, &fe) == 0)
		return 0;
	fprintf(err, "ctdash: bad filter at column %zu: %s\n  %s\n  %*s^\n", fe.pos + 1, fe.msg,
		text, (int)fe.pos, "");
	return -1;
}

struct list_run {
	const struct ct_filter *f;
	const struct options *o;
	bool acct;
	struct rowheap heap;     /* with --sort */
	uint64_t printed, matched;
	bool headed;             /* the text header is out */
};

/* The text header goes out with the first row, or after a dump that
 * worked and matched nothing: a dump the kernel refuses (no
 * CAP_NET_ADMIN) prints the error alone. */
static void header_once(struct list_run *lr)
{
	if (!lr->o->list_json && !lr->headed)
		row_header(stdout, lr->acct);
	lr->headed = true;
}

static void print_row(struct list_run *lr, const struct ct_entry *e)
{
	header_once(lr);
	if (lr->o->list_json)
		row_json(stdout, e);
	else
		row_text(stdout, e, lr->acct);
}

static int stream_row(const struct ct_entry *e, void *arg)
{
	struct list_run *lr = arg;
	if (!filter_match(lr->f, e))
		return 0;
	lr->matched++;
	print_row(lr, e);
	if (++lr->printed == lr->o->limit)
		return -ECANCELED; /* enough: stop the dump */
	return 0;
}

static int keep_row(const struct ct_entry *e, void *arg)
{
	struct list_run *lr = arg;
	if (!filter_match(lr->f, e))
		return 0;
	lr->matched++;
	return rowheap_offer(&lr->heap, e) < 0 ? -ENOMEM : 0;
}

/* One dump through fn; the sorted list retries a dump the kernel says
 * was interrupted, the streamed one cannot (its rows are out). */
static int dump(struct list_run *lr, ct_row_fn fn, int attempts)
{
	int ret = -EAGAIN;
	for (int i = 0; i < attempts; i++) {
		struct nlconn nc = { 0 };
		struct list_dump_stats st;
		lr->matched = 0;
		rowheap_reset(&lr->heap);
		ret = nlconn_open(&nc);
		if (ret == 0)
			ret = ct_list_dump_where(&nc, lr->f, fn, lr, &st, NULL, NULL);
		nlconn_close(&nc);
		char bad[48];
		if (ret == 0 && st.malformed)
			fprintf(stderr, "ctdash: %s could not be read\n",
				fmt_counted(bad, sizeof bad, st.malformed, "entry", "entries"));
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
	}
	return ret;
}

/* The sorted rows are all known before the first is printed: ask for the
 * names of the first ones at once, so their lookups overlap. */
static void prefetch(struct list_names *names, const struct rowheap *h)
{
	for (size_t i = 0; i < h->n && i < PREFETCH_ROWS; i++) {
		const struct ct_entry *e = &h->row[i];
		const struct ct_tuple *t[2] = { &e->orig, &e->reply };
		for (int d = 0; d < 2; d++) {
			if (t[d]->has & CT_TUPLE_SRC)
				list_names_prefetch(names, e->family, t[d]->src);
			if (t[d]->has & CT_TUPLE_DST)
				list_names_prefetch(names, e->family, t[d]->dst);
		}
	}
}

static bool acct_on(void)
{
	uint64_t v = 0;
	return sysctl_read_u64("nf_conntrack_acct", &v) == 0 && v != 0;
}

/* The filter and the sort order from the command line; 0, or the exit
 * status of a bad one (said on stderr). */
static int parse_list_args(const struct options *o, struct ct_filter *f, struct sort_spec *spec)
{
	char err[512];
	if (list_filter_parse(o->filter, f, stderr) < 0)
		return 2;
	memset(spec, 0, sizeof *spec);
	if (o->sort && sort_parse(o->sort, spec, err, sizeof err) < 0) {
		fprintf(stderr, "ctdash: %s\n", err);
		return 2;
	}
	return 0;
}

/* Who owns which address, for the workload column and filter; what could
 * not be read is said, and the rest still used. */
static void use_owners(struct ct_filter *f, struct ns_table *t, struct addr_owners *owners)
{
	char all[48];
	int sret = nsscan_run(t);
	if (sret < 0 || nsowner_addr_map(t, owners) < 0)
		fprintf(stderr, "ctdash: who owns which address: %s\n",
			strerror(sret < 0 ? -sret : ENOMEM));
	else if (t->enter_err)
		fprintf(stderr, "ctdash: who owns which address: %u of %s could not be "
			"read (%s)\n", t->n - t->entered, fmt_counted(all, sizeof all, t->n, "namespace", "namespaces"),
			strerror(t->enter_err));
	filter_use_owners(f, owners);
	rows_use_owners(owners);
}

/* With --sort: the whole dump into the heap, then its rows in order. */
static int print_sorted(struct list_run *lr, struct list_names *names)
{
	int ret = dump(lr, keep_row, ATTEMPTS);
	rowheap_finish(&lr->heap);
	if (names)
		prefetch(names, &lr->heap);
	for (size_t i = 0; ret == 0 && i < lr->heap.n; i++)
		print_row(lr, &lr->heap.row[i]);
	return ret;
}

static void say_dump_failed(int ret)
{
	fprintf(stderr, "ctdash: cannot read the conntrack table: %s%s\n", strerror(-ret),
		ret == -EPERM ? " (it needs CAP_NET_ADMIN)" :
		ret == -EINTR ? " (the kernel interrupted the dump; the list is incomplete)" : "");
}

/* The rows, sorted or as the dump streams them; 0 or a negative errno. */
static int print_rows(struct list_run *lr, struct list_names *names)
{
	int ret = lr->o->sort ? print_sorted(lr, names) : dump(lr, stream_row, 1);
	if (ret == -ECANCELED) /* --limit reached */
		ret = 0;
	if (ret == 0)
		header_once(lr);
	else
		say_dump_failed(ret);
	return ret;
}

int run_list(const struct options *o)
{
	struct ct_filter f;
	struct sort_spec spec;
	int status = parse_list_args(o, &f, &spec);
	if (status != 0) {
		filter_free(&f);
		return status;
	}
	struct list_names *names = NULL;
	if (o->resolve) {
		names = list_names_start();
		if (!names) {
			fprintf(stderr, "ctdash: --resolve: %s\n", strerror(errno));
			filter_free(&f);
			return 1;
		}
		rows_use_names(list_names_get, names);
	}
	struct ns_table t = { 0 };
	struct addr_owners owners = { 0 };
	if (o->all_netns || f.needs_owners)
		use_owners(&f, &t, &owners);
	struct list_run lr = { .f = &f, .o = o, .acct = acct_on() };
	rowheap_init(&lr.heap, (size_t)o->limit, &spec);
	int ret = print_rows(&lr, names);
	rows_use_names(NULL, NULL);
	rows_use_owners(NULL);
	addrowners_free(&owners);
	nsscan_free(&t);
	list_names_stop(names, stderr);
	rowheap_free(&lr.heap);
	filter_free(&f);
	return ret < 0 ? 1 : 0;
}
