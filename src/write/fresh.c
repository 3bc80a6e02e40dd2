/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/fresh.h"

#include <stdlib.h>

#include "model/analysis.h"
#include "write/duration.h"

struct ct_snapshot *fresh_snapshot(const struct tune_ctx *t, const struct ct_snapshot *s)
{
	struct ct_snapshot *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	*c = *s;
	c->cpu = NULL; /* the sampler owns it */
	c->ncpu = 0;
	c->list.rows = NULL; /* and the list's rows */
	c->list.n = 0;
	for (unsigned i = 0; i < c->ntimeouts; i++) {
		uint64_t v;
		if (tune_read(t, c->timeouts[i].name, &v) == 0 && v <= (uint64_t)DURATION_MAX)
			c->timeouts[i].value = (long)v;
	}
	uint64_t v;
	if (tune_read(t, TUNE_MAX_NAME, &v) == 0)
		c->max = v;
	if (tune_read(t, TUNE_HASHSIZE_NAME, &v) == 0)
		c->buckets = c->hashsize = v;
	analyse(c);
	return c;
}
