/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Open addressing with linear probes under a keyed hash: with the key
 * unknown to whoever picks the tuples, no crafted set of keys lands in one
 * run of slots. */
#include "collect/natgroup.h"

#include "base/siphash.h"
#include "model/filter.h"

#include <linux/netfilter/nf_conntrack_common.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum nat_kind { KIND_SNAT = 1, KIND_DNAT = 2 };

/* SNAT: a = translated source, b = destination, port_a = its port.
 * DNAT: a = the service's address, b = the backend's, ports likewise. */
struct natkey {
	uint8_t kind, family, proto, pad;
	uint16_t port_a, port_b;
	uint8_t a[16], b[16];
};

struct natslot {
	struct natkey k;
	uint64_t entries;          /* 0: an empty slot */
	uint64_t unreplied;
	uint64_t oldest_unreplied_ns, newest_replied_ns; /* 0: none seen */
};

#define INITIAL_BITS 8
#define TRIM_BITS 14
/* Memory stays bounded when tuples are as many as entries (a gateway to
 * a million destinations): past NATGROUP_MAX_KEYS keys a new one is not
 * counted (natgroup.h says why no tuple that matters is missed). */
_Static_assert(NATGROUP_MAX_KEYS * 2 == 1u << 17, "the table holds the keys at half load");

void natgroup_init(struct natgroup *g)
{
	memset(g, 0, sizeof *g);
	sipkey_random(&g->key);
}

void natgroup_free(struct natgroup *g)
{
	free(g->tab);
	g->tab = NULL;
	g->bits = 0;
	g->used = 0;
}

void natgroup_reset(struct natgroup *g)
{
	if (g->bits > TRIM_BITS && g->used < ((uint64_t)1 << g->bits) / 16)
		natgroup_free(g);
	else if (g->tab)
		memset(g->tab, 0, sizeof *g->tab << g->bits);
	g->used = 0;
	g->snat_entries = g->dnat_entries = g->ungrouped = 0;
	g->ages = false;
}

static struct natslot *find(struct natslot *tab, unsigned bits, const struct sipkey *key,
			    const struct natkey *k)
{
	size_t mask = ((size_t)1 << bits) - 1;
	for (size_t i = (size_t)siphash24(key, k, sizeof *k) & mask;; i = (i + 1) & mask)
		if (tab[i].entries == 0 || memcmp(&tab[i].k, k, sizeof *k) == 0)
			return &tab[i];
}

static int grow(struct natgroup *g)
{
	unsigned bits = g->bits ? g->bits + 1 : INITIAL_BITS;
	struct natslot *tab = calloc((size_t)1 << bits, sizeof *tab);
	if (!tab)
		return -1;
	for (size_t i = 0; g->tab && i < (size_t)1 << g->bits; i++)
		if (g->tab[i].entries)
			*find(tab, bits, &g->key, &g->tab[i].k) = g->tab[i];
	free(g->tab);
	g->tab = tab;
	g->bits = bits;
	return 0;
}

static int count(struct natgroup *g, const struct natkey *k, const struct ct_entry *e)
{
	struct natslot *s = g->tab ? find(g->tab, g->bits, &g->key, k) : NULL;
	if (!s || s->entries == 0) {
		if (g->used >= NATGROUP_MAX_KEYS) {
			g->ungrouped++;
			return 0;
		}
		if (!g->tab || (g->used + 1) * 2 > ((uint64_t)1 << g->bits)) {
			if (grow(g) < 0)
				return -1;
			s = find(g->tab, g->bits, &g->key, k);
		}
		s->k = *k;
		g->used++;
	}
	s->entries++;
	bool replied = e->status & IPS_SEEN_REPLY;
	if (!replied)
		s->unreplied++;
	if (e->has_start && e->start_ns) {
		g->ages = true;
		if (!replied && (!s->oldest_unreplied_ns || e->start_ns < s->oldest_unreplied_ns))
			s->oldest_unreplied_ns = e->start_ns;
		if (replied && e->start_ns > s->newest_replied_ns)
			s->newest_replied_ns = e->start_ns;
	}
	return 0;
}

static size_t addr_len(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

int natgroup_add(struct natgroup *g, const struct ct_entry *e)
{
	if (e->family != AF_INET && e->family != AF_INET6)
		return 0;
	size_t alen = addr_len(e->family);
	bool ports = (e->reply.has & CT_TUPLE_PORTS) != 0;
	if (ct_entry_snat(e)) {
		struct natkey k = { .kind = KIND_SNAT, .family = e->family, .proto = e->l4proto };
		memcpy(k.a, e->reply.dst, alen);
		memcpy(k.b, e->reply.src, alen);
		k.port_a = ports ? e->reply.sport : 0;
		g->snat_entries++;
		if (count(g, &k, e) < 0)
			return -1;
	}
	if (ct_entry_dnat(e)) {
		struct natkey k = { .kind = KIND_DNAT, .family = e->family, .proto = e->l4proto };
		memcpy(k.a, e->orig.dst, alen);
		memcpy(k.b, e->reply.src, alen);
		k.port_a = (e->orig.has & CT_TUPLE_PORTS) ? e->orig.dport : 0;
		k.port_b = ports ? e->reply.sport : 0;
		g->dnat_entries++;
		if (count(g, &k, e) < 0)
			return -1;
	}
	return 0;
}

static int key_order(const struct natkey *a, const struct natkey *b)
{
	return memcmp(a, b, sizeof *a);
}

/* More entries first; the key breaks ties, so the order is the same every run. */
static bool ranks_before(const struct natslot *a, const struct natslot *b)
{
	if (a->entries != b->entries)
		return a->entries > b->entries;
	return key_order(&a->k, &b->k) < 0;
}

static void fill_snat(const struct natgroup *g, struct ct_nat *out)
{
	const struct natslot *top[CT_NAT_SNAT_MAX];
	unsigned n = 0;
	for (size_t i = 0; g->tab && i < (size_t)1 << g->bits; i++) {
		const struct natslot *s = &g->tab[i];
		if (!s->entries || s->k.kind != KIND_SNAT)
			continue;
		out->snat_groups++;
		if (n == CT_NAT_SNAT_MAX && !ranks_before(s, top[n - 1]))
			continue;
		unsigned at = n < CT_NAT_SNAT_MAX ? n++ : n - 1;
		for (; at > 0 && ranks_before(s, top[at - 1]); at--)
			top[at] = top[at - 1];
		top[at] = s;
	}
	for (unsigned i = 0; i < n; i++) {
		struct ct_snat_group *o = &out->snat[i];
		o->family = top[i]->k.family;
		o->proto = top[i]->k.proto;
		o->dport = top[i]->k.port_a;
		memcpy(o->addr, top[i]->k.a, 16);
		memcpy(o->dst, top[i]->k.b, 16);
		o->entries = top[i]->entries;
	}
	out->nsnat = n;
}

/* The service part of a DNAT key: kind, family, proto, port_a and a. */
static int service_order(const struct natkey *a, const struct natkey *b)
{
	if (a->family != b->family)
		return a->family - b->family;
	if (a->proto != b->proto)
		return a->proto - b->proto;
	if (a->port_a != b->port_a)
		return a->port_a - b->port_a;
	return memcmp(a->a, b->a, 16);
}

static int cmp_backend(const void *pa, const void *pb)
{
	const struct natslot *a = *(const struct natslot *const *)pa;
	const struct natslot *b = *(const struct natslot *const *)pb;
	int c = service_order(&a->k, &b->k);
	if (c)
		return c;
	return ranks_before(a, b) ? -1 : ranks_before(b, a) ? 1 : 0;
}

static double age_s(uint64_t now_ns, uint64_t then_ns)
{
	if (!then_ns)
		return -1;
	return now_ns > then_ns ? (double)(now_ns - then_ns) / 1e9 : 0;
}

/* One service from the run of its backends, best first. */
static void take_service(const struct natslot *const *run, size_t n, uint64_t total, uint64_t now_ns,
			 bool ages, double window_s, struct ct_dnat_service *o)
{
	memset(o, 0, sizeof *o);
	o->family = run[0]->k.family;
	o->proto = run[0]->k.proto;
	o->dport = run[0]->k.port_a;
	memcpy(o->dst, run[0]->k.a, 16);
	o->entries = total;
	o->nbackends_seen = n;
	for (size_t i = 0; i < n && o->nbackends < CT_NAT_BACKEND_MAX; i++) {
		struct ct_dnat_backend *b = &o->backends[o->nbackends++];
		memcpy(b->addr, run[i]->k.b, 16);
		b->port = run[i]->k.port_b;
		b->entries = run[i]->entries;
		b->unreplied = run[i]->unreplied;
		b->oldest_unreplied_s = ages ? age_s(now_ns, run[i]->oldest_unreplied_ns) : -1;
		b->newest_replied_s = ages ? age_s(now_ns, run[i]->newest_replied_ns) : -1;
		b->answering = nat_backend_answering(b, ages, window_s);
	}
}

struct svc_run {
	size_t first, n;
	uint64_t entries;
};

static int cmp_run(const void *pa, const void *pb)
{
	const struct svc_run *a = pa, *b = pb;
	if (a->entries != b->entries)
		return a->entries > b->entries ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

static int fill_dnat(const struct natgroup *g, uint64_t now_ns, double window_s, struct ct_nat *out)
{
	size_t n = 0;
	const struct natslot **all = malloc((g->used ? g->used : 1) * sizeof *all);
	struct svc_run *runs = malloc((g->used ? g->used : 1) * sizeof *runs);
	if (!all || !runs) {
		free(all);
		free(runs);
		return -1;
	}
	for (size_t i = 0; g->tab && i < (size_t)1 << g->bits; i++)
		if (g->tab[i].entries && g->tab[i].k.kind == KIND_DNAT)
			all[n++] = &g->tab[i];
	qsort(all, n, sizeof *all, cmp_backend);
	size_t nruns = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || service_order(&all[i]->k, &all[i - 1]->k) != 0)
			runs[nruns++] = (struct svc_run){ i, 0, 0 };
		runs[nruns - 1].n++;
		runs[nruns - 1].entries += all[i]->entries;
	}
	qsort(runs, nruns, sizeof *runs, cmp_run);
	out->dnat_services = nruns;
	for (size_t r = 0; r < nruns && out->ndnat < CT_NAT_SVC_MAX; r++)
		take_service(all + runs[r].first, runs[r].n, runs[r].entries, now_ns, g->ages, window_s,
			     &out->dnat[out->ndnat++]);
	free(all);
	free(runs);
	return 0;
}

int natgroup_fill(const struct natgroup *g, const struct ct_nat_range *range, uint64_t now_ns,
		  double window_s, struct ct_nat *out)
{
	memset(out, 0, sizeof *out);
	out->range = *range;
	out->snat_entries = g->snat_entries;
	out->dnat_entries = g->dnat_entries;
	out->ages_known = g->ages;
	out->ungrouped = g->ungrouped;
	fill_snat(g, out);
	return fill_dnat(g, now_ns, window_s, out);
}
