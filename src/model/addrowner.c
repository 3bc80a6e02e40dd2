/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/addrowner.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/grow.h"

static size_t addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

int addrowners_add(struct addr_owners *m, int family, const uint8_t *addr,
		   const struct workload *wl, const char *netns)
{
	struct addr_owner *grown = grow_array(m->o, &m->cap, m->n + 1, sizeof *grown, 16);
	if (!grown)
		return -ENOMEM;
	m->o = grown;
	struct addr_owner *o = &m->o[m->n++];
	memset(o, 0, sizeof *o);
	o->family = (uint8_t)family;
	memcpy(o->addr, addr, addr_len(family));
	o->wl = *wl;
	snprintf(o->netns, sizeof o->netns, "%s", netns);
	o->seq = m->n - 1;
	return 0;
}

static int cmp_key(uint8_t fa, const uint8_t *a, uint8_t fb, const uint8_t *b)
{
	if (fa != fb)
		return fa < fb ? -1 : 1;
	return memcmp(a, b, 16);
}

static int by_addr(const void *x, const void *y)
{
	const struct addr_owner *a = x, *b = y;
	int c = cmp_key(a->family, a->addr, b->family, b->addr);
	/* the first added first among equals: addresses stay unique (by
	 * the order added; qsort moves the elements, so not by pointer) */
	return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

size_t addrowners_finish(struct addr_owners *m)
{
	size_t kept = 0, dup = 0;
	if (m->n == 0) /* no array at all: qsort must not see NULL */
		return 0;
	qsort(m->o, m->n, sizeof *m->o, by_addr);
	for (size_t i = 0; i < m->n; i++) {
		if (kept && cmp_key(m->o[kept - 1].family, m->o[kept - 1].addr, m->o[i].family,
				    m->o[i].addr) == 0) {
			dup++;
			continue;
		}
		if (kept != i)
			m->o[kept] = m->o[i];
		kept++;
	}
	m->n = kept;
	return dup;
}

const struct addr_owner *addrowners_find(const struct addr_owners *m, int family,
					 const uint8_t *addr)
{
	if (!m || !m->n)
		return NULL;
	uint8_t key[16] = { 0 };
	memcpy(key, addr, addr_len(family));
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_key((uint8_t)family, key, m->o[mid].family, m->o[mid].addr);
		if (c == 0)
			return &m->o[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void addrowners_free(struct addr_owners *m)
{
	free(m->o);
	memset(m, 0, sizeof *m);
}
