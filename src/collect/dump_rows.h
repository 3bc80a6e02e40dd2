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

#endif
