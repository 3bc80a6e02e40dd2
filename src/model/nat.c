/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/nat.h"

#include <stdio.h>
#include <string.h>

unsigned nat_range_ports(const struct ct_nat_range *r)
{
	return r->hi >= r->lo ? (unsigned)r->hi - r->lo + 1 : 0;
}

double nat_share(const struct ct_nat_range *r, uint64_t entries)
{
	unsigned ports = nat_range_ports(r);
	return ports ? (double)entries / ports : 0;
}

void nat_range_default(struct ct_nat_range *r)
{
	memset(r, 0, sizeof *r);
	r->lo = CT_NAT_PORT_LO;
	r->hi = CT_NAT_PORT_HI;
	snprintf(r->origin, sizeof r->origin, "default %u-%u (no rule range read)", r->lo, r->hi);
}

bool nat_backend_answering(const struct ct_dnat_backend *b, bool ages, double window_s)
{
	if (!ages || b->unreplied == 0 || b->oldest_unreplied_s <= window_s)
		return true;
	/* a reply to an entry that began after the oldest unreplied one */
	return b->newest_replied_s >= 0 && b->newest_replied_s < b->oldest_unreplied_s;
}

void nat_age(struct ct_nat *n, double elapsed_s, double window_s)
{
	for (unsigned i = 0; i < n->ndnat; i++)
		for (unsigned j = 0; j < n->dnat[i].nbackends; j++) {
			struct ct_dnat_backend *b = &n->dnat[i].backends[j];
			if (b->oldest_unreplied_s >= 0)
				b->oldest_unreplied_s += elapsed_s;
			if (b->newest_replied_s >= 0)
				b->newest_replied_s += elapsed_s;
			if (n->ages_known)
				b->answering = nat_backend_answering(b, true, window_s);
		}
}

static bool same_backend(const struct nat_silence *s, const struct ct_dnat_service *svc,
			 const struct ct_dnat_backend *b)
{
	return s->family == svc->family && s->proto == svc->proto && s->dport == svc->dport &&
	       s->port == b->port && !memcmp(s->dst, svc->dst, 16) && !memcmp(s->addr, b->addr, 16);
}

static double silent_since(const struct nat_track *t, const struct ct_dnat_service *svc,
			   const struct ct_dnat_backend *b, double now_s)
{
	for (unsigned i = 0; i < t->n; i++)
		if (same_backend(&t->s[i], svc, b))
			return t->s[i].since;
	return now_s;
}

void nat_track_judge(struct nat_track *t, struct ct_nat *n, double now_s, double window_s)
{
	struct nat_track next = { .n = 0 };
	for (unsigned i = 0; i < n->ndnat && !n->ages_known; i++) {
		struct ct_dnat_service *svc = &n->dnat[i];
		for (unsigned j = 0; j < svc->nbackends; j++) {
			struct ct_dnat_backend *b = &svc->backends[j];
			if (b->entries == 0 || b->unreplied < b->entries)
				continue; /* some reply: it answers */
			struct nat_silence *s = &next.s[next.n++];
			*s = (struct nat_silence){ svc->family, svc->proto, svc->dport, b->port,
						   { 0 }, { 0 }, silent_since(t, svc, b, now_s) };
			memcpy(s->dst, svc->dst, 16);
			memcpy(s->addr, b->addr, 16);
			b->answering = now_s - s->since <= window_s;
		}
	}
	*t = next;
}
