/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/typed.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/parse.h"
#include "model/analysis.h"
#include "write/duration.h"
#include "write/tune_policy.h"

const char *typed_count(const char *text, uint64_t *v)
{
	char digits[32];
	size_t n = 0;
	while (*text == ' ')
		text++;
	if (*text == '-')
		return "negative: type a whole number of at least 1";
	const char *p = text;
	for (; *p && *p != ' '; p++) {
		bool sep = (*p == ',' || *p == '_') && n > 0 && p[1] >= '0' && p[1] <= '9';
		if (sep)
			continue;
		if (*p < '0' || *p > '9')
			return "not a whole number: type digits, as in 262144";
		if (n + 1 >= sizeof digits)
			return "too large: that number has too many digits";
		digits[n++] = *p;
	}
	digits[n] = '\0';
	/* "262 144" is not 262: a second word is refused, never dropped */
	while (*p == ' ')
		p++;
	if (*p)
		return "more than one number: type it without spaces, as in 262144 or 262,144";
	if (n == 0)
		return "empty: type a whole number, as in 262144";
	if (!parse_uint(digits, UINT64_MAX, v))
		return "too large: the number does not fit in 64 bits";
	return NULL;
}

const char *typed_value(const char *name, const char *text, uint64_t *v)
{
	if (tune_target_of(name) != TUNE_TIMEOUT)
		return typed_count(text, v);
	long secs;
	const char *why = duration_parse(text, &secs);
	if (!why)
		*v = (uint64_t)secs;
	return why;
}

uint64_t typed_round_buckets(uint64_t want, long page_size)
{
	uint64_t per_page = page_size > 0 ? (uint64_t)page_size / CT_BUCKET_HEAD_BYTES : 1;
	if (per_page < 1)
		per_page = 1;
	return (want + per_page - 1) / per_page * per_page;
}

const char *typed_path_problem(const char *path, char *buf, size_t n)
{
	if (path[0] != '/')
		return "type an absolute path (it starts with /)";
	const char *slash = strrchr(path, '/');
	if (!slash[1])
		return "that is a directory: add the file's name";
	char dir[4096];
	size_t len = slash == path ? 1 : (size_t)(slash - path);
	if (len >= sizeof dir)
		return "that path is too long";
	memcpy(dir, path, len);
	dir[len] = '\0';
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return snprintf(buf, n, "no directory %s", dir), buf;
	return NULL;
}
