/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/parse.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

bool parse_digits(const char **p, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	for (; isdigit((unsigned char)**p); (*p)++) {
		unsigned d = (unsigned)(**p - '0');
		if (d > max || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	if (!s || !isdigit((unsigned char)*s))
		return false;
	uint64_t v;
	if (!parse_digits(&s, max, &v) || *s)
		return false;
	*out = v;
	return true;
}

bool parse_uint_line(const char *s, uint64_t max, uint64_t *out)
{
	if (!s || !isdigit((unsigned char)*s))
		return false;
	uint64_t v;
	if (!parse_digits(&s, max, &v) || (*s == '\n' ? s[1] : *s))
		return false;
	*out = v;
	return true;
}

bool parse_pid_label(const char *label, int *pid)
{
	uint64_t v;
	if (!label || strncmp(label, "pid:", 4) != 0 || !parse_uint(label + 4, INT_MAX, &v) || v == 0)
		return false;
	*pid = (int)v;
	return true;
}
