/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctdash: parse the command line, enter the namespace, then hand over to a
 * report or the dashboard. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/fdio.h"
#include "base/testhooks.h"
#include "collect/snapshot.h"
#include "demo/demo.h"
#include "model/advice.h"
#include "write/overrides.h"
#include "base/format.h"
#include "collect/netns.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/report.h"
#include "ui/ui.h"
#include "cli/undo_last.h"
#include "cli/list_cmd.h"
#include "cli/record_cmd.h"
#include "collect/churnwatch.h"
#include "collect/nsowner.h"
#include "collect/nsscan.h"
#include "collect/rdns.h"
#include "serve/exporter.h"
#include "serve/httpd.h"
#include "serve/promtext.h"
#include "write/tune.h"

static int enter_namespace(const struct options *o)
{
	int ret = 0;
	const char *bad = o->netns ? netns_name_problem(o->netns) : NULL;
	if (bad) {
		fprintf(stderr, "ctdash: --netns '%s': ctdash refuses that namespace name: %s\n",
			o->netns, bad);
		return -1;
	}
	if (o->netns)
		ret = netns_enter_name(o->netns);
	else if (o->netns_pid)
		ret = netns_enter_pid(o->netns_pid);
	if (ret == 0)
		return 0;
	if (o->netns && ret == -ENOENT)
		fprintf(stderr, "ctdash: network namespace '%s' does not exist (no /run/netns/%s)\n",
			o->netns, o->netns);
	else if (o->netns && ret == -EINVAL)
		fprintf(stderr, "ctdash: /run/netns/%s is no network namespace (one ip netns is making "
			"or deleting?)\n", o->netns);
	else if (o->netns_pid && ret == -ENOENT)
		fprintf(stderr, "ctdash: no process %d, so no namespace to read\n", (int)o->netns_pid);
	else if (ret == -EPERM)
		fprintf(stderr, "ctdash: entering another network namespace needs CAP_SYS_ADMIN (run as root)\n");
	else
		fprintf(stderr, "ctdash: cannot enter the network namespace: %s\n", strerror(-ret));
	return -1;
}

/* Descriptors ctdash may hold at once: the terminal's database, the
 * sampler's and the event engine's netlink sockets, eventfds, the
 * journal, a namespace's files. Fewer fail later, under the wrong name
 * ("cannot draw on this terminal", a table that "could not be dumped"). */
#define FDS_NEEDED 16

static bool enough_descriptors(void)
{
	int free_fds = fd_headroom(FDS_NEEDED);
	if (free_fds >= FDS_NEEDED)
		return true;
	struct rlimit rl;
	char limit[32] = "?";
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		snprintf(limit, sizeof limit, "%llu", (unsigned long long)rl.rlim_cur);
	fprintf(stderr, "ctdash: too few file descriptors: %d more can be opened, ctdash needs %d "
		"(ulimit -n is %s; raise it, e.g. ulimit -n 1024)\n", free_fds, FDS_NEEDED, limit);
	return false;
}

static void namespace_label(const struct options *o, char *buf, size_t n)
{
	if (o->netns)
		snprintf(buf, n, "%s", o->netns);
	else if (o->netns_pid)
		snprintf(buf, n, "pid:%d", (int)o->netns_pid);
	else
		buf[0] = '\0';
}

/* A big table takes a second or more to read: say how far it got, on a
 * terminal only, so scripts and pipes see nothing but the report. */
#define PROGRESS_EVERY_MS 200

struct progress {
	double next_ms;
	bool shown;
};

static bool show_progress(uint64_t entries, void *arg)
{
	struct progress *p = arg;
	double now = mono_ms();
	if (now >= p->next_ms) {
		char n[48];
		fprintf(stderr, "\rctdash: reading the table: %s so far",
			fmt_counted(n, sizeof n, entries, "entry", "entries"));
		p->next_ms = now + PROGRESS_EVERY_MS;
		p->shown = true;
	}
	return true;
}

/* Wait until the monotonic time end_ms, applying events as they come
 * when there are any (so rates and churn cover the whole watch). */
static void watch_until(struct collector *c, double end_ms)
{
	int fd = collector_event_fd(c);
	if (fd < 0) {
		double left = end_ms - mono_ms();
		if (left > 0)
			sleep_ms((long)left);
		return;
	}
	for (double now = mono_ms(); now < end_ms; now = mono_ms()) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int wait = (int)(end_ms - now) + 1;
		double tick_ms = collector_tick(c); /* the sampling window */
		if (tick_ms >= 0 && tick_ms + 1 < wait)
			wait = (int)tick_ms + 1;
		if (poll(&p, 1, wait > 100 ? 100 : wait) > 0)
			collector_pump(c);
	}
}

/* One collection, or with --interval two, S seconds apart from start to
 * start, so the report can say what rose in between. The counters are
 * read before the dump, so a slow dump does not stretch the interval. */
static int collect_for_report(const struct options *o, struct collector *c,
			      struct ct_snapshot *s, struct advice_tracker *tr)
{
	double started = mono_ms();
	int ret = collect_snapshot(c, s);
	if (ret < 0 || !o->interval_s)
		return ret;
	advice_track(tr, started / 1e3, s);
	snapshot_free(s);
	collector_mark(c);
	/* with events the watch is the measurement: S whole seconds of it
	 * after the first read, however long that read took */
	double from = collector_event_fd(c) >= 0 ? mono_ms() : started;
	watch_until(c, from + o->interval_s * 1000.0);
	started = mono_ms();
	ret = collect_snapshot(c, s);
	if (ret == 0)
		advice_track(tr, started / 1e3, s);
	return ret;
}

/* --all-netns for one-shot reports; a refusal is said on stderr, and what
 * could be read is still reported. */
static void scan_namespaces(struct ns_table *t)
{
	char why[256];
	int ret = nsscan_run(t);
	if (ret < 0)
		fprintf(stderr, "ctdash: finding the network namespaces: %s\n", strerror(-ret));
	const char *problem = namespaces_problem(t, why, sizeof why);
	if (problem)
		fprintf(stderr, "ctdash: %s\n", problem);
}

/* Each namespace's top churner for --json and --once (collect/
 * churnwatch.c): the fullest are listened to from the first scan on, the
 * counts read again PROBE_MS later give the rates (dropping, growing) that
 * choose which to watch, and a namespace chosen only then is listened to
 * for a second more. The kernel counts no new entries per namespace
 * here, so nothing cheaper says which namespaces churn. */
#define CHURN_PROBE_MS 1000
static void measure_churners(struct ns_table *t)
{
	struct churnwatch *cw = churnwatch_start();
	if (!cw) {
		fprintf(stderr, "ctdash: the top churner per namespace: %s\n", strerror(errno));
		return;
	}
	churnwatch_want(cw, t, 0);
	double t0 = mono_ms();
	sleep_ms(CHURN_PROBE_MS);
	/* the same namespaces again, their count and counters only */
	struct ns_table now = *t;
	now.ns = malloc(sizeof *now.ns * (t->n ? t->n : 1));
	if (!now.ns) {
		churnwatch_stop(cw);
		return;
	}
	memcpy(now.ns, t->ns, sizeof *now.ns * t->n);
	(void)nsscan_recount(&now); /* the first scan said what could not be read */
	nsstats_rates(&now, t, (mono_ms() - t0) / 1e3);
	churnwatch_want(cw, &now, 0);
	churnwatch_settle(cw, NSCHURN_MIN_LISTEN_S, 3.0 * NSCHURN_MIN_LISTEN_S);
	churnwatch_fill(cw, &now);
	now.churn_cpu_ms = churnwatch_cpu_ms(cw);
	churnwatch_stop(cw);
	nsscan_free(t);
	*t = now;
}

static void print_prometheus(const struct options *o, const struct ct_snapshot *s,
			     const struct ns_table *t)
{
	char self_label[NS_LABEL_MAX] = "";
	struct prom_input in = { .snap = s, .top_n = o->top_n, .max_series = o->max_series };
	if (o->all_netns) {
		const struct ns_info *self = nsscan_self(t);
		if (self)
			ns_label(self, self_label, sizeof self_label);
		in.namespaces = t;
		in.snap_netns = self_label;
		in.snap_inode = t->self_inode;
	}
	prom_write_snapshot(stdout, &in);
	prom_write_age(stdout, s->taken_at, o->all_netns ? self_label : NULL, real_s());
}

static int run_exporter(const struct options *o, const char *label, int listen_fd)
{
	struct record_feed feed;
	char why[512];
	struct exporter_config cfg = {
		.listen_fd = listen_fd,
		.textfile = o->textfile,
		.top_n = o->top_n,
		.max_series = o->max_series,
		.interval_ms = o->delay_tenths * 100u,
		.all_netns = o->all_netns,
		.netns_label = label,
		.source = o->source,
	};
	if (o->record) {
		struct rec_limits lim = record_limits(o);
		if (record_feed_start(&feed, o->record, &lim, o->all_netns, why, sizeof why) < 0) {
			fprintf(stderr, "ctdash: --record: %s\n", why);
			return 1;
		}
		cfg.on_snapshot = record_exporter_hook;
		cfg.on_snapshot_arg = &feed;
	}
	int status = exporter_run(&cfg);
	if (o->record)
		record_feed_stop(&feed);
	return status;
}

/* The collector of a report: one dump, or events over --interval; the
 * progress line only on a terminal. */
static void report_collector_init(const struct options *o, const char *label,
				  struct collector *c, struct progress *prog)
{
	collector_init(c, o->top_n);
	c->netns = label;
	if (isatty(STDERR_FILENO)) {
		c->progress = show_progress;
		c->progress_arg = prog;
	}
	if (o->interval_s) {
		collector_use_events(c, (enum ct_source_pref)o->source, 0);
		c->rate_window_s = 0; /* the whole watch */
	} else {
		snprintf(c->why_dump, sizeof c->why_dump, "one dump (no --interval)");
	}
}

/* What the report says beside the snapshot: the watch's rates, and the
 * values in force that boot configuration or an agent would undo. */
static void report_extras(const struct options *o, int ret, const struct ct_snapshot *s,
			  const struct advice_tracker *tr, struct report_extra *x)
{
	static struct overrides ov;
	static struct advice will_not_stick;
	if (o->interval_s) {
		x->rates = &tr->rates;
		x->interval_s = o->interval_s;
	}
	overrides_find(overrides_root(), &ov);
	if (ret == 0 && overrides_advice(&ov, s, &will_not_stick)) {
		x->more = &will_not_stick;
		x->nmore = 1;
	}
}

static void print_unloaded(const struct options *o)
{
	const char *msg = "nf_conntrack is not loaded: nothing is tracked, nothing to tune";
	if (o->mode == MODE_JSON)
		report_json_unloaded(stdout, msg);
	else
		printf("ctdash: %s.\n", msg);
}

/* The report in the mode asked for, with what the caller adds; with
 * --all-netns every namespace, and who owns which address. */
static void print_report(const struct options *o, const struct ct_snapshot *s,
			 const struct report_extra *extra)
{
	struct report_extra x = *extra;
	struct ns_table t = { 0 };
	struct addr_owners owners = { 0 };
	if (o->all_netns) {
		scan_namespaces(&t);
		if (o->mode == MODE_JSON || o->mode == MODE_ONCE)
			measure_churners(&t);
		if (nsowner_addr_map(&t, &owners) < 0)
			fprintf(stderr, "ctdash: who owns which address: %s\n", strerror(ENOMEM));
		x.owners = &owners;
	}
	x.namespaces = o->all_netns ? &t : NULL;
	if (o->mode == MODE_PROMETHEUS)
		print_prometheus(o, s, &t);
	else if (o->mode == MODE_JSON)
		report_json(stdout, s, &x);
	else
		report_text(stdout, s, &x);
	addrowners_free(&owners);
	nsscan_free(&t);
}

static int run_report(const struct options *o, const char *label)
{
	struct collector c;
	struct ct_snapshot s = { 0 };
	struct advice_tracker tr;
	struct progress prog = { mono_ms() + PROGRESS_EVERY_MS, false };
	report_collector_init(o, label, &c, &prog);
	advice_tracker_init(&tr);
	int ret = collect_for_report(o, &c, &s, &tr);
	if (prog.shown)
		fputs("\r\033[K", stderr); /* erase the progress line */
	struct report_extra x = { 0 };
	report_extras(o, ret, &s, &tr, &x);
	if (ret == -ENOENT)
		print_unloaded(o);
	else
		print_report(o, &s, &x);
	int status = ret == -ENOENT ? 0 : s.part_err[CT_PART_SYSCTL] ? 1 : 0;
	snapshot_free(&s);
	collector_free(&c);
	return status;
}

/* --demo: the same views, on a namespace made for the purpose. A report
 * waits for the generator's first entries, or it would show an empty table. */
/* The dashboard, with what the command line asked of it. */
static int run_dashboard(const struct options *o, const char *label, struct demo *demo)
{
	struct ui_settings ui = {
		.top_n = o->top_n, .delay_tenths = o->delay_tenths, .source = o->source,
		.color = o->color, .read_only = o->read_only, .journal = o->journal,
		.view = o->view, .filter = o->filter, .workloads = o->all_netns,
	};
	struct record_feed feed;
	char why[512];
	if (o->record) {
		struct rec_limits lim = record_limits(o);
		if (record_feed_start(&feed, o->record, &lim, false, why, sizeof why) < 0) {
			fprintf(stderr, "ctdash: --record: %s\n", why);
			return 1;
		}
		ui.record = &feed;
		ui.record_path = o->record;
	}
	int status = ui_run(&ui, label, demo);
	if (o->record)
		record_feed_stop(&feed);
	return status;
}

/* --replay FILE on the dashboard: the recording checked first, so a
 * refusal comes before the screen; then the dashboard on it, read-only. */
static int run_replay_dashboard(const struct options *o)
{
	struct ui_settings ui = {
		.top_n = o->top_n, .delay_tenths = o->delay_tenths, .source = o->source,
		.color = o->color, .read_only = true, .journal = o->journal,
		.view = o->view, .filter = o->filter, .replay_path = o->replay,
	};
	if (replay_check(o, &ui.replay_at) < 0)
		return 1;
	return ui_run(&ui, "", NULL);
}

static int run_demo(const struct options *o)
{
	struct demo d;
	char err[256];
	if (demo_start(&d, err, sizeof err) < 0) {
		fprintf(stderr, "ctdash: %s\n", err);
		return 1;
	}
	if (o->mode != MODE_DASHBOARD)
		demo_wait_for_entries(100, 3000);
	int status = o->mode == MODE_DASHBOARD ? run_dashboard(o, d.name, &d) : run_report(o, d.name);
	demo_stop(&d);
	return status;
}

/* A bad option or value: what is wrong, and where the whole story is,
 * not the whole help (which scrolls the error away), as GNU tools do. */
static void bad_usage(const char *err)
{
	fprintf(stderr, "ctdash: %s\nTry 'ctdash --help' for more information.\n", err);
}

/* The command line read and checked; 0, or the exit status of a bad one. */
static int read_command_line(int argc, char **argv, struct options *o)
{
	char err[256];
	if (options_parse(argc, argv, o, err, sizeof err) < 0) {
		bad_usage(err);
		return 2;
	}
	/* the views are the dashboard's: it knows their names */
	if (o->view && o->mode == MODE_DASHBOARD && ui_check_view(o->view, err, sizeof err) < 0) {
		bad_usage(err);
		return 2;
	}
	return 0;
}

/* --view list FILTER: a bad filter is refused before the screen opens. */
static bool view_filter_ok(const struct options *o)
{
	if (o->mode != MODE_DASHBOARD || !o->filter[0])
		return true;
	struct ct_filter f;
	int bad = list_filter_parse(o->filter, &f, stderr);
	filter_free(&f);
	return bad >= 0;
}

/* The server's socket before --netns: it stays on the host's addresses.
 * -1 when none is asked for; -2 when it cannot be had (said). */
static int listen_before_netns(const struct options *o)
{
	char err[256];
	if (o->mode != MODE_EXPORTER || !o->listen_port)
		return -1;
	int fd = httpd_listen(o->listen_addr, o->listen_port, err, sizeof err);
	if (fd < 0) {
		fprintf(stderr, "ctdash: %s\n", err);
		return -2;
	}
	return fd;
}

/* In the namespace the command line names, what its mode does. */
static int run_in_namespace(const struct options *o, int listen_fd)
{
	/* the global settings are written where ctdash started */
	if (o->netns || o->netns_pid)
		tune_keep_home();
	if (enter_namespace(o) < 0)
		return 2;
	char label[CT_NETNS_NAME_MAX];
	namespace_label(o, label, sizeof label);
	switch (o->mode) {
	case MODE_UNDO_LAST:
		return undo_last_run(label, o->journal, o->read_only, stdout, stderr);
	case MODE_DASHBOARD:
		return run_dashboard(o, label, NULL);
	case MODE_EXPORTER:
		return run_exporter(o, label, listen_fd);
	case MODE_RECORD:
		return run_record(o, label);
	case MODE_LIST:
		return run_list(o);
	case MODE_DELETE:
		return run_delete(o, label);
	default:
		return run_report(o, label);
	}
}

static int run(int argc, char **argv)
{
	struct options o;
	int status = read_command_line(argc, argv, &o);
	if (status != 0)
		return status;
	if (o.mode == MODE_HELP) {
		options_usage(stdout);
		return 0;
	}
	if (o.mode == MODE_VERSION) {
		printf("%s%s\n", PACKAGE_STRING, test_hooks_built() ? " (test hooks)" : "");
		return 0;
	}
	if (!enough_descriptors())
		return 1;
	if (!view_filter_ok(&o))
		return 2;
	if (o.replay)
		return o.mode == MODE_DASHBOARD ? run_replay_dashboard(&o) : run_replay(&o);
	/* names are looked up from here, not from the namespace shown */
	if (o.mode == MODE_DASHBOARD || o.mode == MODE_LIST)
		rdns_keep_home_netns();
	if (o.demo)
		return run_demo(&o);
	int listen_fd = listen_before_netns(&o);
	if (listen_fd == -2)
		return 1;
	return run_in_namespace(&o, listen_fd);
}

int main(int argc, char **argv)
{
	if (output_check_std() < 0)
		return 1;
	/* a report nobody received is a failure, not an exit 0 */
	return output_finish(run(argc, argv));
}
