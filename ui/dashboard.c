/* The dashboard's main loop: wait for a key or a snapshot, act, redraw.
 * The sampler thread does all the reading, so nothing here blocks for
 * longer than one screen update. */
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "demo/demo.h"
#include "base/clock.h"
#include "help.h"
#include "model/history.h"
#include "input.h"
#include "keys.h"
#include "layout.h"
#include "meter.h"
#include "model/names.h"
#include "panes.h"
#include "collect/sampler.h"
#include "screen.h"
#include "sparkline.h"
#include "statusline.h"
#include "title.h"
#include "tuning.h"
#include "ui.h"
#include "views.h"

/* While a dump runs the title shows its progress this often. */
#define PROGRESS_EVERY_MS 250
#define IDLE_WAKE_MS 1000

struct dash {
	const struct options *o;
	const char *netns;
	struct sampler *smp;
	const struct ct_snapshot *snap;  /* NULL until the first arrives */
	struct sampler_info info;
	struct history hist;
	struct panes panes;
	struct help help;
	struct statusline status;
	struct input search;
	struct layout lay;

	enum pane_id focus;
	bool paused, help_open, searching, quit;
	char refused[320];        /* why nothing can be written, "" when it can */
	struct tuning tu;
	struct views views;       /* the full-width views in the panes' place */
	bool wrote_this_step;     /* a y applied a plan: time it to the screen */
	int exit_status;
	char last_search[INPUT_MAX];
	int search_origin;        /* the selection a search started from */
	double last_complete;     /* realtime of the newest complete dump */
	double started;           /* monotonic, at start */
	uint64_t drawn_progress;
	bool drawn_dumping;
	struct help_figures fig;
};

static bool loaded(const struct dash *d)
{
	return d->snap && d->info.ret != -ENOENT;
}

static struct panel *active_panel(struct dash *d)
{
	if (d->help_open)
		return &d->help.panel;
	struct panel *view = views_panel(&d->views);
	return view ? view : panes_panel(&d->panes, d->focus);
}

static const char *active_name(const struct dash *d)
{
	if (d->help_open)
		return "the help";
	return d->views.shown == VIEW_PANES ? pane_name(d->focus) : views_name(&d->views);
}

static void refresh_refusal(struct dash *d)
{
	const char *why = tuning_refused(&d->tu, d->refused, sizeof d->refused);
	if (!why)
		d->refused[0] = '\0';
	timeout_pane_set_refusal(&d->views.timeouts, d->refused);
}

static void relayout(struct dash *d)
{
	layout_compute(LINES, COLS, &d->lay);
	if (!d->lay.too_small)
		panes_fit(&d->panes, &d->lay);
}

/* ---- snapshots ---------------------------------------------------------- */

static bool take_snapshot(struct dash *d)
{
	const struct ct_snapshot *s;
	struct sampler_info info;
	if (!sampler_take(d->smp, &s, &info))
		return false;
	d->snap = s;
	d->info = info;
	refresh_refusal(d);
	if (!loaded(d))
		return true;
	history_add(&d->hist, info.started, s);
	if (panes_update(&d->panes, s) < 0)
		status_message(&d->status, mono_ms() / 1e3, true, "out of memory: some rows are missing");
	views_update(&d->views, s, info.started, &d->tu.defaults, &d->tu.t);
	if (s->complete)
		d->last_complete = s->taken_at;
	return true;
}

/* ---- drawing ------------------------------------------------------------ */

static void fill_title(const struct dash *d, const struct sampler_status *st, struct title_info *ti)
{
	const struct ct_snapshot *s = d->snap;
	*ti = (struct title_info){
		.host = s ? s->hostname : "",
		.netns = d->netns,
		.netns_gone = s && s->netns_gone,
		.kernel = s ? s->kernel : "",
		.interval_ms = st->interval_ms,
		.effective_ms = st->effective_ms,
		.read_only = d->refused[0] != '\0',
		.paused = d->paused,
		.dumping = st->dumping && !d->paused,
		.progress = st->progress,
		.last_complete = d->last_complete,
		.newest_incomplete = s && !s->complete,
		.dump_denied = s && (s->part_err[CT_PART_DUMP] == EPERM ||
				     s->part_err[CT_PART_DUMP] == EACCES),
		.cpu_ms = st->cpu_ms_last,
		.advice = loaded(d) ? d->views.advice.n : 0,
		.advice_alert = d->views.advice.n && d->views.advice.worst >= ADVICE_WARN,
		.demo = demo_active() != NULL,
		.demo_rate = demo_active() ? demo_rate(demo_active()) : 0,
	};
}

static void draw_notice(const struct layout *l, const char *const *lines, int n)
{
	int y = l->rows / 2 - n / 2;
	for (int i = 0; i < n; i++, y++) {
		int len = (int)strlen(lines[i]);
		int x = len < l->cols ? (l->cols - len) / 2 : 0;
		mvaddnstr(y, x, lines[i], l->cols);
	}
}

static void draw_too_small(const struct layout *l)
{
	char size[64], need[64];
	snprintf(size, sizeof size, "The terminal is %dx%d: too small.", l->cols, l->rows);
	snprintf(need, sizeof need, "ctdash needs at least %dx%d.", LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	const char *lines[] = { size, need, "Enlarge it, or press q to quit." };
	draw_notice(l, lines, 3);
}

static double spark_span(const struct dash *d, const struct sampler_status *st)
{
	/* about one sample per column, in whole minutes */
	double cols = d->lay.spark.w - 50 > 20 ? d->lay.spark.w - 50 : 20;
	double span = cols * st->effective_ms / 1e3;
	double cap = HISTORY_CAP * st->interval_ms / 1e3;
	span = span > cap ? cap : span;
	return span < 60 ? 60 : ceil(span / 60) * 60;
}

/* The keys of the focused pane, what / finds there first. */
static void draw_hints_or_search(struct dash *d, double now)
{
	static const char *const finds[PANE_COUNT] = {
		[PANE_PROTOCOLS] = "find protocol", [PANE_TCP] = "find state",
		[PANE_SOURCES] = "find address", [PANE_CPU] = "find cpu",
	};
	static const struct key_hint help_hints[] = {
		{ "Esc", "close help" }, { "\u2191\u2193", "scroll" }, { "/", "search" },
		{ "F10", "quit" }, { NULL, NULL },
	};
	if (d->searching) {
		input_draw(&d->search, d->lay.status);
		return;
	}
	bool utf8 = screen_glyphs()->utf8;
	struct key_hint pane_hints[] = {
		{ "F1", "help" }, { "Tab", "pane" }, { utf8 ? "\u2191\u2193" : "j/k", "move" },
		{ "/", finds[d->focus] }, { "t", "timeouts" },
		{ "Space", d->paused ? "resume" : "pause" }, { "q", "quit" }, { NULL, NULL },
	};
	struct key_hint ascii_help[sizeof help_hints / sizeof help_hints[0]];
	memcpy(ascii_help, help_hints, sizeof help_hints);
	ascii_help[1].key = "j/k";
	const struct key_hint *hints = d->help_open ? (utf8 ? help_hints : ascii_help) :
				       d->views.shown == VIEW_PANES ? pane_hints : views_hints(&d->views);
	status_draw(&d->status, d->lay.status, now, hints);
}

static void draw_dashboard(struct dash *d, const struct sampler_status *st, double now)
{
	if (!loaded(d) && d->snap) {
		const char *lines[] = {
			"nf_conntrack is not loaded: nothing is tracked, nothing to tune.",
			"ctdash keeps watching and shows the table once the module is loaded.",
		};
		draw_notice(&d->lay, lines, 2);
		return;
	}
	meters_draw(&d->lay, d->snap, &d->hist);
	sparkline_draw(d->lay.spark, &d->hist, now, spark_span(d, st), st->effective_ms / 1e3);
	if (d->views.shown == VIEW_PANES)
		panes_draw(&d->panes, &d->lay, d->focus);
	else
		views_draw(&d->views, d->lay.main);
}

static void note_first_screen(struct dash *d)
{
	const struct ct_snapshot *s = d->snap;
	/* complete, or as complete as the privilege allows */
	if (d->fig.first_screen_ms > 0 || !s || (!s->complete && !s->part_err[CT_PART_DUMP]))
		return;
	d->fig.first_screen_ms = mono_ms() - d->started;
}

static void draw(struct dash *d)
{
	double cpu0 = thread_cpu_ms();
	double now = mono_ms() / 1e3;
	struct sampler_status st;
	sampler_get_status(d->smp, &st);
	erase();
	if (d->lay.too_small) {
		draw_too_small(&d->lay);
	} else {
		struct title_info ti;
		fill_title(d, &st, &ti);
		title_draw(d->lay.title, &ti);
		if (d->help_open)
			help_draw(&d->help, (struct rect){ 1, 0, d->lay.rows - 2, d->lay.cols });
		else
			draw_dashboard(d, &st, now);
		draw_hints_or_search(d, now);
		if (tuning_busy(&d->tu))
			tuning_draw(&d->tu, d->snap, d->lay.status, d->lay.rows, d->lay.cols);
	}
	/* erase() and a full redraw only touch curses' copy of the screen;
	 * refresh() sends the cells that differ from what is shown */
	refresh();
	d->drawn_progress = st.progress;
	d->drawn_dumping = st.dumping;
	d->fig.draw_cpu_ms = thread_cpu_ms() - cpu0;
	note_first_screen(d);
}

/* ---- keys --------------------------------------------------------------- */

static void update_help(struct dash *d)
{
	struct sampler_status st;
	sampler_get_status(d->smp, &st);
	struct help_figures *f = &d->fig;
	f->collect_cpu_ms_last = st.cpu_ms_last;
	f->collect_cpu_ms_mean = st.cpu_ms_mean;
	f->dump_ms = st.wall_ms_last;
	f->entries = d->snap ? d->snap->tally.entries : 0;
	f->refreshes = st.refreshes;
	f->interval_ms = st.interval_ms;
	f->effective_ms = st.effective_ms;
	f->demo = demo_active() != NULL;
	help_build(&d->help, f);
}

static void search_start(struct dash *d)
{
	input_open(&d->search, "/");
	d->searching = true;
	d->search_origin = active_panel(d)->sel;
}

static void search_done(struct dash *d, struct panel *p, int found)
{
	const char *text = d->search.text;
	double now = mono_ms() / 1e3;
	d->searching = false;
	if (!*text) {
		panel_select(p, d->search_origin);
		return;
	}
	snprintf(d->last_search, sizeof d->last_search, "%s", text);
	if (found >= 0)
		status_message(&d->status, now, false, "'%s' found in %s: row %d of %d (n: next)",
			       text, active_name(d), found + 1, p->nrows);
	else
		status_message(&d->status, now, true, "no row of %s contains '%s'", active_name(d), text);
}

/* Every key typed moves the selection to the first match, as in htop. */
static void search_key(struct dash *d, int key)
{
	struct panel *p = active_panel(d);
	enum input_result r = input_key(&d->search, key);
	if (r == INPUT_CANCEL) {
		panel_select(p, d->search_origin);
		d->searching = false;
		return;
	}
	int found = panel_find(p, d->search.text, d->search_origin);
	if (r == INPUT_ACCEPT) {
		search_done(d, p, found);
		return;
	}
	if (found >= 0)
		panel_select(p, found);
	else if (d->search.len)
		input_set_error(&d->search, "no match");
	else
		panel_select(p, d->search_origin);
}

static void search_next(struct dash *d)
{
	struct panel *p = active_panel(d);
	double now = mono_ms() / 1e3;
	if (!d->last_search[0]) {
		status_message(&d->status, now, true, "no search yet: press / first");
		return;
	}
	int found = panel_find(p, d->last_search, p->sel + 1);
	if (found < 0) {
		status_message(&d->status, now, true, "no row of %s contains '%s'", active_name(d),
			       d->last_search);
		return;
	}
	panel_select(p, found);
	status_message(&d->status, now, false, "'%s': row %d of %d", d->last_search, found + 1, p->nrows);
}

static void toggle_pause(struct dash *d)
{
	d->paused = !d->paused;
	sampler_pause(d->smp, d->paused);
	double now = mono_ms() / 1e3;
	if (d->paused)
		status_message(&d->status, now, false, "paused: the screen holds this snapshot; Space resumes");
	else if (!take_snapshot(d))
		status_message(&d->status, now, false, "resumed");
}

static void toggle_help(struct dash *d)
{
	d->help_open = !d->help_open;
	if (d->help_open) {
		update_help(d);
		panel_select(&d->help.panel, 0);
	}
}

static void help_key(struct dash *d, int key, enum ui_action a)
{
	if (key == KEY_F(10))
		d->quit = true;
	else if (a == ACT_HELP || a == ACT_CLOSE || a == ACT_QUIT)
		toggle_help(d);
	else if (a == ACT_SEARCH)
		search_start(d);
	else if (a == ACT_SEARCH_NEXT)
		search_next(d);
	else if (a == ACT_PAUSE)
		toggle_pause(d);
	else
		panel_navigate(&d->help.panel, a);
}

/* ---- tuning ------------------------------------------------------------- */

/* What the last tuning key left to show: its message, and after a write
 * the values read again. */
static void after_tuning(struct dash *d)
{
	struct tuning *tu = &d->tu;
	double now = mono_ms() / 1e3;
	if (tu->msg_new) {
		status_message(&d->status, now, tu->msg_error, "%s", tu->msg);
		tu->msg_new = false;
	}
	if (tu->applied)
		d->wrote_this_step = true;
	tu->applied = false;
	if (tu->wrote) {
		views_wrote(&d->views, &tu->t, now);
		tu->wrote = false;
	}
}

/* The timeout the selection stands on: a row of the timeouts view, or a
 * state of the TCP states pane (its timeout is in the row). */
static const char *selected_timeout(struct dash *d)
{
	if (d->views.shown == VIEW_TIMEOUTS) {
		const struct timeout_row *r = timeout_pane_selected(&d->views.timeouts);
		return r ? r->name : NULL;
	}
	if (d->views.shown != VIEW_PANES || d->focus != PANE_TCP ||
	    d->panes.tcp.panel.sel >= d->panes.tcp.n)
		return NULL;
	const char *state = d->panes.tcp.rows[d->panes.tcp.panel.sel].name;
	for (unsigned st = 0; ct_tcp_state_name(st); st++)
		if (strcmp(ct_tcp_state_name(st), state) == 0)
			return ct_tcp_state_sysctl(st);
	return NULL;
}

static void act_on_advice(struct dash *d)
{
	char value[32];
	const struct advice *a = advice_pane_selected(&d->views.advice);
	const char *setting = advice_setting(a, value, sizeof value);
	if (setting)
		tuning_edit(&d->tu, setting, value);
	else
		status_message(&d->status, mono_ms() / 1e3, false, a ? "this advice names no setting "
			       "ctdash changes: it is acted on outside conntrack's sysctls" :
			       "no advice to act on");
}

/* Enter, e, + and -: on a timeout, or say where they work. */
static void edit_key(struct dash *d, enum ui_action a)
{
	if (d->views.shown == VIEW_ADVICE && (a == ACT_ENTER || a == ACT_EDIT)) {
		act_on_advice(d);
		return;
	}
	const char *name = selected_timeout(d);
	if (!name) {
		if (a != ACT_ENTER || d->views.shown == VIEW_PANES)
			status_message(&d->status, mono_ms() / 1e3, false, "select a timeout first: t opens "
				       "the timeouts, where Enter edits one and +/- step it");
		return;
	}
	if (a == ACT_STEP_UP || a == ACT_STEP_DOWN)
		tuning_step(&d->tu, name, a == ACT_STEP_UP ? 1 : -1);
	else
		tuning_edit(&d->tu, name, NULL);
}

static void demo_key(struct dash *d, enum ui_action a)
{
	struct demo *demo = demo_active();
	double now = mono_ms() / 1e3;
	if (!demo) {
		status_message(&d->status, now, false, "> and < set the load of ctdash --demo; no demo runs");
		return;
	}
	unsigned rate = a == ACT_RATE_UP ? demo_rate_up(demo) : demo_rate_down(demo);
	status_message(&d->status, now, false, "demo: %u new flows per second (%u at most)", rate,
		       DEMO_RATE_MAX);
}

/* Keys that act on the system, or open the views about it. */
static bool tuning_action(struct dash *d, enum ui_action a)
{
	switch (a) {
	case ACT_TIMEOUTS: views_toggle(&d->views, VIEW_TIMEOUTS); break;
	case ACT_JOURNAL: views_toggle(&d->views, VIEW_JOURNAL); break;
	case ACT_ADVICE: views_toggle(&d->views, VIEW_ADVICE); break;
	case ACT_ENTER: case ACT_EDIT: case ACT_STEP_UP: case ACT_STEP_DOWN: edit_key(d, a); break;
	case ACT_EDIT_MAX: tuning_edit(&d->tu, TUNE_MAX_NAME, NULL); break;
	case ACT_EDIT_BUCKETS: tuning_edit(&d->tu, TUNE_HASHSIZE_NAME, NULL); break;
	case ACT_UNDO: tuning_undo(&d->tu, false); break;
	case ACT_UNDO_ALL: tuning_undo(&d->tu, true); break;
	case ACT_PROFILES: tuning_profiles(&d->tu); break;
	case ACT_EXPORT: tuning_export(&d->tu, loaded(d) ? d->snap : NULL); break;
	case ACT_RATE_UP: case ACT_RATE_DOWN: demo_key(d, a); break;
	default: return false;
	}
	after_tuning(d);
	return true;
}

static void handle_key(struct dash *d, int key)
{
	enum ui_action a = keys_action(key);
	if (a == ACT_RESIZE) {
		relayout(d);
		return;
	}
	if (tuning_busy(&d->tu)) {
		/* a dialog that cannot be seen can only be cancelled */
		if (!d->lay.too_small || key == 27)
			tuning_key(&d->tu, d->snap, key);
		after_tuning(d);
		return;
	}
	if (d->searching) {
		search_key(d, key);
		return;
	}
	if (d->help_open) {
		help_key(d, key, a);
		return;
	}
	if (tuning_action(d, a))
		return;
	switch (a) {
	case ACT_HELP: toggle_help(d); break;
	case ACT_QUIT: d->quit = true; break;
	case ACT_FOCUS_NEXT: case ACT_FOCUS_PREV:
		/* from a view, back to the panes as they were */
		if (d->views.shown != VIEW_PANES)
			views_close(&d->views);
		else
			d->focus = (d->focus + (a == ACT_FOCUS_NEXT ? 1 : PANE_COUNT - 1)) % PANE_COUNT;
		break;
	case ACT_PAUSE: toggle_pause(d); break;
	case ACT_SEARCH: search_start(d); break;
	case ACT_SEARCH_NEXT: search_next(d); break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_CLOSE:
		if (status_showing(&d->status, mono_ms() / 1e3) || d->views.shown == VIEW_PANES)
			status_clear(&d->status);
		else
			views_toggle(&d->views, d->views.shown);
		break;
	default: panel_navigate(active_panel(d), a); break;
	}
}

/* ---- the loop ----------------------------------------------------------- */

static int wait_ms(const struct dash *d)
{
	struct sampler_status st;
	sampler_get_status(d->smp, &st);
	if (st.dumping && !d->paused)
		return PROGRESS_EVERY_MS;
	double now = mono_ms();
	if (status_showing(&d->status, now / 1e3)) {
		int left = (int)(d->status.until * 1e3 - now) + 1;
		return left < IDLE_WAKE_MS ? left : IDLE_WAKE_MS;
	}
	return IDLE_WAKE_MS;
}

static void record_key_latency(struct dash *d, double woke, bool during_dump)
{
	double ms = mono_ms() - woke;
	struct help_figures *f = &d->fig;
	f->key_last_ms = ms;
	f->key_max_ms = ms > f->key_max_ms ? ms : f->key_max_ms;
	f->keys++;
	if (during_dump) {
		f->keys_during_dump++;
		f->key_dump_max_ms = ms > f->key_dump_max_ms ? ms : f->key_dump_max_ms;
	}
	if (d->help_open)
		update_help(d);
}

/* One pass: whatever woke poll() is handled, then the screen redrawn if
 * anything changed. */
static void step(struct dash *d, struct pollfd *fds)
{
	double woke = mono_ms();
	bool dirty = false;
	if (fds[1].revents & POLLIN)
		dirty |= take_snapshot(d);
	struct sampler_status st;
	sampler_get_status(d->smp, &st);
	int keys = 0, key;
	while (!d->quit && (key = getch()) != ERR) {
		handle_key(d, key);
		keys++;
	}
	if (st.dumping != d->drawn_dumping || (st.dumping && st.progress != d->drawn_progress))
		dirty = true;
	if (d->status.msg[0] && !status_showing(&d->status, woke / 1e3)) {
		status_clear(&d->status);
		dirty = true;
	}
	if (d->help_open && dirty)
		update_help(d);
	if (!dirty && !keys)
		return;
	draw(d);
	if (d->wrote_this_step) {
		struct help_figures *f = &d->fig;
		f->write_key_ms = mono_ms() - woke;
		f->write_key_max_ms = f->write_key_ms > f->write_key_max_ms ? f->write_key_ms :
				      f->write_key_max_ms;
		f->write_apply_ms = d->tu.apply_ms;
		f->writes++;
		d->wrote_this_step = false;
	}
	if (keys)
		record_key_latency(d, woke, st.dumping);
}

static void run_loop(struct dash *d)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = sampler_fd(d->smp), .events = POLLIN },
	};
	relayout(d);
	draw(d);
	while (!d->quit) {
		/* paused: leave snapshots waiting, or poll() would never sleep */
		fds[1].fd = d->paused ? -1 : sampler_fd(d->smp);
		int n = poll(fds, 2, wait_ms(d));
		if (screen_quit_signal()) {
			d->exit_status = 128 + screen_quit_signal();
			break;
		}
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			d->exit_status = 128 + SIGHUP; /* the terminal went away */
			break;
		}
		step(d, fds);
	}
}

static bool on_terminal(void)
{
	if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		return true;
	fprintf(stderr, "ctdash: the dashboard needs a terminal, and %s is not one;\n"
		"use --once for a summary or --json for a machine-readable report.\n",
		isatty(STDOUT_FILENO) ? "standard input" : "standard output");
	return false;
}

static void dash_init(struct dash *d, const struct options *o, const char *netns_label)
{
	memset(d, 0, sizeof *d);
	d->o = o;
	d->netns = netns_label;
	d->started = mono_ms();
	history_init(&d->hist);
	panes_init(&d->panes);
	help_init(&d->help);
	/* before the sampler thread: the kernel's defaults are read in a
	 * child process */
	tuning_init(&d->tu, netns_label, o->journal, o->read_only);
	views_init(&d->views, d->tu.t.journal_path);
	refresh_refusal(d);
}

int ui_run(const struct options *o, const char *netns_label)
{
	static struct dash dash; /* large (the history): not on the stack */
	struct dash *d = &dash;
	if (!on_terminal())
		return 2;
	dash_init(d, o, netns_label);
	struct sampler_config cfg = { o->top_n, o->delay_tenths * 100u, netns_label };
	d->smp = sampler_start(&cfg);
	if (!d->smp) {
		fprintf(stderr, "ctdash: cannot start the sampler thread: %s\n", strerror(errno));
		tuning_free(&d->tu);
		return 1;
	}
	char err[160];
	screen_catch_signals();
	if (screen_init(o->color, err, sizeof err) < 0) {
		sampler_stop(d->smp);
		tuning_free(&d->tu);
		fprintf(stderr, "ctdash: %s\n", err);
		return 2;
	}
	/* what an earlier session left in force: offered first */
	tuning_review(&d->tu);
	after_tuning(d);
	run_loop(d);
	screen_end();
	sampler_stop(d->smp);
	panes_free(&d->panes);
	views_free(&d->views);
	tuning_free(&d->tu);
	return d->exit_status;
}
