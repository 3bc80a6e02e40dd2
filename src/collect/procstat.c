/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/procstat.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* The file's column names and the attribute each one is over ctnetlink
 * (0: not sent there: "entries", the same on every row, and the columns
 * the kernel no longer counts: new, ignore, delete, expect_*). The
 * kernel prints chaintoolong under "chainlength". */
static const struct {
	const char *name;
	unsigned attr;
} columns[] = {
	{ "clashres", CTA_STATS_CLASH_RESOLVE }, { "found", CTA_STATS_FOUND },
	{ "invalid", CTA_STATS_INVALID },
	{ "insert", CTA_STATS_INSERT }, { "insert_failed", CTA_STATS_INSERT_FAILED },
	{ "drop", CTA_STATS_DROP }, { "early_drop", CTA_STATS_EARLY_DROP },
	{ "icmp_error", CTA_STATS_ERROR }, { "search_restart", CTA_STATS_SEARCH_RESTART },
	{ "chainlength", CTA_STATS_CHAIN_TOOLONG },
};

#define PROC_COLUMNS_MAX 32

static unsigned attr_of(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
		if (strlen(columns[i].name) == len && memcmp(columns[i].name, name, len) == 0)
			return columns[i].attr;
	return 0;
}

/* The next word of [*p, end) on this line; false at the line's end. */
static bool next_word(const char **p, const char *end, const char **w, size_t *len)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	if (*p >= end || **p == '\n')
		return false;
	*w = *p;
	while (*p < end && **p != ' ' && **p != '\t' && **p != '\n')
		(*p)++;
	*len = (size_t)(*p - *w);
	return true;
}

static void next_line(const char **p, const char *end)
{
	while (*p < end && **p != '\n')
		(*p)++;
	if (*p < end)
		(*p)++;
}

static bool hex_value(const char *w, size_t len, uint64_t *v)
{
	if (len == 0 || len > 16)
		return false;
	*v = 0;
	for (size_t i = 0; i < len; i++) {
		char c = w[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
		if (d == 16)
			return false;
		*v = *v << 4 | d;
	}
	return true;
}

static int add_row(struct ct_snapshot *s, const unsigned *attr, unsigned ncol, const char **p,
		   const char *end)
{
	struct ct_cpu_stats row = { .cpu = s->ncpu };
	const char *w;
	size_t len;
	unsigned col = 0;
	for (; next_word(p, end, &w, &len); col++) {
		uint64_t v;
		if (col >= ncol || !hex_value(w, len, &v))
			return -EINVAL;
		if (attr[col]) {
			row.v[attr[col]] = v;
			row.present |= 1u << attr[col];
		}
	}
	if (col != ncol)
		return -EINVAL;
	struct ct_cpu_stats *grown = realloc(s->cpu, (s->ncpu + 1) * sizeof *grown);
	if (!grown)
		return -ENOMEM;
	s->cpu = grown;
	s->cpu[s->ncpu++] = row;
	for (unsigned a = 1; a < CT_STAT_SLOTS; a++)
		if (row.present & (1u << a)) {
			s->stat_total[a] += row.v[a];
			s->stat_present |= 1u << a;
		}
	return 0;
}

int ct_parse_proc_stats(const char *text, size_t len, struct ct_snapshot *s)
{
	const char *p = text, *end = text + len, *w;
	size_t wl;
	unsigned attr[PROC_COLUMNS_MAX], ncol = 0, known = 0;
	free(s->cpu);
	s->cpu = NULL;
	s->ncpu = 0;
	memset(s->stat_total, 0, sizeof s->stat_total);
	s->stat_present = 0;
	while (next_word(&p, end, &w, &wl)) {
		if (ncol == PROC_COLUMNS_MAX)
			return -EINVAL;
		attr[ncol] = attr_of(w, wl);
		known += attr[ncol] != 0;
		ncol++;
	}
	next_line(&p, end);
	if (!known)
		return -EINVAL;
	while (p < end) {
		int ret = add_row(s, attr, ncol, &p, end);
		if (ret < 0)
			return ret;
		next_line(&p, end);
	}
	return s->ncpu ? 0 : -EINVAL;
}

/* A header of ~200 bytes and ~220 a CPU: room for 1,000 CPUs. */
#define PROC_STAT_MAX (256 * 1024)

int ct_read_proc_stats(const char *path, struct ct_snapshot *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	char *buf = malloc(PROC_STAT_MAX);
	size_t n = 0;
	int ret = buf ? 0 : -ENOMEM;
	while (ret == 0 && n < PROC_STAT_MAX) {
		ssize_t r = read(fd, buf + n, PROC_STAT_MAX - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			ret = -errno;
		else if (r == 0)
			break;
		else
			n += (size_t)r;
	}
	close(fd);
	if (ret == 0)
		ret = n == PROC_STAT_MAX ? -EFBIG : ct_parse_proc_stats(buf, n, s);
	free(buf);
	return ret;
}
