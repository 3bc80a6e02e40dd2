/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --delete: dump, keep what names each matching entry, ask, journal,
 * delete one by one, say what happened. A delete cannot be undone, so the
 * question says so, shows a sample, and a delete of more than half the
 * table asks a second time (with --yes: --yes twice). */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "base/format.h"
#include "cli/list_cmd.h"
#include "cli/list_rows.h"
#include "write/ctdel_run.h"

struct del_run {
	const struct ct_filter *f;
	struct ctdel_set set;
};

/* A line from the terminal, without its newline; false at end of input.
 * What was typed before the question is thrown away (tcflush): a "yes"
 * typed ahead while the table was read answers nothing. */
static bool ask(const char *question, char *answer, size_t n)
{
	tcflush(STDIN_FILENO, TCIFLUSH);
	fputs(question, stdout);
	fflush(stdout);
	if (!fgets(answer, (int)n, stdin))
		return false;
	answer[strcspn(answer, "\n")] = '\0';
	return true;
}

static bool is_big(const struct del_run *dr)
{
	return ctdel_is_big(dr->set.n, dr->set.total);
}

/* true when the user (or --yes) says go. */
static bool confirmed(const struct options *o, const struct del_run *dr)
{
	char a[64], q[256], c1[32], c2[48];
	bool big = is_big(dr);
	if (o->yes) {
		if (big && o->yes < 2) {
			fprintf(stderr, "ctdash: the filter matches %s of %s, more than half "
				"the table: give --yes twice to delete them without asking\n",
				fmt_count(c1, sizeof c1, dr->set.n),
				fmt_counted(c2, sizeof c2, dr->set.total, "entry", "entries"));
			return false;
		}
		return true;
	}
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "ctdash: --delete asks on the terminal; give --yes to delete "
			"without asking\n");
		return false;
	}
	printf("%s of %s %s '%s'. Deleting them cannot be undone.\n",
	       fmt_count(c1, sizeof c1, dr->set.n),
	       fmt_counted(c2, sizeof c2, dr->set.total, "entry", "entries"),
	       plural(dr->set.n, "matches", "match"), o->filter);
	row_header(stdout, false);
	for (size_t i = 0; i < dr->set.n && i < CTDEL_SAMPLE; i++)
		row_text(stdout, &dr->set.sample[i], false);
	if (dr->set.n > CTDEL_SAMPLE)
		printf("... and %s more\n", fmt_count(c1, sizeof c1, dr->set.n - CTDEL_SAMPLE));
	if (!ask("Delete them? Type yes to delete: ", a, sizeof a) || strcmp(a, "yes") != 0)
		return false;
	if (!big)
		return true;
	snprintf(q, sizeof q, "That is %s of the table's %s (%s). Type the number of "
		 "entries, %zu, to delete them: ", dr->set.n == dr->set.total ? "all" : "more than half",
		 c2, c1, dr->set.n);
	return ask(q, a, sizeof a) && strtoull(a, NULL, 10) == dr->set.n && a[0] >= '0' && a[0] <= '9';
}

static uint64_t own_nsid(void)
{
	struct stat st;
	return stat("/proc/self/ns/net", &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/* Ctrl-C, a TERM or a HUP (the SSH session dropped) while the entries
 * are deleted: stop after the one under way, so the journal still
 * records how far it went. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static bool go_on(uint64_t tried, void *arg)
{
	(void)tried;
	(void)arg;
	return stop_signal == 0;
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NSTOP (sizeof stop_signals / sizeof *stop_signals)

static void catch_stop(struct sigaction old[NSTOP])
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &sa, &old[i]);
}

static void release_stop(const struct sigaction old[NSTOP])
{
	for (size_t i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &old[i], NULL);
}

static const char *stop_name(int sig)
{
	return sig == SIGINT ? "Ctrl-C" : sig == SIGHUP ? "SIGHUP (the terminal hung up)" : "SIGTERM";
}

static int do_delete(const struct options *o, const char *label, struct del_run *dr)
{
	struct ctdel_where w = { .journal_path = o->journal, .nsid = own_nsid(), .ns = label,
				 .read_only = o->read_only };
	struct ctdel_count c;
	char what[FILTER_TEXT_MAX + 16], err[320];
	snprintf(what, sizeof what, "filter='%s'", o->filter);
	struct sigaction old[NSTOP];
	catch_stop(old);
	int ret = ctdel_run(&w, what, &dr->set, &c, go_on, NULL, err, sizeof err);
	release_stop(old);
	if (ret < 0 && c.deleted == 0 && c.failed == 0) {
		fprintf(stderr, "ctdash: nothing deleted: %s\n", err);
		return 1;
	}
	if (c.unrecorded)
		fprintf(stderr, "ctdash: warning: the result could not be journalled\n");
	char d[32], g[32], f[32], left[64];
	printf("deleted %s, already gone %s, failed %s\n", fmt_count(d, sizeof d, c.deleted),
	       fmt_count(g, sizeof g, c.gone), fmt_count(f, sizeof f, c.failed));
	if (c.failed)
		fprintf(stderr, "ctdash: the first failure: %s\n", ctdel_failure_text(c.first_err));
	if (c.untried) {
		fprintf(stderr, "ctdash: stopped by %s: %s left as %s\n", stop_name(stop_signal),
			fmt_counted(left, sizeof left, c.untried, "matching entry", "matching entries"),
			plural(c.untried, "it was", "they were"));
		return 128 + stop_signal;
	}
	return c.failed ? 1 : 0;
}

int run_delete(const struct options *o, const char *label)
{
	struct ct_filter f;
	if (list_filter_parse(o->filter, &f, stderr) < 0) {
		filter_free(&f);
		return 2;
	}
	if (f.needs_owners) { /* a delete acts on addresses, never on guessed owners */
		fprintf(stderr, "ctdash: the workload term goes with --list; delete by the "
			"addresses it shows (dst ADDR)\n");
		filter_free(&f);
		return 2;
	}
	/* the core refuses in ctdel_run; asked first, to say so before reading */
	const char *refused = ctdel_refused(&(struct ctdel_where){ .read_only = o->read_only });
	if (refused) {
		fprintf(stderr, "ctdash: nothing deleted: %s\n", refused);
		filter_free(&f);
		return 1;
	}
	struct del_run dr = { .f = &f };
	char total[48];
	int status = 1;
	int ret = ctdel_collect(&dr.set, &f, NULL, NULL);
	if (ret < 0)
		fprintf(stderr, "ctdash: cannot read the conntrack table: %s\n", strerror(-ret));
	else if (dr.set.n == 0) {
		printf("nothing matches '%s' (%s)\n", o->filter,
		       fmt_counted(total, sizeof total, dr.set.total, "entry", "entries"));
		status = 0;
	} else if (!confirmed(o, &dr))
		printf("nothing deleted\n");
	else
		status = do_delete(o, label, &dr);
	ctdel_set_free(&dr.set);
	filter_free(&f);
	return status;
}
