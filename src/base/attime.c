/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/attime.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Exactly n digits at *p, moved past; -1 when not. */
static int digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

/* HH:MM[:SS] at *p into tm; false when not that or out of range. */
static bool clock_part(const char **p, struct tm *tm)
{
	int h = digits(p, 2), m = -1, s = 0;
	if (h >= 0 && **p == ':' && (++*p, (m = digits(p, 2)) >= 0) && **p == ':') {
		++*p;
		s = digits(p, 2);
	}
	if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
		return false;
	tm->tm_hour = h;
	tm->tm_min = m;
	tm->tm_sec = s;
	return true;
}

static bool date_part(const char **p, struct tm *tm)
{
	int y = digits(p, 4);
	if (y < 1970 || **p != '-')
		return false;
	++*p;
	int mo = digits(p, 2);
	if (mo < 1 || mo > 12 || **p != '-')
		return false;
	++*p;
	int d = digits(p, 2);
	if (d < 1 || d > 31 || (**p != 'T' && **p != ' '))
		return false;
	++*p;
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	return true;
}

static int age(const char *text, double now, double *t)
{
	const char *p = text + 1;
	unsigned long long v = 0;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > 100000000ull)
			return -1;
	}
	static const struct { char unit; double s; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (p[0] == units[i].unit && p[1] == '\0' && (double)v * units[i].s <= now) {
			*t = now - (double)v * units[i].s; /* never before 1970 */
			return 0;
		}
	return -1;
}

/* @SECONDS[.FRACTION]: Unix time, as the recording's t column holds it. */
static int unix_time(const char *p, double *t)
{
	double v = 0, scale = 1;
	bool point = false, any = false;
	for (; *p; p++) {
		if (*p == '.' && !point) {
			point = true;
		} else if (isdigit((unsigned char)*p)) {
			any = true;
			if (point)
				v += (*p - '0') * (scale /= 10);
			else if ((v = v * 10 + (*p - '0')) > 1e12)
				return -1;
		} else {
			return -1;
		}
	}
	if (!any)
		return -1;
	*t = v;
	return 0;
}

/* The local calendar date is fixed (mktime normalises, so 2026-02-31 would
 * pass as March: refuse it). */
static int local_time(struct tm *want, double *t)
{
	struct tm tm = *want;
	tm.tm_isdst = -1;
	time_t secs = mktime(&tm);
	if (secs == (time_t)-1 || tm.tm_mday != want->tm_mday || tm.tm_mon != want->tm_mon)
		return -1;
	*t = (double)secs;
	return 0;
}

int attime_parse(const char *text, double now, double *t, char *err, size_t errlen)
{
	struct tm tm;
	time_t today = (time_t)now;
	const char *p = text;
	int ret = -1;
	if (strcmp(text, "now") == 0) {
		*t = now;
		return 0;
	}
	if (text[0] == '@') {
		ret = unix_time(text + 1, t);
	} else if (text[0] == '-') {
		ret = age(text, now, t);
	} else if (localtime_r(&today, &tm)) {
		bool dated = strlen(text) > 8;
		if ((!dated || date_part(&p, &tm)) && clock_part(&p, &tm) && *p == '\0')
			ret = local_time(&tm, t);
		/* a clock time still to come today means yesterday's */
		if (ret == 0 && !dated && *t > now + 1) {
			tm.tm_mday -= 1; /* mktime takes day 0 as the month before's last */
			tm.tm_isdst = -1;
			time_t secs = mktime(&tm);
			ret = secs == (time_t)-1 ? -1 : 0;
			*t = (double)secs;
		}
	}
	if (ret < 0)
		snprintf(err, errlen, "invalid time '%s': expected HH:MM, HH:MM:SS, "
			 "YYYY-MM-DDTHH:MM[:SS] (local time), an age such as -20m or -90s, "
			 "or @UNIX-SECONDS", text);
	return ret;
}

char *attime_format(double t, char *buf, size_t n)
{
	time_t secs = (time_t)t;
	struct tm tm;
	if (!localtime_r(&secs, &tm) || !strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, n, "?");
	return buf;
}
