/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/hostinfo.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

int host_conntrack_objsize(uint32_t *out)
{
	FILE *f = fopen("/proc/slabinfo", "re");
	if (!f)
		return -errno;
	char line[512];
	int ret = -ENODATA;
	while (fgets(line, sizeof line, f)) {
		/* name active_objs num_objs objsize objperslab pagesperslab … */
		char name[64];
		unsigned long active, num, objsize;
		if (sscanf(line, "%63s %lu %lu %lu", name, &active, &num, &objsize) == 4 &&
		    strcmp(name, "nf_conntrack") == 0 && objsize > 0) {
			*out = (uint32_t)objsize;
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

void host_fill(struct ct_snapshot *s)
{
	struct sysinfo si;
	if (sysinfo(&si) == 0)
		s->ram_bytes = (uint64_t)si.totalram * si.mem_unit;
	s->word_bits = (unsigned)(sizeof(long) * 8);
	struct utsname u;
	if (uname(&u) == 0) {
		snprintf(s->kernel, sizeof s->kernel, "%s", u.release);
		snprintf(s->hostname, sizeof s->hostname, "%s", u.nodename);
	}
}
