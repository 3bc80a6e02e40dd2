/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --listen and --textfile: the sampler thread keeps collecting; each new
 * snapshot is rendered once, and every scrape or textfile write serves
 * that rendering. A scrape never starts a dump. */
#ifndef CTDASH_EXPORTER_H
#define CTDASH_EXPORTER_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/sampler.h"

struct exporter_config {
	int listen_fd;            /* from httpd_listen, -1: no HTTP */
	const char *textfile;     /* NULL: no file */
	unsigned top_n;
	unsigned max_series;   /* --max-series, with all_netns */
	unsigned interval_ms;
	bool all_netns;
	const char *netns_label;  /* the namespace ctdash entered, "" if its own */
	int source;               /* --source: enum ct_source_pref, 0 auto (events where sent) */
	/* each new snapshot after it is rendered (--record); NULL: none */
	void (*on_snapshot)(void *arg, struct sampler *smp, const struct ct_snapshot *s,
			    double started);
	void *on_snapshot_arg;
};

/* Run until SIGINT or SIGTERM. Returns the exit status: 0, or 1 after a
 * sentence on stderr when the server or the file cannot be had. */
int exporter_run(const struct exporter_config *cfg);

#endif
