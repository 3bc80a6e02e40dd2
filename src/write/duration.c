/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/duration.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/parse.h"

static const long ladder[] = {
	1, 5, 10, 30,
	60, 2 * 60, 5 * 60, 10 * 60, 30 * 60,
	3600, 2 * 3600, 6 * 3600, 12 * 3600,
	86400, 2 * 86400, 5 * 86400,
};
#define LADDER_LEN (sizeof ladder / sizeof ladder[0])

static long unit_seconds(char u)
{
	switch (u) {
	case 's': return 1;
	case 'm': return 60;
	case 'h': return 3600;
	case 'd': return 86400;
	default: return 0;
	}
}

const char *duration_parse(const char *text, long *seconds)
{
	static const char too_big[] =
		"too large: a timeout can be at most 2147483647 seconds (about 68 years)";
	if (!text)
		return "empty: type seconds or a number with a unit (30s, 10m, 2h, 5d)";
	const char *p = text;
	while (isspace((unsigned char)*p))
		p++;
	size_t len = strlen(p);
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (len == 0)
		return "empty: type seconds or a number with a unit (30s, 10m, 2h, 5d)";
	const char *end = p + len;
	if (*p == '-')
		return "negative: a timeout cannot be below 0 seconds";
	if (!isdigit((unsigned char)*p))
		return "not a number: type seconds or a number with a unit (30s, 10m, 2h, 5d)";

	uint64_t total = 0;
	long last_unit = 0;
	bool had_unit = false;
	while (p < end) {
		if (!isdigit((unsigned char)*p))
			return "trailing characters: a unit (s, m, h, d) must follow a number";
		uint64_t n;
		if (!parse_digits(&p, UINT64_MAX, &n))
			return "overflow: the number is too long to be a timeout";
		if (p == end) {
			if (had_unit)
				return "a number at the end needs a unit (s, m, h, d)";
			total = n; /* plain seconds */
			break;
		}
		if (*p == '.' || *p == ',')
			return "not a whole number: use a smaller unit (90m, not 1.5h)";
		long unit = unit_seconds(*p);
		if (unit == 0)
			return "trailing characters: the unit must be s, m, h or d (as in 30s, 10m, 2h, 5d)";
		if (had_unit && unit >= last_unit)
			return "units must go from largest to smallest, each once (as in 1h30m)";
		p++;
		if (n > (uint64_t)DURATION_MAX / (uint64_t)unit)
			return too_big;
		total += n * (uint64_t)unit;
		if (total > DURATION_MAX)
			return too_big;
		last_unit = unit;
		had_unit = true;
	}
	if (total > DURATION_MAX)
		return too_big;
	*seconds = (long)total;
	return NULL;
}

long duration_step_up(long cur)
{
	for (unsigned i = 0; i < LADDER_LEN; i++)
		if (ladder[i] > cur)
			return ladder[i];
	return cur;
}

long duration_step_down(long cur)
{
	for (unsigned i = LADDER_LEN; i-- > 0;)
		if (ladder[i] < cur)
			return ladder[i];
	return cur;
}

const long *duration_ladder(unsigned *n)
{
	*n = LADDER_LEN;
	return ladder;
}
