/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

int scratch_make(char *dir, size_t n, const char *tag)
{
	int len = snprintf(dir, n, "/tmp/ctdash-test-%s-XXXXXX", tag);
	if (len < 0 || (size_t)len >= n)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

int scratch_remove(const char *dir)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

void snap_add_timeout(struct ct_snapshot *s, const char *name, long value)
{
	if (s->ntimeouts >= CT_TIMEOUT_MAX)
		return;
	snprintf(s->timeouts[s->ntimeouts].name, CT_SYSCTL_NAME_MAX, "%s", name);
	s->timeouts[s->ntimeouts++].value = value;
}

uint32_t test_xorshift(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}
