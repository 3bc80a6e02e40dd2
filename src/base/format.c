/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/format.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>
#include <string.h>

char *fmt_count(char *buf, size_t n, uint64_t v)
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%" PRIu64, v);
	char out[32];
	int o = 0;
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, n, "%s", out);
	return buf;
}

const char *plural(uint64_t v, const char *one, const char *many)
{
	return v == 1 ? one : many;
}

char *fmt_counted(char *buf, size_t n, uint64_t v, const char *one, const char *many)
{
	char c[32];
	snprintf(buf, n, "%s %s", fmt_count(c, sizeof c, v), plural(v, one, many));
	return buf;
}

char *fmt_bytes(char *buf, size_t n, uint64_t v)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double d = (double)v;
	unsigned u = 0;
	/* Decide on the value as it will be rounded, so 1023.9 KiB reads
	 * "1.00 MiB", not "1024 KiB", and 9.999 KiB "10.0 KiB". */
	while (d >= 1023.5 && u + 1 < sizeof units / sizeof units[0]) {
		d /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%" PRIu64 " B", v);
	else
		snprintf(buf, n, d < 9.995 ? "%.2f %s" : d < 99.95 ? "%.1f %s" : "%.0f %s", d, units[u]);
	return buf;
}

char *fmt_duration(char *buf, size_t n, long s)
{
	static const struct { long secs; char unit; } units[] = {
		{ 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' },
	};
	if (s <= 0) {
		snprintf(buf, n, s == 0 ? "0s" : "-");
		return buf;
	}
	for (unsigned i = 0; i < 4; i++) {
		if (s < units[i].secs)
			continue;
		long major = s / units[i].secs;
		long minor = i == 3 ? 0 : s % units[i].secs / units[i + 1].secs;
		if (minor == 0) /* "1d", never "1d0h" */
			snprintf(buf, n, "%ld%c", major, units[i].unit);
		else
			snprintf(buf, n, "%ld%c%ld%c", major, units[i].unit,
				 minor, units[i + 1].unit);
		break;
	}
	return buf;
}

char *fmt_ip(char *buf, size_t n, int family, const void *addr)
{
	char tmp[FMT_ADDR_MAX];
	if (!inet_ntop(family, addr, tmp, sizeof tmp))
		snprintf(tmp, sizeof tmp, "?");
	snprintf(buf, n, "%s", tmp);
	return buf;
}

char *fmt_clock(char *buf, size_t n, double wall)
{
	time_t t = (time_t)wall;
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, n, "%H:%M:%S", &tm))
		snprintf(buf, n, "?");
	return buf;
}
