/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/nsstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/nsscan.h"

enum { COL_INSERT, COL_INSERT_FAILED, COL_DROP, COL_EARLY_DROP, COL_WANTED };
static const char *const wanted[COL_WANTED] = { "insert", "insert_failed", "drop", "early_drop" };

#define COLS_MAX 32

/* The column each wanted name is in, from the header line. */
static bool header(const char *line, const char *end, int col[COL_WANTED])
{
	int n = 0;
	for (int w = 0; w < COL_WANTED; w++)
		col[w] = -1;
	for (const char *p = line; p < end && n < COLS_MAX;) {
		while (p < end && *p == ' ')
			p++;
		const char *q = p;
		while (q < end && *q != ' ')
			q++;
		if (q == p)
			break;
		for (int w = 0; w < COL_WANTED; w++)
			if (strlen(wanted[w]) == (size_t)(q - p) && memcmp(p, wanted[w], (size_t)(q - p)) == 0)
				col[w] = n;
		n++;
		p = q;
	}
	for (int w = 0; w < COL_WANTED; w++)
		if (col[w] < 0)
			return false;
	return true;
}

/* One CPU's line added in; false when a field is not hex. */
static bool add_line(const char *line, const char *end, const int col[COL_WANTED], uint64_t sum[COL_WANTED])
{
	int n = 0;
	for (const char *p = line; p < end && n < COLS_MAX; n++) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
		char *stop;
		errno = 0;
		unsigned long long v = strtoull(p, &stop, 16);
		if (stop == p || errno || (stop < end && *stop != ' '))
			return false;
		for (int w = 0; w < COL_WANTED; w++)
			if (col[w] == n)
				sum[w] += v;
		p = stop;
	}
	return true;
}

int nsstats_parse(const char *text, struct ns_stats *st)
{
	int col[COL_WANTED];
	uint64_t sum[COL_WANTED] = { 0 };
	bool have_header = false;
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line);
		if (!have_header) {
			if (!header(line, end, col))
				return -EINVAL;
			have_header = true;
		} else if (end > line && !add_line(line, end, col, sum)) {
			return -EINVAL;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	if (!have_header)
		return -EINVAL;
	memset(st, 0, sizeof *st);
	st->have = true;
	st->insert = sum[COL_INSERT];
	st->insert_failed = sum[COL_INSERT_FAILED];
	st->drop = sum[COL_DROP];
	st->early_drop = sum[COL_EARLY_DROP];
	return 0;
}

int nsstats_read_here(struct ns_stats *st)
{
	char text[16384]; /* a line of ~150 bytes a CPU */
	int fd = open("/proc/thread-self/net/stat/nf_conntrack", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t got = 0;
	for (ssize_t r; got < sizeof text - 1 && (r = read(fd, text + got, sizeof text - 1 - got)) > 0;)
		got += (size_t)r;
	close(fd);
	text[got] = '\0';
	return nsstats_parse(text, st);
}

static const struct ns_info *find(const struct ns_table *t, uint64_t inode)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->ns[i].inode == inode)
			return &t->ns[i];
	return NULL;
}

/* A counter's rise per second; a counter that went back (the namespace
 * was made anew under a reused inode) is no rate. */
static double per_s(uint64_t now, uint64_t before, double dt_s)
{
	return now >= before ? (double)(now - before) / dt_s : 0.0;
}

static int dropping_first(const void *a, const void *b)
{
	const struct ns_info *x = a, *y = b;
	if (x->st.drop_rate != y->st.drop_rate)
		return x->st.drop_rate > y->st.drop_rate ? -1 : 1;
	if ((x->err == 0) != (y->err == 0))
		return x->err == 0 ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

void nsstats_rates(struct ns_table *now, const struct ns_table *before, double dt_s)
{
	for (unsigned i = 0; before && dt_s > 0 && i < now->n; i++) {
		struct ns_stats *s = &now->ns[i].st;
		const struct ns_info *old = find(before, now->ns[i].inode);
		if (!s->have || !old || !old->st.have)
			continue;
		const struct ns_stats *o = &old->st;
		/* between its own two reads when known: a long scan reads the
		 * last namespace seconds after the first */
		double dt = now->ns[i].read_ms > 0 && old->read_ms > 0
				    ? (now->ns[i].read_ms - old->read_ms) / 1e3 : dt_s;
		if (dt <= 0)
			continue;
		s->have_rate = true;
		s->insert_rate = per_s(s->insert, o->insert, dt);
		s->growth_rate = ((double)now->ns[i].count - (double)old->count) / dt;
		s->drop_rate = per_s(s->drop, o->drop, dt) + per_s(s->early_drop, o->early_drop, dt) +
			       per_s(s->insert_failed, o->insert_failed, dt);
	}
	qsort(now->ns, now->n, sizeof *now->ns, dropping_first);
}
