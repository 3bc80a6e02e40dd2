/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli/options.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "write/journal.h"
#include "model/model.h"
#include "base/parse.h"
#include "collect/snapshot.h"
#include "cli/options_record.h"

enum { OPT_NO_COLOR = 256, OPT_NETNS_PID, OPT_READ_ONLY, OPT_JOURNAL, OPT_UNDO_LAST, OPT_DEMO,
       OPT_INTERVAL, OPT_PROMETHEUS, OPT_LISTEN, OPT_TEXTFILE, OPT_ALL_NETNS,
       OPT_SOURCE, OPT_LIST, OPT_DELETE, OPT_SORT, OPT_LIMIT, OPT_YES, OPT_RESOLVE,
       OPT_VIEW, OPT_MAX_SERIES, OPT_RECORD, OPT_RECORD_MAX_AGE, OPT_RECORD_MAX_SIZE, OPT_REPLAY,
       OPT_AT, OPT_HISTORY, OPT_SINCE, OPT_UNTIL };

static const char shortopts[] = ":1jn:d:N:hV";
static const struct option longopts[] = {
	{ "once", no_argument, NULL, '1' },
	{ "json", no_argument, NULL, 'j' },
	{ "top", required_argument, NULL, 'n' },
	{ "delay", required_argument, NULL, 'd' },
	{ "netns", required_argument, NULL, 'N' },
	{ "netns-pid", required_argument, NULL, OPT_NETNS_PID },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "read-only", no_argument, NULL, OPT_READ_ONLY },
	{ "journal", required_argument, NULL, OPT_JOURNAL },
	{ "undo-last", no_argument, NULL, OPT_UNDO_LAST },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "prometheus", no_argument, NULL, OPT_PROMETHEUS },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "textfile", required_argument, NULL, OPT_TEXTFILE },
	{ "all-netns", no_argument, NULL, OPT_ALL_NETNS },
	{ "max-series", required_argument, NULL, OPT_MAX_SERIES },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "delete", no_argument, NULL, OPT_DELETE },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "resolve", no_argument, NULL, OPT_RESOLVE },
	{ "view", required_argument, NULL, OPT_VIEW },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "record-max-age", required_argument, NULL, OPT_RECORD_MAX_AGE },
	{ "record-max-size", required_argument, NULL, OPT_RECORD_MAX_SIZE },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "at", required_argument, NULL, OPT_AT },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* What --once and --json print, and how often the dashboard reads. */
static void usage_reports(FILE *out)
{
	fprintf(out,
		"Usage: ctdash [OPTION]...\n"
		"Show what the Linux connection-tracking table (nf_conntrack) is doing.\n"
		"With no report option, open the live dashboard.\n"
		"\n"
		"  -1, --once             print a summary that fits 80 columns, then exit\n"
		"  -j, --json             print one JSON object, then exit\n"
		"      --interval S       with --once or --json: read twice, S seconds apart\n"
		"                         (1-%d), and report what rose in between: drops\n"
		"                         now, not since boot; new, destroyed and growth per\n"
		"                         second, and who made the new entries\n"
		"  -n, --top N            show the N busiest sources, destinations and\n"
		"                         destination ports (1-%d, default %d)\n"
		"  -d, --delay TENTHS     refresh every TENTHS of a second (1-6000, default %d)\n",
		MAX_INTERVAL, CT_TOP_MAX, DEFAULT_TOP, DEFAULT_DELAY);
}

/* Which namespace, and the write path's options. */
static void usage_namespace(FILE *out)
{
	fprintf(out,
		"  -N, --netns NAME       read the network namespace /run/netns/NAME\n"
		"      --netns-pid PID    read the network namespace of process PID\n"
		"      --no-color         draw without colors (also when NO_COLOR is set)\n"
		"      --read-only        change nothing: every tuning key is refused\n"
		"      --journal PATH     record each change in PATH before making it\n"
		"                         (default %s)\n"
		"      --undo-last        revert the most recent journalled change still in\n"
		"                         force in the namespace (after a crash or a dropped\n"
		"                         session), say what was done, then exit\n"
		"      --demo             show a private namespace, ctdash-demo-PID, filled by\n"
		"                         generated loopback traffic; removed on exit (root)\n",
		JOURNAL_DEFAULT_PATH);
}

/* The exporter's options and every namespace. */
static void usage_export(FILE *out)
{
	fprintf(out,
		"      --prometheus       print the Prometheus text format once, then exit\n"
		"      --listen [ADDR:]PORT  serve /metrics over HTTP (loopback unless ADDR\n"
		"                         is given; a scrape serves the latest snapshot)\n"
		"      --textfile PATH    rewrite PATH atomically every refresh, for\n"
		"                         node_exporter's textfile collector (only an\n"
		"                         absent PATH or a regular file is replaced)\n"
		"      --all-netns        also count every network namespace of the host\n"
		"                         (--json, --prometheus, --listen, --textfile;\n"
		"                         entering them needs CAP_SYS_ADMIN), and name the\n"
		"                         pod or container that owns each address (also\n"
		"                         --once, --list: a workload column, and the\n"
		"                         dashboard: beside each address, every 10 s);\n"
		"                         --json and --once also give each namespace's top\n"
		"                         churner (listening 1-2 s, 8 namespaces at most)\n"
		"      --max-series N     with --all-netns, Prometheus: each namespace's own\n"
		"                         counters for the first N (1-%d, default %d, the\n"
		"                         fullest), the rest summed as netns=\"other\"\n",
		MAX_SERIES_MAX, DEFAULT_MAX_SERIES);
}

/* How the dashboard opens, where its counts come from. */
static void usage_dashboard(FILE *out)
{
	fputs(
		"      --view VIEW        open the dashboard on VIEW: list [FILTER] (the\n"
		"                         entries, L), churn, nat, timeouts, advice, journal\n"
		"                         or namespaces; Esc goes back to the panes\n"
		"      --source WHAT      where the counts come from: events (kept current\n"
		"                         by every conntrack event, a full dump now and\n"
		"                         then), dump (a full dump each refresh) or auto\n"
		"                         (default: events when the namespace sends them;\n"
		"                         under heavy churn new entries sampled 1 in k,\n"
		"                         states from dumps, the title says how sampled)\n",
	      out);
}

/* The list and the delete. */
static void usage_list(FILE *out)
{
	fputs(
		"      --list [FILTER]    print the entries FILTER matches (all without one),\n"
		"                         one a line, columns named as conntrack names them;\n"
		"                         with --json one object a line\n"
		"      --sort KEY[,KEY]   order the list by these columns (-KEY: reversed)\n"
		"      --limit N          print only the first N entries of the list\n"
		"      --resolve          names instead of the list's addresses (reverse DNS,\n"
		"                         20 lookups a second, at most 10 s of waiting in all;\n"
		"                         later addresses as they are)\n"
		"      --delete FILTER    delete the entries FILTER matches, after asking on\n"
		"                         the terminal (it cannot be undone; journalled)\n"
		"      --yes              delete without asking; a delete of more than half\n"
		"                         the table (or all of it) needs --yes twice\n",
	      out);
}

/* The recording and its replay. */
static void usage_record(FILE *out)
{
	fputs(
		"      --record FILE      keep every refresh's picture in FILE (SQLite, schema\n"
		"                         in ctdash(8)) beside the dashboard, --listen or\n"
		"                         --textfile; without a terminal, record alone until\n"
		"                         SIGTERM or SIGINT (with --json also print each\n"
		"                         picture as --json does)\n"
		"      --record-max-age D keep pictures for D (30m, 12h, 7d; default 7d)\n"
		"      --record-max-size S  keep FILE under S bytes (K, M, G; default 256M)\n"
		"      --replay FILE      read a recording: the dashboard on it from --at\n"
		"                         ([ ] step, { } incidents); with --once or --json\n"
		"                         the picture nearest --at; --history one JSON\n"
		"                         object a picture; --list the entries sampled in\n"
		"                         an incident\n"
		"      --at TIME          the moment to replay (default: the newest picture)\n"
		"      --history          with --replay: print one JSON object a picture\n"
		"      --since T, --until T  the span --history prints (default: all)\n",
	      out);
}

/* The words TIME and FILTER stand for. */
static void usage_syntax(FILE *out)
{
	fputs(
		"  TIME: HH:MM[:SS] (today, local), YYYY-MM-DDTHH:MM[:SS] (local), -20m, -90s,\n"
		"  -2h, -1d (ago), @UNIX-SECONDS or now\n"
		"  FILTER: terms proto NAME|NUM, l3 ipv4|ipv6, state NAME, src ADDR[/LEN],\n"
		"  dst ADDR[/LEN], reply-src ADDR[/LEN], reply-dst ADDR[/LEN], sport N[-M],\n"
		"  dport N[-M], mark N[/MASK], zone N, assured, unreplied, nat, snat, dnat,\n"
		"  nat-src ADDR[/LEN] (source NATed to it), nat-dst ADDR[/LEN] (destination\n"
		"  NATed to it: the backend), timeout <N, timeout >N, workload GLOB (--list:\n"
		"  the source's or destination's pod or container, default/web-*);\n"
		"  joined with and, or, not and parentheses (and before or)\n",
	      out);
}

/* Help, version, what it needs and how it exits. */
static void usage_end(FILE *out)
{
	fputs(
		"  -h, --help             show this help, then exit\n"
		"  -V, --version          show the version, then exit\n"
		"\n"
		"Reading the entry table needs CAP_NET_ADMIN; without it ctdash shows what\n"
		"/proc gives, the kernel's counters included. Exit status: 0 on success, also\n"
		"when nf_conntrack is not loaded; 1 when the table cannot be read, or when\n"
		"--undo-last finds nothing to undo or cannot write; 2 for a bad command\n"
		"line or namespace; 128 + N when --delete was stopped by signal N.\n",
	      out);
}

void options_usage(FILE *out)
{
	usage_reports(out);
	usage_namespace(out);
	usage_export(out);
	usage_dashboard(out);
	usage_list(out);
	usage_record(out);
	usage_syntax(out);
	usage_end(out);
}

static bool take_number(const char *arg, uint64_t lo, uint64_t hi, uint64_t *v,
			const char *opt, char *err, size_t errlen)
{
	if (parse_uint(arg, hi, v) && *v >= lo)
		return true;
	snprintf(err, errlen, "invalid value '%s' for %s: expected a whole number from %llu to %llu",
		 arg, opt, (unsigned long long)lo, (unsigned long long)hi);
	return false;
}

static const char *mode_option(enum ctd_mode m)
{
	switch (m) {
	case MODE_ONCE: return "--once";
	case MODE_JSON: return "--json";
	case MODE_UNDO_LAST: return "--undo-last";
	case MODE_PROMETHEUS: return "--prometheus";
	case MODE_EXPORTER: return "--listen and --textfile";
	default: return NULL;
	}
}

static int set_mode(struct options *o, enum ctd_mode m, char *err, size_t errlen)
{
	if ((o->mode == MODE_PROMETHEUS || o->mode == MODE_EXPORTER ||
	     m == MODE_PROMETHEUS || m == MODE_EXPORTER) &&
	    mode_option(o->mode) && mode_option(m) && o->mode != m) {
		snprintf(err, errlen, "%s cannot be used with %s", mode_option(o->mode), mode_option(m));
		return -1;
	}
	if ((o->mode == MODE_ONCE || o->mode == MODE_JSON) &&
	    (m == MODE_ONCE || m == MODE_JSON) && o->mode != m) {
		snprintf(err, errlen, "--once and --json cannot be used together");
		return -1;
	}
	if ((o->mode == MODE_UNDO_LAST) != (m == MODE_UNDO_LAST) &&
	    (o->mode == MODE_ONCE || o->mode == MODE_JSON || m == MODE_ONCE || m == MODE_JSON)) {
		snprintf(err, errlen, "--undo-last cannot be used with --once or --json");
		return -1;
	}
	if (o->mode == MODE_DASHBOARD || m == MODE_HELP || m == MODE_VERSION)
		o->mode = m;
	return 0;
}

/* --list and --delete take the words after the options as the filter. */
static int join_filter(struct options *o, int n, char **words, char *err, size_t errlen)
{
	size_t len = 0, whole = 0;
	o->filter[0] = '\0';
	for (int i = 0; i < n; i++)
		whole += strlen(words[i]) + (i > 0);
	if (whole > FILTER_LEN_MAX) {
		/* filter_parse's words, so every way in refuses alike */
		snprintf(err, errlen, "the filter is %zu bytes, more than the %d a filter may have",
			 whole, FILTER_LEN_MAX);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		size_t w = strlen(words[i]);
		if (i)
			o->filter[len++] = ' ';
		memcpy(o->filter + len, words[i], w + 1);
		len += w;
	}
	return 0;
}

static int list_or_delete(struct options *o, bool list, bool del, char *err, size_t errlen)
{
	if (o->mode == MODE_HELP || o->mode == MODE_VERSION)
		return 0;
	if (list && del) {
		snprintf(err, errlen, "--list and --delete cannot be used together");
		return -1;
	}
	if ((o->sort || o->limit) && !list) {
		snprintf(err, errlen, "--sort and --limit go with --list");
		return -1;
	}
	if (o->resolve && !list) {
		snprintf(err, errlen, "--resolve goes with --list");
		return -1;
	}
	if (o->yes && !del) {
		snprintf(err, errlen, "--yes goes with --delete");
		return -1;
	}
	if (!list && !del)
		return 0;
	const char *what = list ? "--list" : "--delete";
	if (o->mode != MODE_DASHBOARD && !(list && o->mode == MODE_JSON)) {
		snprintf(err, errlen, "%s cannot be used with %s", what,
			 mode_option(o->mode) ? mode_option(o->mode) : "--once");
		return -1;
	}
	/* --list --all-netns: the workload behind each address */
	if (o->interval_s || (o->all_netns && del) || o->demo) {
		snprintf(err, errlen, "%s cannot be used with --interval, %s--demo", what,
			 del ? "--all-netns or " : "or ");
		return -1;
	}
	o->list_json = o->mode == MODE_JSON;
	o->mode = list ? MODE_LIST : MODE_DELETE;
	return 0;
}

/* What the options decide only once all are read. */
struct parse_state {
	bool list, del;
};

/* Options that take a whole number within bounds. */
static const struct {
	int opt;
	const char *name;
	uint64_t lo, hi;
} numbers[] = {
	{ 'n', "--top", 1, CT_TOP_MAX },
	{ OPT_MAX_SERIES, "--max-series", 1, MAX_SERIES_MAX },
	{ 'd', "--delay", 1, 6000 },
	{ OPT_NETNS_PID, "--netns-pid", 1, INT32_MAX },
	{ OPT_INTERVAL, "--interval", 1, MAX_INTERVAL },
	{ OPT_LIMIT, "--limit", 1, UINT32_MAX },
};

static void store_number(struct options *o, int opt, uint64_t v)
{
	switch (opt) {
	case 'n': o->top_n = (unsigned)v; break;
	case OPT_MAX_SERIES: o->max_series = (unsigned)v; break;
	case 'd': o->delay_tenths = (unsigned)v; break;
	case OPT_NETNS_PID: o->netns_pid = (pid_t)v; break;
	case OPT_INTERVAL: o->interval_s = (unsigned)v; break;
	case OPT_LIMIT: o->limit = v; break;
	default: break;
	}
}

/* Each take_* answers 1 when it took the option, 0 when it is not one
 * of its own, -1 with err when the value is refused. */
static int take_number_option(int c, const char *arg, struct options *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		uint64_t v;
		if (numbers[i].opt != c)
			continue;
		if (!take_number(arg, numbers[i].lo, numbers[i].hi, &v, numbers[i].name, err, errlen))
			return -1;
		store_number(o, c, v);
		return 1;
	}
	return 0;
}

static int take_mode_option(int c, struct options *o, char *err, size_t errlen)
{
	static const struct { int opt; enum ctd_mode mode; } modes[] = {
		{ '1', MODE_ONCE }, { 'j', MODE_JSON }, { OPT_UNDO_LAST, MODE_UNDO_LAST },
		{ OPT_PROMETHEUS, MODE_PROMETHEUS }, { 'h', MODE_HELP }, { 'V', MODE_VERSION },
	};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (modes[i].opt == c)
			return set_mode(o, modes[i].mode, err, errlen) < 0 ? -1 : 1;
	return 0;
}

static int take_source(const char *arg, struct options *o, char *err, size_t errlen)
{
	static const struct { const char *name; int pref; } sources[] = {
		{ "auto", CT_PREF_AUTO }, { "events", CT_PREF_EVENTS }, { "dump", CT_PREF_DUMP },
	};
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
		if (strcmp(arg, sources[i].name) == 0) {
			o->source = sources[i].pref;
			return 1;
		}
	snprintf(err, errlen, "invalid value '%s' for --source: expected events, dump or auto", arg);
	return -1;
}

/* A file name that may not be empty. */
static int take_path(const char *arg, const char *opt, const char **to, char *err, size_t errlen)
{
	if (!*arg) {
		snprintf(err, errlen, "%s needs a file name", opt);
		return -1;
	}
	*to = arg;
	return 1;
}

static int take_word_option(int c, const char *arg, struct options *o, char *err, size_t errlen)
{
	switch (c) {
	case 'N': o->netns = arg; return 1;
	case OPT_SORT: o->sort = arg; return 1;
	case OPT_VIEW: o->view = arg; return 1;
	case OPT_JOURNAL: return take_path(arg, "--journal", &o->journal, err, errlen);
	case OPT_SOURCE: return take_source(arg, o, err, errlen);
	case OPT_LISTEN:
		if (options_parse_listen(arg, o->listen_buf, sizeof o->listen_buf, &o->listen_port,
					 err, errlen) < 0 || set_mode(o, MODE_EXPORTER, err, errlen) < 0)
			return -1;
		o->listen_addr = o->listen_buf;
		return 1;
	case OPT_TEXTFILE:
		if (take_path(arg, "--textfile", &o->textfile, err, errlen) < 0)
			return -1;
		return set_mode(o, MODE_EXPORTER, err, errlen) < 0 ? -1 : 1;
	default: return 0;
	}
}

static int take_flag_option(int c, struct options *o, struct parse_state *ps)
{
	switch (c) {
	case OPT_NO_COLOR: o->color = false; return 1;
	case OPT_READ_ONLY: o->read_only = true; return 1;
	case OPT_DEMO: o->demo = true; return 1;
	case OPT_ALL_NETNS: o->all_netns = true; return 1;
	case OPT_LIST: ps->list = true; return 1;
	case OPT_DELETE: ps->del = true; return 1;
	case OPT_YES: o->yes++; return 1;
	case OPT_RESOLVE: o->resolve = true; return 1;
	default: return 0;
	}
}

/* What getopt could not take, in words. */
static void bad_option(int c, char **argv, char *err, size_t errlen)
{
	if (c == ':')
		snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
	/* Inside a group like -jx, optind has not moved on yet: name the
	 * letter. A long option misused leaves its own val in optopt, and
	 * optind past it. */
	else if (optopt > 0 && optopt < 256 && !strchr(shortopts, optopt))
		snprintf(err, errlen, "unknown option '-%c'", optopt);
	else
		snprintf(err, errlen, "unknown option '%s'", argv[optind - 1]);
}

static int take_option(int c, char **argv, struct options *o, struct parse_state *ps, char *err,
		       size_t errlen)
{
	int r = take_number_option(c, optarg, o, err, errlen);
	if (r == 0)
		r = take_mode_option(c, o, err, errlen);
	if (r == 0)
		r = take_word_option(c, optarg, o, err, errlen);
	if (r == 0)
		r = take_flag_option(c, o, ps);
	if (r == 0 && c >= OPT_RECORD && c <= OPT_UNTIL)
		r = options_record_take(o, c - OPT_RECORD, optarg, err, errlen) < 0 ? -1 : 1;
	if (r == 0)
		bad_option(c, argv, err, errlen);
	return r > 0 ? 0 : -1;
}

static bool refuse(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s", why);
	return true;
}

static bool info_only(const struct options *o)
{
	return o->mode == MODE_HELP || o->mode == MODE_VERSION;
}

/* Options that cannot go together, whatever their order: true with err. */
static bool conflicting(const struct options *o, char *err, size_t errlen)
{
	if (o->netns && o->netns_pid)
		return refuse(err, errlen, "--netns and --netns-pid cannot be used together");
	if (o->demo && (o->netns || o->netns_pid))
		return refuse(err, errlen, "--demo makes its own namespace: it cannot be used with "
			      "--netns or --netns-pid");
	if (o->interval_s && o->mode != MODE_ONCE && o->mode != MODE_JSON && !info_only(o))
		return refuse(err, errlen, "--interval needs --once or --json (the dashboard measures "
			      "between its own refreshes)");
	if (o->all_netns && o->mode != MODE_JSON && o->mode != MODE_PROMETHEUS &&
	    o->mode != MODE_EXPORTER && o->mode != MODE_RECORD && o->mode != MODE_ONCE &&
	    o->mode != MODE_LIST && o->mode != MODE_DASHBOARD && !info_only(o))
		return refuse(err, errlen, "--all-netns goes with the dashboard, --json, --once, "
			      "--list, --prometheus, --listen or --textfile");
	if (o->demo && o->mode == MODE_EXPORTER)
		return refuse(err, errlen, "--demo shows a namespace it removes on exit: it cannot be "
			      "used with --listen or --textfile");
	if (o->demo && o->mode == MODE_UNDO_LAST)
		return refuse(err, errlen, "--demo and --undo-last cannot be used together");
	return false;
}

/* The words after the options, --view and the mode --list or --delete
 * make: 0, or -1 with err. */
static int take_rest(int argc, char **argv, struct options *o, const struct parse_state *ps,
		     char *err, size_t errlen)
{
	bool list_view = o->view && strcmp(o->view, "list") == 0;
	if (optind < argc && !ps->list && !ps->del && !list_view) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->view && !info_only(o) && (o->mode != MODE_DASHBOARD || ps->list || ps->del)) {
		snprintf(err, errlen, "--view goes with the dashboard");
		return -1;
	}
	bool list = ps->list; /* --replay --list is the sample: taken there */
	if (options_record_check(o, &list, err, errlen) < 0 ||
	    list_or_delete(o, list, ps->del, err, errlen) < 0 ||
	    join_filter(o, argc - optind, argv + optind, err, errlen) < 0)
		return -1;
	return 0;
}

int options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen)
{
	const char *no_color = getenv("NO_COLOR");
	*o = (struct options){
		.mode = MODE_DASHBOARD,
		.top_n = DEFAULT_TOP,
		.max_series = DEFAULT_MAX_SERIES,
		.delay_tenths = DEFAULT_DELAY,
		.color = !(no_color && *no_color),
		.record_max_age_s = OPTIONS_RECORD_MAX_AGE_S,
		.record_max_bytes = OPTIONS_RECORD_MAX_BYTES,
	};
	struct parse_state ps = { false, false };
	int c;
	opterr = 0; /* our own message, not getopt's */
	optind = 0; /* 0, not 1: getopt forgets a previous argv entirely */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		if (take_option(c, argv, o, &ps, err, errlen) < 0)
			return -1;
	if (take_rest(argc, argv, o, &ps, err, errlen) < 0 || conflicting(o, err, errlen))
		return -1;
	return 0;
}

int options_parse_listen(const char *arg, char *addr, size_t addrlen, unsigned *port,
			 char *err, size_t errlen)
{
	const char *colon = strrchr(arg, ':');
	const char *num = colon ? colon + 1 : arg;
	size_t alen = colon ? (size_t)(colon - arg) : 0;
	const char *a = arg;
	uint64_t v;
	if (alen >= 2 && a[0] == '[' && a[alen - 1] == ']') { /* [::1]:9466 */
		a++;
		alen -= 2;
	}
	if (!parse_uint(num, 65535, &v) || v == 0 || (colon && alen == 0) || alen >= addrlen) {
		snprintf(err, errlen, "invalid value '%s' for --listen: expected [ADDR:]PORT, PORT from 1 to 65535", arg);
		return -1;
	}
	if (colon)
		snprintf(addr, addrlen, "%.*s", (int)alen, a);
	else
		snprintf(addr, addrlen, "127.0.0.1");
	*port = (unsigned)v;
	return 0;
}
