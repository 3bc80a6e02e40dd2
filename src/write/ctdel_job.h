/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A delete carried out by a thread of its own, for the screen: the list
 * view asks, the dialog confirms, and this reads, journals and deletes
 * while the keys and the refreshes go on. The thread is started by the
 * thread that is in the namespace shown, so it deletes there. */
#ifndef CTDASH_CTDEL_JOB_H
#define CTDASH_CTDEL_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "write/ctdel_run.h"
#include "write/journal.h"

struct ctdel_request {
	/* one entry (one), or every entry filter matches when it runs */
	bool one;
	struct ct_entry entry;           /* one: the entry, as the list showed it */
	char filter[CT_LIST_FILTER_MAX]; /* !one: the filter language; "" is all */
	uint64_t seen_total;             /* entries in the table when asked */
	/* the second confirmation was given: a big delete may go on. Without
	 * it, a filter that matches a big share when it runs deletes nothing */
	bool big_confirmed;
	char journal_path[512];
	uint64_t nsid;
	char ns[JOURNAL_NS_MAX];
	bool read_only;                  /* the core refuses (ctdel_refused) */
};

enum ctdel_phase {
	CTDEL_READING,   /* the table is dumped for the matching entries */
	CTDEL_DELETING,
	CTDEL_DONE,
};

struct ctdel_status {
	enum ctdel_phase phase;
	uint64_t read;        /* READING: entries read so far */
	uint64_t tried, n;    /* DELETING: entries tried of n */
	uint64_t total;       /* entries in the table when read */
	struct ctdel_count c; /* DONE */
	int err;              /* DONE: -errno when nothing could be tried */
	bool refused;         /* DONE: big when it ran, and not confirmed so */
	bool stopped;         /* DONE: ctdel_job_stop ended it early */
	char msg[400];        /* DONE: one sentence for the status line */
};

struct ctdel_job;

/* Start the delete. NULL with errno set when no thread can be had. */
struct ctdel_job *ctdel_job_start(const struct ctdel_request *rq);
void ctdel_job_status(struct ctdel_job *job, struct ctdel_status *st);
/* Ask the thread to stop: after the entry it is deleting, or the
 * datagram it is reading. What is deleted stays deleted; the journal
 * records how many were left. The status goes to DONE soon after. */
void ctdel_job_stop(struct ctdel_job *job);
/* Wait for the thread (at once when DONE) and free it. */
void ctdel_job_end(struct ctdel_job *job);

/* The sentence for a delete that ran: "stopped with 1,204 left: deleted
 * 261,630, already gone 12, failed 0", with the first failure. */
void ctdel_result_text(const struct ctdel_status *st, char *buf, size_t n);

/* An entry as the journal names it: "tcp 127.0.0.1:40000 -> 127.0.0.2:80 id 7". */
char *ctdel_entry_text(const struct ct_entry *e, char *buf, size_t n);

#endif
