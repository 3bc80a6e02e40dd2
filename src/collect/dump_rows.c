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

int list_sample(const struct list_request *rq, struct ct_list *out)
{
	free(out->rows);
	memset(out, 0, sizeof *out);
	out->on = rq->on;
	snprintf(out->filter, sizeof out->filter, "%s", rq->filter);
	if (!rq->on)
		return 0;
	double t0 = mono_ms();
	struct sample_run sr;
	if (filter_parse(rq->filter, strlen(rq->filter), &sr.f, NULL) < 0) {
		filter_free(&sr.f);
		return out->err = -EINVAL;
	}
	unsigned limit = rq->limit && rq->limit <= LIST_ROWS_MAX ? rq->limit : LIST_ROWS_MAX;
	rowheap_init(&sr.heap, limit, &rq->sort);
	int ret = dump_into(&sr, out);
	rowheap_finish(&sr.heap);
	if (ret == 0 && sr.heap.n) {
		out->rows = malloc(sr.heap.n * sizeof *out->rows);
		if (out->rows) {
			memcpy(out->rows, sr.heap.row, sr.heap.n * sizeof *out->rows);
			out->n = (unsigned)sr.heap.n;
		} else {
			ret = -ENOMEM;
		}
	}
	out->matched = sr.matched;
	out->err = ret;
	out->ms = mono_ms() - t0;
	rowheap_free(&sr.heap);
	filter_free(&sr.f);
	return ret;
}
