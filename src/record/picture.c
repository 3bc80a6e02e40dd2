/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "record/picture.h"

#include <stdlib.h>
#include <string.h>

#include "collect/nsowner.h"

void picture_free(struct rec_picture *p)
{
	free(p->snap.cpu);
	free(p->snap.list.rows);
	free(p->ns.ns);
	addrowners_free(&p->owners);
	memset(p, 0, sizeof *p);
}

int picture_owners(struct rec_picture *p)
{
	addrowners_free(&p->owners);
	if (!p->has_ns || nsowner_addr_map(&p->ns, &p->owners) == 0)
		return 0;
	addrowners_free(&p->owners);
	return -1;
}

const struct addr_owners *picture_owner_map(const struct rec_picture *p)
{
	return p->has_ns ? &p->owners : NULL;
}

static void *dup_array(const void *a, size_t n, size_t size, int *failed)
{
	if (!a || !n)
		return NULL;
	void *d = malloc(n * size);
	if (!d)
		*failed = 1;
	else
		memcpy(d, a, n * size);
	return d;
}

int picture_set(struct rec_picture *p, const struct ct_snapshot *s,
		const struct advice_rates *r, const struct ns_table *ns)
{
	int failed = 0;
	picture_free(p);
	p->snap = *s;
	p->snap.cpu = dup_array(s->cpu, s->ncpu, sizeof *s->cpu, &failed);
	p->snap.list.rows = dup_array(s->list.rows, s->list.n, sizeof *s->list.rows, &failed);
	if (r)
		p->rates = *r;
	p->has_ns = ns != NULL;
	if (ns) {
		p->ns = *ns;
		p->ns.ns = dup_array(ns->ns, ns->n, sizeof *ns->ns, &failed);
	}
	if (failed) {
		picture_free(p);
		return -1;
	}
	if (!p->snap.cpu)
		p->snap.ncpu = 0;
	if (!p->snap.list.rows)
		p->snap.list.n = 0;
	if (!p->ns.ns)
		p->ns.n = 0;
	return 0;
}

unsigned picture_advice(const struct rec_picture *p, struct advice *out, unsigned max)
{
	unsigned n = advise_rates(&p->snap, &p->rates, out, max);
	advice_sort(out, n);
	return n;
}
