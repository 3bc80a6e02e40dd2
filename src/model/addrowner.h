/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who owns an address: each namespace's own interface addresses, mapped
 * to the workload that owns the namespace ("10.244.1.23" ->
 * default/web-7d9f). Built by collect/nsowner.c from the --all-netns
 * scan; read by the reports, the list and its filter. A sorted array:
 * lookups cost log n whatever addresses traffic chooses. */
#ifndef CTDASH_ADDROWNER_H
#define CTDASH_ADDROWNER_H

#include <stddef.h>
#include <stdint.h>

#include <limits.h>

#include "model/workload.h"

struct addr_owner {
	uint8_t family;                      /* AF_INET or AF_INET6 */
	uint8_t addr[16];                    /* network order */
	struct workload wl;
	char netns[NAME_MAX + 32];           /* the namespace's label */
	size_t seq;                          /* order added: the first of equals wins */
};

struct addr_owners {
	struct addr_owner *o;                /* owned; sorted once built */
	size_t n, cap;
};

/* Add one address (4 or 16 bytes by family); 0 or -ENOMEM. */
int addrowners_add(struct addr_owners *m, int family, const uint8_t *addr,
		   const struct workload *wl, const char *netns);
/* Sort for lookups; an address two namespaces hold is kept once (the
 * first added) and counted in the return value. */
size_t addrowners_finish(struct addr_owners *m);
/* The owner of addr, or NULL (also for a NULL map). */
const struct addr_owner *addrowners_find(const struct addr_owners *m, int family,
					 const uint8_t *addr);
void addrowners_free(struct addr_owners *m);

#endif
