/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The recorder: a thread that writes pictures to the recording, so
 * whoever collects (the dashboard, the exporter, `--record` alone) only
 * hands a copy over and never waits on the disk. When the writer is
 * still busy, a newer picture replaces the one waiting. A full disk
 * pauses recording (retried every REC_RETRY_S) and says so; the program
 * goes on. */
#ifndef CTDASH_RECORD_RECORDER_H
#define CTDASH_RECORD_RECORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "record/store.h"

#define REC_RETRY_S 10.0

struct recorder;

/* Open the recording (its trust checked now, so a refusal comes before
 * any screen) and start the thread. NULL with the reason in why. */
struct recorder *recorder_start(const char *path, const struct rec_limits *lim, char *why, size_t n);
/* Write what waits, stop the thread, close the file. */
void recorder_stop(struct recorder *r);

/* Hand over a copy of the picture: s, the drop tracker's rates after it,
 * and with --all-netns every namespace (else NULL). */
void recorder_submit(struct recorder *r, const struct ct_snapshot *s,
		     const struct advice_rates *rates, const struct ns_table *ns);

struct recorder_status {
	uint64_t written;      /* pictures in the file */
	uint64_t replaced;     /* pictures replaced by a newer one before written */
	uint64_t lost;         /* pictures not written (paused, errors) */
	bool paused;           /* the last write failed: message says why */
	char message[320];
	bool wants_list;       /* an incident is open: send the list's sample */
	uint64_t changes;      /* bumped when paused or message change */
};

void recorder_get_status(struct recorder *r, struct recorder_status *st);

/* Wait until every picture handed over so far is written or lost. */
void recorder_flush(struct recorder *r);

#endif
