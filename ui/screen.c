/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "screen.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Like htop: Escape alone must act at once, not after ncurses' default
 * second of waiting for the rest of a function key's sequence. */
#define ESC_DELAY_MS 25

static SCREEN *term;
static bool colors;
static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t resumed;

static const struct glyphs utf8_glyphs = {
	.utf8 = true,
	.full = "\u2588",
	.partial = { NULL, "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589" },
	.empty = " ",
	.spark = { " ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" },
	.mark = "\u2502",
	.focus = "\u25b8",
	.ellipsis = "\u2026",
	.ellipsis_w = 1,
};

static const struct glyphs ascii_glyphs = {
	.utf8 = false,
	.full = "|",
	.partial = { NULL },
	.empty = " ",
	.spark = { " ", "_", ".", ",", "-", "=", "+", "*", "#" },
	.mark = ":",
	.focus = ">",
	.ellipsis = "..",
	.ellipsis_w = 2,
};

static const struct glyphs *glyphs = &ascii_glyphs;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

static void on_continue(int sig)
{
	(void)sig;
	resumed = 1;
}

void screen_catch_signals(void)
{
	/* Installed before newterm(), so ncurses keeps its hands off these
	 * (it only takes over signals still at their default). */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* stopped from outside (SIGSTOP cannot be caught), the shell takes
	 * the terminal back in its own mode: SIGCONT says to retake ours */
	sa.sa_handler = on_continue;
	sigaction(SIGCONT, &sa, NULL);
}

int screen_quit_signal(void)
{
	return quit_signal;
}

bool screen_resume(void)
{
	if (!resumed)
		return false;
	resumed = 0;
	if (term) {
		/* the mode newterm() saved: no echo, no line buffering, keypad */
		reset_prog_mode();
		curs_set(0);
		/* the shell wrote over the screen: send every cell again */
		clearok(curscr, TRUE);
	}
	return true;
}

enum { P_TITLE = 1, P_PANE, P_PANE_FOCUS, P_SELECT, P_LABEL, P_OK, P_WARN, P_CRIT,
       P_MARK, P_ERROR };

static void init_colors(void)
{
	start_color();
	use_default_colors(); /* keep the terminal's own background */
	init_pair(P_TITLE, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_PANE, COLOR_BLACK, COLOR_GREEN);
	init_pair(P_PANE_FOCUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_SELECT, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_LABEL, COLOR_CYAN, -1);
	init_pair(P_OK, COLOR_GREEN, -1);
	init_pair(P_WARN, COLOR_YELLOW, -1);
	init_pair(P_CRIT, COLOR_RED, -1);
	init_pair(P_MARK, COLOR_WHITE, -1);
	init_pair(P_ERROR, COLOR_WHITE, COLOR_RED);
}

int screen_attr(enum ui_color c)
{
	if (!colors) {
		switch (c) {
		case UC_TITLE: case UC_PANE_FOCUS: case UC_SELECT: case UC_ERROR:
			return A_REVERSE;
		case UC_PANE: case UC_LABEL: case UC_CRIT: case UC_MARK: case UC_KEY:
			return A_BOLD;
		case UC_DIM:
			return A_DIM;
		default:
			return A_NORMAL;
		}
	}
	switch (c) {
	case UC_TITLE: return COLOR_PAIR(P_TITLE);
	case UC_PANE: return COLOR_PAIR(P_PANE);
	case UC_PANE_FOCUS: return COLOR_PAIR(P_PANE_FOCUS) | A_BOLD;
	case UC_SELECT: return COLOR_PAIR(P_SELECT);
	case UC_LABEL: return COLOR_PAIR(P_LABEL);
	case UC_OK: return COLOR_PAIR(P_OK);
	case UC_WARN: return COLOR_PAIR(P_WARN);
	case UC_CRIT: return COLOR_PAIR(P_CRIT) | A_BOLD;
	case UC_DIM: return A_DIM;
	case UC_MARK: return COLOR_PAIR(P_MARK) | A_BOLD;
	case UC_KEY: return A_BOLD;
	case UC_ERROR: return COLOR_PAIR(P_ERROR) | A_BOLD;
	default: return A_NORMAL;
	}
}

const struct glyphs *screen_glyphs(void)
{
	return glyphs;
}

/* The dashboard places text anywhere on the screen: a terminal that
 * cannot address the cursor (no cup in its terminfo) cannot show it. */
static bool can_place_cursor(void)
{
	const char *cup = tigetstr("cup");
	return cup && cup != (const char *)-1 && *cup;
}

int screen_init(bool want_color, char *err, size_t errlen)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C"); /* "0.5", never "0,5", in every figure */
	glyphs = strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? &utf8_glyphs : &ascii_glyphs;
	const char *type = getenv("TERM");
	term = newterm(NULL, stdout, stdin);
	if (!term) {
		snprintf(err, errlen, "cannot draw on this terminal (TERM=%s): try --once or --json",
			 type && *type ? type : "unset");
		return -1;
	}
	if (!can_place_cursor()) {
		/* TERM=dumb and the like: every cell would land on one line */
		endwin();
		delscreen(term);
		term = NULL;
		snprintf(err, errlen, "the terminal type %s cannot move the cursor, which the dashboard "
			 "needs; set TERM to your terminal's type (as xterm-256color), or use --once or "
			 "--json", type && *type ? type : "unset");
		return -1;
	}
	set_escdelay(ESC_DELAY_MS);
	cbreak();      /* Ctrl-C still raises SIGINT, which restores the terminal */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* as htop: a click focuses and selects, the wheel scrolls; presses,
	 * not clicks, so nothing waits for a release */
	mouseinterval(0);
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	nodelay(stdscr, TRUE); /* the loop polls; getch() must never wait */
	leaveok(stdscr, TRUE); /* no cursor to place: less to send */
	curs_set(0);
	colors = want_color && has_colors();
	if (colors)
		init_colors();
	return 0;
}

void screen_end(void)
{
	if (!term)
		return;
	curs_set(1);
	endwin();
	delscreen(term);
	term = NULL;
}
