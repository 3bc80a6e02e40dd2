/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --record: alone (no screen), or beside the exporter; --replay in the
 * report modes. */
#ifndef CTDASH_RECORD_CMD_H
#define CTDASH_RECORD_CMD_H

#include "cli/options.h"
#include "record/feed.h"
#include "record/store.h"

/* The bounds the options ask for. */
struct rec_limits record_limits(const struct options *o);
/* ctdash --record FILE without a screen: until SIGTERM or SIGINT. */
int run_record(const struct options *o, const char *label);
/* The exporter's hook (exporter_config.on_snapshot) for a record_feed. */
void record_exporter_hook(void *feed, struct sampler *smp, const struct ct_snapshot *s, double started);
/* --replay FILE with --once, --json, --history or --list. */
int run_replay(const struct options *o);
/* Before --replay's dashboard: the file opens and holds pictures, --at
 * parses (into *at, 0 without it). 0, or -1 after a sentence on stderr. */
int replay_check(const struct options *o, double *at);

#endif
