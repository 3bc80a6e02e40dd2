/* The dashboard: the one entry point into ui/. No curses types here, so
 * main.c stays free of them. */
#ifndef CTDASH_UI_H
#define CTDASH_UI_H

#include "cli/options.h"

struct demo;

/* Draw the live dashboard of the current network namespace (entered by
 * the caller; netns_label names it, "" for the caller's own) until the
 * user quits. Returns the exit status: 0 after q or F10, 2 when there is
 * no terminal to draw on, 128 + the signal after SIGINT, SIGTERM or
 * SIGHUP (the terminal is restored on every path). demo is --demo's
 * running demo (its keys set the load), NULL without --demo. */
int ui_run(const struct options *o, const char *netns_label, struct demo *demo);

#endif
