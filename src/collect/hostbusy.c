/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/hostbusy.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One decimal field; false when there is none or it overflows. */
static bool field(const char **p, const char *end, uint64_t *out)
{
	while (*p < end && **p == ' ')
		(*p)++;
	if (*p >= end || **p < '0' || **p > '9')
		return false;
	uint64_t v = 0;
	while (*p < end && **p >= '0' && **p <= '9') {
		unsigned d = (unsigned)(**p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
		(*p)++;
	}
	*out = v;
	return true;
}

int hostbusy_parse(const char *text, size_t len, uint64_t *busy_ticks)
{
	static const char tag[] = "cpu ";
	if (len < sizeof tag - 1 || memcmp(text, tag, sizeof tag - 1) != 0)
		return -EINVAL;
	const char *p = text + sizeof tag - 1, *end = text + len;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (nl)
		end = nl;
	/* user nice system idle iowait irq softirq */
	uint64_t f[7];
	for (unsigned i = 0; i < 7; i++)
		if (!field(&p, end, &f[i]))
			return -EINVAL;
	uint64_t busy = f[0];
	const unsigned busy_fields[] = { 1, 2, 5, 6 };
	for (unsigned i = 0; i < 4; i++) {
		if (busy > UINT64_MAX - f[busy_fields[i]])
			return -EINVAL;
		busy += f[busy_fields[i]];
	}
	*busy_ticks = busy;
	return 0;
}

double hostbusy_others_s(void)
{
	char buf[512];
	int fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NAN;
	ssize_t got = read(fd, buf, sizeof buf);
	close(fd);
	uint64_t busy;
	long hz = sysconf(_SC_CLK_TCK);
	struct timespec own;
	if (got <= 0 || hz <= 0 || hostbusy_parse(buf, (size_t)got, &busy) < 0 ||
	    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &own) < 0)
		return NAN;
	return (double)busy / (double)hz - ((double)own.tv_sec + own.tv_nsec / 1e9);
}
