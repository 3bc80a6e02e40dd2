/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/tune_plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"

void tune_plan_init(struct tune_plan *p, const char *title)
{
	memset(p, 0, sizeof *p);
	snprintf(p->title, sizeof p->title, "%s", title ? title : "");
}

int tune_plan_add(struct tune_plan *p, const char *name, uint64_t seen, uint64_t want,
		  const char *reverts)
{
	if (strlen(name) >= CT_SYSCTL_NAME_MAX || (reverts && strlen(reverts) >= JOURNAL_ID_MAX))
		return -EINVAL;
	struct tune_change *v = grow_array(p->c, &p->cap, (size_t)p->n + 1, sizeof *v, 8);
	if (!v)
		return -ENOMEM;
	p->c = v;
	struct tune_change *c = &p->c[p->n++];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->seen = seen;
	c->want = want;
	snprintf(c->reverts, sizeof c->reverts, "%s", reverts ? reverts : "");
	return 0;
}

void tune_plan_rebase(struct tune_plan *p, unsigned i, uint64_t seen)
{
	if (i < p->n)
		p->c[i].seen = seen;
}

void tune_plan_free(struct tune_plan *p)
{
	free(p->c);
	memset(p, 0, sizeof *p);
}
