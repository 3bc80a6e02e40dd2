/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "demo/demo_signals.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

#include "demo/demo.h"
#include "demo/demo_netns.h"

/* The demo a signal handler or exit() must clean up. */
static struct demo *volatile live_demo;
static bool exit_hook_set;
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_fatal_signal(int sig)
{
	struct demo *d = live_demo;
	if (d) {
		if (d->generator > 0)
			kill(d->generator, SIGKILL);
		demo_netns_remove(d->path);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void at_exit(void)
{
	if (live_demo)
		demo_stop(live_demo);
}

/* Only signals still at their default: the dashboard installs its own
 * handlers later, which end in demo_stop through a normal return. */
static void catch_fatal_signals(void)
{
	for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
		struct sigaction old, sa = { .sa_handler = on_fatal_signal };
		sigemptyset(&sa.sa_mask);
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(fatal_signals[i], &sa, NULL);
	}
	if (!exit_hook_set)
		exit_hook_set = atexit(at_exit) == 0;
}

static void release_fatal_signals(void)
{
	for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
		struct sigaction cur;
		if (sigaction(fatal_signals[i], NULL, &cur) == 0 && cur.sa_handler == on_fatal_signal)
			signal(fatal_signals[i], SIG_DFL);
	}
}

void demo_signals_watch(struct demo *d)
{
	live_demo = d;
	catch_fatal_signals();
}

void demo_signals_release(struct demo *d)
{
	if (live_demo == d) {
		live_demo = NULL;
		release_fatal_signals();
	}
}

struct demo *demo_signals_live(void)
{
	return live_demo;
}
