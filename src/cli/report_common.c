/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wording shared by both reports, so they never disagree. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/labels.h"
#include "cli/report.h"

unsigned report_advice(const struct ct_snapshot *s, const struct report_extra *x,
		       struct advice *out, unsigned max)
{
	unsigned n = advise_rates(s, x ? x->rates : NULL, out, max);
	for (unsigned i = 0; x && i < x->nmore && n < max; i++)
		out[n++] = x->more[i];
	advice_sort(out, n);
	return n;
}
