/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/dump_rows.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "collect/dump_entries.h"
#include "collect/sysctl.h"
#include "model/filter.h"

struct sample_run {
	struct ct_filter f;
	struct rowheap heap;
	uint64_t matched;
};

static int offer(const struct ct_entry *e, void *arg)
{
	struct sample_run *sr = arg;
	if (!filter_match(&sr->f, e))
		return 0;
	sr->matched++;
	return rowheap_offer(&sr->heap, e) < 0 ? -ENOMEM : 0;
}

static int dump_into(struct sample_run *sr, struct ct_list *out)
{
	int ret = -EAGAIN;
	for (int attempt = 0; attempt < 3; attempt++) {
		struct nlconn nc = { 0 };
		struct list_dump_stats st = { 0 };
		sr->matched = 0;
		rowheap_reset(&sr->heap);
		ret = nlconn_open(&nc);
		if (ret == 0)
			ret = ct_list_dump_where(&nc, &sr->f, offer, sr, &st, NULL, NULL);
		nlconn_close(&nc);
		out->total = st.entries;
		uint64_t count;
		/* the kernel filtered the dump: the table's size is its count */
		if (st.pushed && sysctl_read_u64("nf_conntrack_count", &count) == 0)
			out->total = count;
		if (ret != -EINTR && ret != -ENOBUFS)
			break;
	}
	return ret;
}

/* out (freed first) as rq asks, before the rows come: the filter
 * parsed into sr, its heap made, 0; 1 when no list is asked (nothing
 * made); -EINVAL when the filter does not parse. */
static int start(const struct list_request *rq, struct sample_run *sr, struct ct_list *out)
{
	free(out->rows);
	memset(out, 0, sizeof *out);
	out->on = rq->on;
	snprintf(out->filter, sizeof out->filter, "%s", rq->filter);
	if (!rq->on)
		return 1;
	if (filter_parse(rq->filter, strlen(rq->filter), &sr->f, NULL) < 0) {
		filter_free(&sr->f);
		return out->err = -EINVAL;
	}
	unsigned limit = rq->limit && rq->limit <= LIST_ROWS_MAX ? rq->limit : LIST_ROWS_MAX;
	rowheap_init(&sr->heap, limit, &rq->sort);
	return 0;
}

/* The heap's rows into out, in order, and sr freed. */
static int finish(struct sample_run *sr, int ret, double t0, struct ct_list *out)
{
	rowheap_finish(&sr->heap);
	if (ret == 0 && sr->heap.n) {
		out->rows = malloc(sr->heap.n * sizeof *out->rows);
		if (out->rows) {
			memcpy(out->rows, sr->heap.row, sr->heap.n * sizeof *out->rows);
			out->n = (unsigned)sr->heap.n;
		} else {
			ret = -ENOMEM;
		}
	}
	out->matched = sr->matched;
	out->err = ret;
	out->ms = mono_ms() - t0;
	rowheap_free(&sr->heap);
	filter_free(&sr->f);
	return ret;
}

int list_sample(const struct list_request *rq, struct ct_list *out)
{
	double t0 = mono_ms();
	struct sample_run sr;
	int ret = start(rq, &sr, out);
	if (ret != 0)
		return ret < 0 ? ret : 0;
	return finish(&sr, dump_into(&sr, out), t0, out);
}

struct list_tap {
	struct sample_run sr;
	double t0;
	int err;       /* the heap ran out of memory */
};

struct list_tap *list_tap_start(const struct list_request *rq, struct ct_list *out)
{
	struct list_tap *lt = calloc(1, sizeof *lt);
	if (!lt)
		return NULL;
	lt->t0 = mono_ms();
	if (start(rq, &lt->sr, out) != 0) {
		free(lt);
		return NULL;
	}
	return lt;
}

void list_tap_begin(void *arg)
{
	struct list_tap *lt = arg;
	lt->sr.matched = 0;
	lt->err = 0;
	rowheap_reset(&lt->sr.heap);
}

void list_tap_entry(const struct ct_entry *e, void *arg)
{
	struct list_tap *lt = arg;
	if (!lt->err)
		lt->err = offer(e, &lt->sr);
}

int list_tap_finish(struct list_tap *lt, int dump_ret, uint64_t entries, struct ct_list *out)
{
	out->total = entries;
	int ret = finish(&lt->sr, dump_ret ? dump_ret : lt->err, lt->t0, out);
	free(lt);
	return ret;
}
