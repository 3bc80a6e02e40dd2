/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A port key is the protocol number above the port: 24 bits, so one
 * keycount serves every protocol that has ports. */
#include "collect/topport.h"

#include <stdbool.h>
#include <stddef.h>

int topport_add(struct keycount *kc, uint8_t proto, uint16_t port)
{
	return keycount_add(kc, (uint32_t)proto << 16 | port);
}

/* "a ranks before b": more entries first, then protocol, then port. */
static bool ranks_before(const struct ct_port_count *a, const struct ct_port_count *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	if (a->proto != b->proto)
		return a->proto < b->proto;
	return a->port < b->port;
}

/* Insert c into out[0..*len), kept in rank order and at most n long. Most
 * candidates lose to the last one kept, in one comparison; n is small
 * (CT_TOP_MAX), so a shift on a win costs little. */
static void keep_if_better(struct ct_port_count *out, unsigned *len, unsigned n,
			   const struct ct_port_count *c)
{
	if (*len == n && !ranks_before(c, &out[n - 1]))
		return;
	unsigned i = *len < n ? (*len)++ : n - 1;
	while (i > 0 && ranks_before(c, &out[i - 1])) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = *c;
}

unsigned topport_top(const struct keycount *kc, struct ct_port_count *out, unsigned n)
{
	unsigned len = 0;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < keycount_capacity(kc); i++) {
		const struct kslot *k = &kc->tab[i];
		if (!k->count)
			continue;
		struct ct_port_count c = {
			.proto = (uint8_t)(k->key >> 16), .port = (uint16_t)k->key, .count = k->count,
		};
		keep_if_better(out, &len, n, &c);
	}
	return len;
}
