/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/sysctl.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/parse.h"
#include "model/labels.h"

static int parse_u64_line(const char *line, uint64_t *out)
{
	return parse_uint_line(line, UINT64_MAX, out) ? 0 : -EINVAL;
}

int read_u64_file(const char *path, uint64_t *out)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char line[64];
	bool ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	return ok ? parse_u64_line(line, out) : -EINVAL;
}

int read_u64_fd(int fd, uint64_t *out)
{
	char line[64];
	ssize_t n = pread(fd, line, sizeof line - 1, 0);
	if (n < 0)
		return -errno;
	line[n] = '\0';
	return parse_u64_line(line, out);
}

bool read_param_bool(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	int c = fgetc(f);
	fclose(f);
	return c == 'Y';
}

int sysctl_read_u64(const char *name, uint64_t *out)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", CT_SYSCTL_DIR, name);
	return read_u64_file(path, out);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ct_timeout *)a)->name, ((const struct ct_timeout *)b)->name);
}

int sysctl_discover_timeouts(struct ct_timeout *out, unsigned max)
{
	DIR *d = opendir(CT_SYSCTL_DIR);
	if (!d)
		return -errno;
	unsigned n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < max) {
		const char *name = de->d_name;
		if (!is_timeout_sysctl(name))
			continue;
		uint64_t v;
		if (sysctl_read_u64(name, &v) < 0 || v > INT32_MAX)
			continue;
		strcpy(out[n].name, name);
		out[n].value = (long)v;
		n++;
	}
	closedir(d);
	qsort(out, n, sizeof *out, by_name);
	return (int)n;
}
