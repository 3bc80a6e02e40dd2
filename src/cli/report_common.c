/* Wording shared by both reports, so they never disagree. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/names.h"
#include "cli/report.h"

const char *l4_label(unsigned proto, char *buf, size_t n)
{
	const char *name = ct_l4_name(proto);
	if (name)
		return name;
	snprintf(buf, n, "%u", proto);
	return buf;
}

const char *part_problem(const struct ct_snapshot *s, enum ct_part part)
{
	int err = s->part_err[part];
	if (err == 0)
		return NULL;
	bool denied = err == EPERM || err == EACCES;
	switch (part) {
	case CT_PART_SYSCTL:
		return "the conntrack sysctls could not be read";
	case CT_PART_DUMP:
		if (denied)
			return "reading the entry table needs CAP_NET_ADMIN (run as root): protocols, states and top sources are not shown";
		if (err == EINTR || err == ENOBUFS)
			return "the kernel kept interrupting the table dump: the breakdown is partial";
		if (err == ECANCELED)
			return "the table dump was cancelled";
		return "the entry table could not be dumped";
	case CT_PART_STATS:
		if (denied)
			return "the drop, early_drop and insert_failed counters need CAP_NET_ADMIN (run as root)";
		return "the kernel's conntrack counters could not be read";
	case CT_PART_SLAB:
		return denied ? "the entry size is assumed: /proc/slabinfo is readable by root only"
			      : "the entry size is assumed: /proc/slabinfo has no nf_conntrack line";
	default:
		return NULL;
	}
}

unsigned report_advice(const struct ct_snapshot *s, const struct report_extra *x,
		       struct advice *out, unsigned max)
{
	unsigned n = advise_rates(s, x ? x->rates : NULL, out, max);
	for (unsigned i = 0; x && i < x->nmore && n < max; i++)
		out[n++] = x->more[i];
	advice_sort(out, n);
	return n;
}
