/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The dashboard's main loop: wait for a key or a snapshot, act, redraw.
 * The sampler thread does all the reading, so nothing here blocks for
 * longer than one screen update. Who gets a key is modes.c's; what the
 * keys do, actions.c's; this file runs the loop and draws. */
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "churn.h"
#include "collect/ownerwatch.h"
#include "collect/rdns.h"
#include "dash.h"
#include "demo/demo.h"
#include "hostnames.h"
#include "meter.h"
#include "screen.h"
#include "sparkline.h"
#include "title.h"
#include "ui.h"

/* While a dump runs the title shows its progress this often. */
#define PROGRESS_EVERY_MS 250
#define IDLE_WAKE_MS 1000

static void relayout(struct dash *d)
{
	panes_layout(&d->panes, LINES, COLS, &d->lay);
	layout_banner_rows(&d->lay, d->banner_rows);
	if (!d->lay.too_small)
		panes_fit(&d->panes, &d->lay);
}

/* ---- drawing ------------------------------------------------------------ */

static void fill_title(const struct dash *d, const struct sampler_status *st, struct title_info *ti)
{
	const struct ct_snapshot *s = d->snap;
	const struct advice_pane *advice = views_state(&d->views, &advice_view);
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
		.advice = dash_loaded(d) ? advice->n : 0,
		.advice_alert = advice->n && advice->worst >= ADVICE_WARN,
		.demo = d->demo != NULL,
		.demo_rate = d->demo ? demo_rate(d->demo) : 0,
	};
	if (s)
		churn_source_text(s, ti->source, sizeof ti->source, ti->source_why, sizeof ti->source_why,
				  &ti->source_alert);
	past_title(d, ti->past, sizeof ti->past, ti->timebar, sizeof ti->timebar);
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
	static const struct key_hint help_hints[] = {
		{ "Esc", "close help" }, { "\u2191\u2193", "scroll" }, { "/", "search" },
		{ "F10", "quit" }, { NULL, NULL },
	};
	if (d->mode == UI_SEARCH) {
		input_draw(&d->search, d->lay.status);
		return;
	}
	/* a view's input line (the list's filter) wins over a message: the
	 * line typed into must show (after "cancelled: nothing deleted" it
	 * stayed hidden for the message's 3.5 s) */
	if (dash_shown(d) == UI_BROWSE && views_status(&d->views, d->lay.status))
		return;
	bool utf8 = screen_glyphs()->utf8;
	struct key_hint pane_hints[] = {
		{ "F1", "help" }, { "Tab", "pane" }, { utf8 ? "\u2191\u2193" : "j/k", "move" },
		{ "/", panes_class(d->focus)->find }, { "t", "timeouts" },
		{ "Space", d->paused ? "resume" : "pause" }, { "q", "quit" },
		/* last: the first to go on a narrow terminal */
		{ "r", hostnames_on() ? "addresses" : "names" }, { NULL, NULL },
	};
	struct key_hint ascii_help[sizeof help_hints / sizeof help_hints[0]];
	memcpy(ascii_help, help_hints, sizeof help_hints);
	ascii_help[1].key = "j/k";
	const struct key_hint *hints = dash_shown(d) == UI_HELP ? (utf8 ? help_hints : ascii_help) :
				       d->views.shown ? views_hints(&d->views) : pane_hints;
	status_draw(&d->status, d->lay.status, now, hints);
}

static void draw_dashboard(struct dash *d, const struct sampler_status *st, double now)
{
	if (!dash_loaded(d) && d->snap) {
		const char *lines[] = {
			"nf_conntrack is not loaded: nothing is tracked, nothing to tune.",
			"ctdash keeps watching and shows the table once the module is loaded.",
		};
		draw_notice(&d->lay, lines, 2);
		return;
	}
	meters_draw(&d->lay, d->snap, &d->hist);
	sparkline_draw(d->lay.spark, &d->hist, dash_loaded(d) ? d->snap : NULL, now, spark_span(d, st),
		       st->effective_ms / 1e3);
	if (!d->views.shown)
		panes_draw(&d->panes, &d->lay, d->focus);
	else
		views_draw(&d->views, d->lay.main);
}

/* The TABLE FULL line takes a row of its own while it shows: the layout
 * makes room when it appears and gives the row back when it goes. */
/* The first advice item when it is the relief: the table needs room now. */
static const struct advice *relief_item(const struct dash *d)
{
	const struct advice_pane *ap = views_state(&d->views, &advice_view);
	if (!dash_loaded(d) || !ap->n || strncmp(ap->items[0].id, "relief_", 7) != 0 ||
	    !ap->items[0].summary[0])
		return NULL;
	return &ap->items[0];
}

static void draw_banner(struct dash *d)
{
	enum banner_state st = dash_loaded(d) ? banner_state(&d->banner, dash_rates(d))
					       : BANNER_NONE;
	const struct advice *relief = relief_item(d);
	int want = (st != BANNER_NONE) + (relief != NULL);
	if (want != d->banner_rows) {
		d->banner_rows = want;
		relayout(d);
		if (d->lay.too_small)
			return;
	}
	struct rect r = d->lay.banner;
	r.h = 1;
	if (st != BANNER_NONE) {
		banner_draw(r, dash_rates(d), st);
		r.y++;
	}
	char why[320];
	if (relief)
		banner_draw_relief(r, relief, act_relief_refusal(d, relief, why, sizeof why));
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
	panel_hits_clear();
	if (d->lay.too_small) {
		draw_too_small(&d->lay);
	} else {
		struct title_info ti;
		fill_title(d, &st, &ti);
		title_draw(d->lay.title, &ti);
		draw_banner(d);
		int top = 1 + d->lay.banner.h;
		if (dash_shown(d) == UI_HELP)
			help_draw(&d->help, (struct rect){ top, 0, d->lay.rows - 1 - top, d->lay.cols });
		else
			draw_dashboard(d, &st, now);
		draw_hints_or_search(d, now);
		if (d->mode == UI_DIALOG)
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

/* ---- the loop ----------------------------------------------------------- */

static int wait_ms(const struct dash *d)
{
	struct sampler_status st;
	sampler_get_status(d->smp, &st);
	if ((st.dumping && !d->paused) || tuning_deleting(&d->tu))
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
	if (dash_shown(d) == UI_HELP)
		act_update_help(d);
}

/* One pass: whatever woke poll() is handled, then the screen redrawn if
 * anything changed. */
static void step(struct dash *d, struct pollfd *fds)
{
	double woke = mono_ms();
	bool dirty = false;
	if (fds[1].revents & POLLIN)
		dirty |= act_take_snapshot(d);
	if (fds[2].revents & POLLIN) {
		/* names found: drawn now, not at the next snapshot */
		act_names_arrived(d);
		dirty |= hostnames_on();
	}
	struct sampler_status st;
	sampler_get_status(d->smp, &st);
	int keys = 0, key;
	while (!d->quit && (key = getch()) != ERR) {
		enum reaction r = dash_key(d, key);
		if (r & R_RELAYOUT)
			relayout(d);
		dirty |= (r & R_REDRAW) != 0;
		keys++;
	}
	if (st.dumping != d->drawn_dumping || (st.dumping && st.progress != d->drawn_progress))
		dirty = true;
	dirty |= act_poll_delete(d);
	if (d->status.msg[0] && !status_showing(&d->status, woke / 1e3)) {
		status_clear(&d->status);
		dirty = true;
	}
	if (dash_shown(d) == UI_HELP && dirty)
		act_update_help(d);
	if (!dirty)
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
	struct pollfd fds[3] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = sampler_fd(d->smp), .events = POLLIN },
		{ .fd = -1, .events = POLLIN },
	};
	relayout(d);
	draw(d);
	while (!d->quit) {
		/* paused: leave snapshots waiting, or poll() would never sleep */
		fds[1].fd = d->paused ? -1 : sampler_fd(d->smp);
		fds[2].fd = d->rdns ? rdns_fd(d->rdns) : -1;
		int n = poll(fds, 3, wait_ms(d));
		if (screen_quit_signal()) {
			d->exit_status = 128 + screen_quit_signal();
			break;
		}
		if (n < 0 && errno != EINTR)
			break;
		if (screen_resume()) {
			relayout(d); /* the terminal may have been resized meanwhile */
			draw(d);
		}
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

static int dash_init(struct dash *d, const struct ui_settings *o, const char *netns_label,
		     struct demo *demo)
{
	memset(d, 0, sizeof *d);
	d->o = o;
	d->netns = netns_label;
	d->demo = demo;
	d->mode = UI_BROWSE;
	d->started = mono_ms();
	history_init(&d->hist);
	if (panes_init(&d->panes) < 0)
		return -1;
	advice_tracker_init(&d->tracker);
	banner_init(&d->banner);
	help_init(&d->help);
	/* before the sampler thread: the kernel's defaults are read in a
	 * child process */
	tuning_init(&d->tu, netns_label, o->journal, o->read_only);
	if (views_init(&d->views) < 0) {
		panes_free(&d->panes);
		tuning_free(&d->tu);
		return -1;
	}
	act_refresh_refusal(d);
	return 0;
}

/* --view: the view the dashboard opens on; the list with the filter of
 * the command line, which main checked. Esc goes back to the panes. */
static void open_first_view(struct dash *d, const struct ui_settings *o)
{
	const struct view_class *vc = views_by_arg(o->view);
	if (!vc)
		return;
	if (vc == &list_view)
		list_view_set_filter(views_state(&d->views, &list_view), o->filter);
	act_view(d, vc);
}

/* How often --all-netns scans every namespace for who owns which address. */
#define OWNER_SCAN_S 10

int ui_run(const struct ui_settings *o, const char *netns_label, struct demo *demo)
{
	static struct dash dash; /* large (the history): not on the stack */
	struct dash *d = &dash;
	if (!on_terminal())
		return 2;
	if (dash_init(d, o, netns_label, demo) < 0) {
		fprintf(stderr, "ctdash: out of memory\n");
		return 1;
	}
	/* opened on the list: its rows come from the first dump, so the
	 * sampler waits the few milliseconds until the view has asked */
	bool list_first = views_by_arg(o->view) == &list_view;
	struct sampler_config cfg = { .top_n = o->top_n, .interval_ms = o->delay_tenths * 100u,
				      .netns_label = netns_label, .source = o->source,
				      .paused = list_first };
	d->smp = sampler_start(&cfg);
	if (!d->smp) {
		fprintf(stderr, "ctdash: cannot start the sampler thread: %s\n", strerror(errno));
		panes_free(&d->panes);
		views_free(&d->views);
		tuning_free(&d->tu);
		return 1;
	}
	char err[160];
	screen_catch_signals();
	if (screen_init(o->color, err, sizeof err) < 0) {
		sampler_stop(d->smp);
		panes_free(&d->panes);
		views_free(&d->views);
		tuning_free(&d->tu);
		fprintf(stderr, "ctdash: %s\n", err);
		return 2;
	}
	/* --all-netns: who owns which address, scanned in a thread of its
	 * own (every namespace entered: not every refresh) */
	struct ownerwatch *owners = o->workloads ? ownerwatch_start(OWNER_SCAN_S) : NULL;
	hostnames_use_owners(owners);
	open_first_view(d, o);
	if (o->replay_path) {
		/* the recording alone: the live table is read once, not watched */
		sampler_pause(d->smp, true);
		past_start(d);
	} else if (list_first) {
		sampler_pause(d->smp, false);
	}
	/* what an earlier session left in force: offered first */
	tuning_review(&d->tu);
	act_after_tuning(d);
	/* keys typed before the review appeared are no answer to it */
	if (d->mode == UI_DIALOG)
		flushinp();
	run_loop(d);
	screen_end();
	hostnames_use_owners(NULL);
	ownerwatch_stop(owners);
	act_names_stop(d);
	past_free(d);
	sampler_stop(d->smp);
	panes_free(&d->panes);
	views_free(&d->views);
	tuning_free(&d->tu);
	return d->exit_status;
}
