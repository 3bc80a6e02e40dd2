/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event table read out into a snapshot: the live tallies and top
 * keys (events_fill_counts), the churn tops and the events pane figures
 * (events_fill_churn), which also gives memory back after a burst. */
#include "collect/events.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

static struct ct_source source_of(const struct keyrank *k)
{
	struct ct_source s = { .family = k->key.family, .count = (uint64_t)k->value };
	memcpy(s.addr, k->key.addr, sizeof s.addr);
	return s;
}

/* Keys that some entry holds now. */
static uint64_t held_keys(const struct keytab *kt)
{
	uint64_t n = 0;
	for (uint32_t i = 0; i < kt->nslot; i++)
		if (kt->slot[i].used && kt->slot[i].held > 0)
			n++;
	return n;
}

void events_fill_counts(const struct ct_events *ev, struct ct_snapshot *s, unsigned top_n)
{
	struct ct_tally *t = &s->tally;
	t->entries = ev->live.entries;
	t->ipv4 = ev->live.ipv4;
	t->ipv6 = ev->live.ipv6;
	t->l3_other = 0;
	memcpy(t->l4, ev->live.l4, sizeof t->l4);
	memcpy(t->tcp, ev->live.tcp, sizeof t->tcp);
	t->assured = ev->live.assured;
	t->unreplied = ev->live.unreplied;
	t->loopback = ev->live.loopback;
	t->evictable = ev->live.evictable;
	t->gc_evictable = ev->live.gc_evictable;
	t->pinned = ev->live.pinned;
	t->unreplied_datagram = ev->live.unreplied_datagram;
	struct keyrank rank[CT_TOP_MAX];
	if (top_n > CT_TOP_MAX)
		top_n = CT_TOP_MAX;
	s->ntop = keytab_top_held(&ev->src, rank, top_n);
	for (unsigned i = 0; i < s->ntop; i++)
		s->top[i] = source_of(&rank[i]);
	s->distinct_sources = held_keys(&ev->src);
	s->ntop_dst = keytab_top_held(&ev->dst, rank, top_n);
	for (unsigned i = 0; i < s->ntop_dst; i++)
		s->top_dst[i] = source_of(&rank[i]);
	s->distinct_destinations = held_keys(&ev->dst);
	s->ntop_dport = keytab_top_held(&ev->port, rank, top_n);
	for (unsigned i = 0; i < s->ntop_dport; i++)
		s->top_dport[i] = (struct ct_port_count){
			.proto = rank[i].key.proto, .port = rank[i].key.port,
			.count = (uint64_t)rank[i].value,
		};
	s->distinct_dports = held_keys(&ev->port);
}

static unsigned fill_tops(struct keytab *kt, enum keytab_window w, double now_s,
			  struct ct_churn *out, unsigned top_n)
{
	struct keyrank rank[CT_CHURN_MAX];
	unsigned n = keytab_top_new(kt, w, now_s, rank, top_n < CT_CHURN_MAX ? top_n : CT_CHURN_MAX);
	for (unsigned i = 0; i < n; i++) {
		struct ct_churn *c = &out[i];
		memset(c, 0, sizeof *c);
		const struct ct_key *k = &rank[i].key;
		if (k->family == KEY_PORT) {
			c->proto = k->proto;
			c->port = k->port;
		} else {
			c->family = k->family;
			memcpy(c->addr, k->addr, sizeof c->addr);
		}
		c->per_s = rank[i].value;
		uint32_t slot = keytab_find(kt, k);
		c->per_s_10 = keytab_rate(kt, &kt->slot[slot], KT_10S, now_s);
		c->per_s_60 = keytab_rate(kt, &kt->slot[slot], KT_60S, now_s);
	}
	return n;
}

/* The index's records name address slots: renumbered with the table. */
static void renumber(struct ctindex *ix, bool src, const uint32_t *map)
{
	uint64_t cap = ix->bits ? (uint64_t)1 << ix->bits : 0;
	for (uint64_t i = 0; i < cap; i++) {
		struct ct_rec *r = &ix->slot[i];
		uint32_t *slot = src ? &r->src : &r->dst;
		if (r->state != CTR_EMPTY && *slot != CTR_NO_SLOT)
			*slot = map[*slot];
	}
}

/* Pack an address table whose slots are mostly free; true when done. */
static bool pack(struct ct_events *ev, struct keytab *kt, bool src)
{
	uint32_t *map;
	if (!keytab_sparse(kt) || keytab_compact(kt, &map) < 0)
		return false;
	renumber(&ev->ix, src, map);
	free(map);
	return true;
}

/* After a burst that is gone (a million sources, the table empty again),
 * memory goes back to what the live table needs: the key tables packed,
 * the index shrunk, and the heap's free pages returned to the system. */
static void give_back(struct ct_events *ev)
{
	bool packed = pack(ev, &ev->src, true);
	packed |= pack(ev, &ev->dst, false);
	if (keytab_sparse(&ev->port) && keytab_compact(&ev->port, NULL) == 0)
		packed = true;
	bool shrunk = ctindex_shrink(&ev->ix);
	/* the ids destroyed while a dump ran (a flush of the whole table
	 * during a resync): needed only until that dump ends */
	if (!ev->dumping && ev->destroyed.bits) {
		ctindex_free(&ev->destroyed);
		shrunk = true;
	}
	if (shrunk || packed)
		malloc_trim(0);
}

void events_fill_churn(struct ct_events *ev, struct ct_snapshot *s, enum keytab_window w,
		       double now_s, unsigned top_n)
{
	keytab_tick(&ev->src, now_s);
	keytab_tick(&ev->dst, now_s);
	keytab_tick(&ev->port, now_s);
	give_back(ev);
	s->n_new_src = fill_tops(&ev->src, w, now_s, s->top_new_src, top_n);
	s->n_new_dst = fill_tops(&ev->dst, w, now_s, s->top_new_dst, top_n);
	s->n_new_dport = fill_tops(&ev->port, w, now_s, s->top_new_dport, top_n);
	struct ct_events_info *in = &s->events;
	in->source = CT_SOURCE_EVENTS;
	in->new_total = ev->new_total;
	in->update_total = ev->update_total;
	in->destroy_total = ev->destroy_total;
	in->expired_unreaped = ev->expired_unreaped;
	in->expired_total = ev->expired_total;
	in->lost = ev->lost;
	in->resyncs = ev->resyncs;
	in->foreign = ev->nc.foreign;
	in->malformed = ev->malformed;
	in->lag_ms = ev->last_pump_at > 0 && now_s > ev->last_pump_at ? (now_s - ev->last_pump_at) * 1e3 : 0;
	in->dump_age_s = ev->last_dump_at > 0 ? now_s - ev->last_dump_at : -1;
	in->rcvbuf = ev->rcvbuf;
	in->index_entries = ev->ix.used;
	in->index_bytes = ctindex_bytes(&ev->ix) + expiry_bytes(&ev->expiry) + keytab_bytes(&ev->src) +
			  keytab_bytes(&ev->dst) + keytab_bytes(&ev->port);
}
