/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows the list view shows: a dump of whole entries through the
 * filter into a bounded heap, in the sampler's thread. */
#ifndef CTDASH_LISTSAMPLE_H
#define CTDASH_LISTSAMPLE_H

#include <stdbool.h>

#include "model/model.h"
#include "model/rowsort.h"

/* Rows kept at most: a few screens; the view says "showing K of M". */
#define LIST_ROWS_MAX 2000

struct list_request {
	bool on;
	char filter[CT_LIST_FILTER_MAX];
	struct sort_spec sort;
	unsigned limit;            /* 1..LIST_ROWS_MAX */
};

/* Fill out (rows freed first) as rq asks. 0, or a negative errno, also
 * left in out->err (-EINVAL: the filter does not parse). */
int list_sample(const struct list_request *rq, struct ct_list *out);

/* The same rows taken from a dump that runs anyway (the dashboard's,
 * through collector.tap): one dump for both, where two took twice the
 * kernel's time before the first list screen. list_tap_start clears out
 * and returns NULL when rq is off, its filter does not parse or memory
 * runs out (list_sample then says why, with a dump of its own);
 * list_tap_begin and list_tap_entry are the tap's begin and entry;
 * list_tap_finish fills out from the dump's result and its entry count,
 * frees the tap, and returns as list_sample does. */
struct list_tap;
struct list_tap *list_tap_start(const struct list_request *rq, struct ct_list *out);
void list_tap_begin(void *arg);
void list_tap_entry(const struct ct_entry *e, void *arg);
int list_tap_finish(struct list_tap *lt, int dump_ret, uint64_t entries, struct ct_list *out);

#endif
