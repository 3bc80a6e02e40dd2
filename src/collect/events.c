/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/events.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/clock.h"
#include "collect/tally.h"
#include "model/labels.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* SO_RCVBUFFORCE passes the system's rmem_max (it needs CAP_NET_ADMIN,
 * which reading conntrack needs anyway); SO_RCVBUF is the fallback. */
static int set_rcvbuf(int fd, int bytes)
{
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) == 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) == 0)
		return bytes;
	return -errno;
}

static int subscribe(int fd)
{
	static const int groups[] = {
		NFNLGRP_CONNTRACK_NEW, NFNLGRP_CONNTRACK_UPDATE, NFNLGRP_CONNTRACK_DESTROY,
	};
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &groups[i], sizeof groups[i]) < 0)
			return -errno;
	return 0;
}

void events_init(struct ct_events *ev, double now_s)
{
	memset(ev, 0, sizeof *ev);
	ctindex_init(&ev->ix);
	ctindex_init(&ev->destroyed);
	keytab_init(&ev->src, now_s);
	keytab_init(&ev->dst, now_s);
	keytab_init(&ev->port, now_s);
	expiry_init(&ev->expiry);
	ev->now_s = now_s;
	ev->resync_s = EVENTS_RESYNC_S;
	ev->sample_k = 1;
	ev->need_resync = true;
	ev->resync_reason = "first dump";
}

/* The engine's tables grow with a burst of traffic and are freed after
 * it. glibc raises its mmap threshold to the size of the first big block
 * freed, so the next burst's tables come from the heap, whose free top it
 * then keeps (up to twice that: 18 MB after a second burst of 200,000
 * sources). A fixed threshold keeps big tables in mappings that free()
 * gives back at once. */
#define EVENTS_MMAP_THRESHOLD (256 * 1024)

int events_open(struct ct_events *ev, int rcvbuf, double now_s)
{
	(void)mallopt(M_MMAP_THRESHOLD, EVENTS_MMAP_THRESHOLD);
	events_init(ev, now_s);
	/* nlconn_open connects the socket to the kernel; the multicast
	 * groups still deliver, and every datagram's sender is checked on
	 * receipt (nlconn_recv): a group takes sends from anyone with
	 * CAP_NET_ADMIN in the namespace. */
	int ret = nlconn_open(&ev->nc);
	if (ret < 0) {
		events_close(ev);
		return ret;
	}
	int fd = mnl_socket_get_fd(ev->nc.nl);
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		ret = -errno;
	if (ret == 0)
		ret = subscribe(fd);
	if (ret == 0)
		ret = nl_batch_init(&ev->batch, EVENTS_BATCH, EVENTS_SLOT);
	if (ret == 0) {
		ev->rcvbuf = set_rcvbuf(fd, rcvbuf > 0 ? rcvbuf : EVENTS_RCVBUF_DEFAULT);
		if (ev->rcvbuf < 0)
			ret = ev->rcvbuf;
	}
	if (ret < 0) {
		nlconn_close(&ev->nc);
		events_close(ev);
		return ret;
	}
	ev->open = true;
	ev->last_pump_at = now_s;
	return 0;
}

void events_close(struct ct_events *ev)
{
	if (ev->open)
		nlconn_close(&ev->nc);
	nl_batch_free(&ev->batch);
	ctindex_free(&ev->ix);
	ctindex_free(&ev->destroyed);
	keytab_free(&ev->src);
	keytab_free(&ev->dst);
	keytab_free(&ev->port);
	expiry_free(&ev->expiry);
	ev->open = false;
}

int events_fd(const struct ct_events *ev)
{
	return ev->open ? mnl_socket_get_fd(ev->nc.nl) : -1;
}

static bool has_ports(uint8_t l4proto)
{
	return l4proto == IPPROTO_TCP || l4proto == IPPROTO_UDP || l4proto == IPPROTO_UDPLITE ||
	       l4proto == IPPROTO_SCTP || l4proto == IPPROTO_DCCP;
}

static struct ct_key addr_key(uint8_t family, const uint8_t *addr)
{
	struct ct_key k = { .family = family };
	memcpy(k.addr, addr, family == AF_INET6 ? 16 : 4);
	return k;
}

static struct ct_key port_key(uint8_t proto, uint16_t port)
{
	return (struct ct_key){ .family = KEY_PORT, .proto = proto, .port = port };
}

/* Add (sign +1) or take away (-1) one entry's share of every count;
 * port is the slot of its destination port (CTR_NO_SLOT without one). */
static void count_with(struct ct_events *ev, const struct ct_rec *r, int sign, uint32_t port)
{
	struct ct_tally *t = &ev->live;
	uint64_t d = (uint64_t)(int64_t)sign;
	t->entries += d;
	if (r->flags & CTR_IPV6)
		t->ipv6 += d;
	else
		t->ipv4 += d;
	t->l4[r->l4proto] += d;
	if (r->state < CT_TCP_NSTATES)
		t->tcp[r->state] += d;
	if (r->flags & CTR_ASSURED)
		t->assured += d;
	if (r->flags & CTR_UNREPLIED)
		t->unreplied += d;
	/* the record keeps no timeout: an entry counts until its DESTROY */
	uint32_t status = (r->flags & CTR_ASSURED ? IPS_ASSURED : 0u) |
			  (r->flags & CTR_UNREPLIED ? 0u : IPS_SEEN_REPLY);
	tally_evict(t, r->l4proto, r->state < CT_TCP_NSTATES ? r->state : -1, status, false, sign);
	if (r->src != CTR_NO_SLOT) {
		const struct keyslot *k = &ev->src.slot[r->src];
		ev->src.slot[r->src].held += (uint32_t)sign;
		if (addr_is_loopback(k->key.family, k->key.addr))
			t->loopback += d;
	}
	if (r->dst != CTR_NO_SLOT)
		ev->dst.slot[r->dst].held += (uint32_t)sign;
	if (port != CTR_NO_SLOT)
		ev->port.slot[port].held += (uint32_t)sign;
}

/* The same for a record whose port slot is not at hand: the record keeps
 * the port, not its slot (16 bytes an entry), so it is looked up. */
static void count(struct ct_events *ev, const struct ct_rec *r, int sign)
{
	uint32_t port = CTR_NO_SLOT;
	if (r->flags & CTR_PORT) {
		struct ct_key k = port_key(r->l4proto, r->dport);
		port = keytab_find(&ev->port, &k);
	}
	count_with(ev, r, sign, port);
}

struct slots {
	uint32_t src, dst, port;
};

static struct slots slots_of(struct ct_events *ev, const struct ct_entry *e)
{
	struct slots s = { CTR_NO_SLOT, CTR_NO_SLOT, CTR_NO_SLOT };
	if (e->orig.has & CT_TUPLE_SRC) {
		struct ct_key k = addr_key(e->family, e->orig.src);
		s.src = keytab_slot(&ev->src, &k);
	}
	if (e->orig.has & CT_TUPLE_DST) {
		struct ct_key k = addr_key(e->family, e->orig.dst);
		s.dst = keytab_slot(&ev->dst, &k);
	}
	if ((e->orig.has & CT_TUPLE_PORTS) && has_ports(e->l4proto)) {
		struct ct_key k = port_key(e->l4proto, e->orig.dport);
		s.port = keytab_slot(&ev->port, &k);
	}
	return s;
}

/* An entry that entered a state that ages (collect/expiry.h), with the
 * timeout the message gave: when it runs out, on the engine's clock. One
 * second more, as the kernel's seconds left are rounded down. */
static void schedule(struct ct_events *ev, const struct ct_rec *r, const struct ct_entry *e)
{
	if (!e->has_timeout || !expiry_ages(r->state))
		return;
	uint32_t when = (uint32_t)ev->now_s + e->timeout + 1;
	if (expiry_push(&ev->expiry, when, r->id, r->state) < 0) {
		ev->need_resync = true;
		ev->resync_reason = "out of memory";
	}
}

/* What a message says of the entry into r; the TCP state only when the
 * message carries one (an update for a status change alone does not). */
static void fill(struct ct_rec *r, const struct ct_entry *e, const struct slots *sl)
{
	r->l4proto = e->l4proto;
	r->src = sl->src;
	r->dst = sl->dst;
	unsigned flags = 0;
	if (e->family == AF_INET6)
		flags |= CTR_IPV6;
	if (e->status & IPS_ASSURED)
		flags |= CTR_ASSURED;
	if (!(e->status & IPS_SEEN_REPLY))
		flags |= CTR_UNREPLIED;
	if (sl->port != CTR_NO_SLOT) {
		flags |= CTR_PORT;
		r->dport = e->orig.dport;
	}
	r->flags = flags & 0xf;
	if (e->has_tcp_state && e->tcp_state < CT_TCP_NSTATES)
		r->state = e->tcp_state & 0xf;
}

/* The record for id, made when absent; NULL (and a resync asked for)
 * when out of memory. */
static struct ct_rec *index_put(struct ct_events *ev, uint32_t id, bool *made)
{
	struct ct_rec *r = ctindex_insert(&ev->ix, id, made);
	if (!r) {
		ev->need_resync = true; /* out of memory: counts are short */
		ev->resync_reason = "out of memory";
	}
	return r;
}

/* r, just made or found, becomes e: the old share taken away (when it
 * was found), fill, the new share added. fill sets CTR_PORT exactly when
 * sl->port is a slot, so that slot is the one counted. */
static void refill(struct ct_events *ev, struct ct_rec *r, bool made, const struct ct_entry *e,
		   const struct slots *sl)
{
	if (r->state == CTR_EXPIRED) {
		/* the kernel still has it (a message about it came): alive
		 * again, its state from this message */
		ev->expired_unreaped--;
		r->state = CTR_NO_STATE;
	} else if (!made) {
		count(ev, r, -1);
	}
	fill(r, e, sl);
	count_with(ev, r, +1, sl->port);
	schedule(ev, r, e);
}

/* Make or move the entry. */
static void upsert(struct ct_events *ev, const struct ct_entry *e, const struct slots *sl)
{
	bool made;
	struct ct_rec *r = index_put(ev, e->id, &made);
	if (r)
		refill(ev, r, made, e, sl);
}

void events_apply(struct ct_events *ev, enum ct_event_kind kind, const struct ct_entry *e)
{
	if (!e->has_id) {
		ev->malformed++;
		return;
	}
	bool sampled = ev->sample_k > 1;
	if (sampled && kind != CT_EVENT_NEW)
		return; /* queued before the groups were left: the next dump has it */
	if (kind == CT_EVENT_DESTROY) {
		ev->destroy_total++;
		struct ct_rec *r = ctindex_find(&ev->ix, e->id);
		if (r && r->state == CTR_EXPIRED)
			ev->expired_unreaped--; /* reaped: it left the counts when it expired */
		else if (r)
			count(ev, r, -1);
		if (r)
			ctindex_remove(&ev->ix, r);
		bool made;
		if (ev->dumping && !ctindex_insert(&ev->destroyed, e->id, &made)) {
			ev->need_resync = true;
			ev->resync_reason = "out of memory";
		}
		return;
	}
	struct slots sl = slots_of(ev, e);
	if (kind == CT_EVENT_NEW) {
		/* sampled, each one seen stands for the k made in its period */
		uint32_t weight = sampled ? ev->sample_k : 1;
		ev->new_total++;
		ev->new_weighted += weight;
		if (sl.src != CTR_NO_SLOT)
			keytab_count_new_n(&ev->src, sl.src, weight);
		if (sl.dst != CTR_NO_SLOT)
			keytab_count_new_n(&ev->dst, sl.dst, weight);
		if (sl.port != CTR_NO_SLOT)
			keytab_count_new_n(&ev->port, sl.port, weight);
	} else {
		ev->update_total++;
	}
	if (!sampled) /* sampled, the index stays the last dump's */
		upsert(ev, e, &sl);
}

static void lost_events(struct ct_events *ev)
{
	ev->lost++;
	ev->losses_since_dump++;
	ev->need_resync = true;
	ev->resync_reason = "events lost";
	/* a bigger buffer first, so the next burst fits */
	if (ev->rcvbuf > 0 && ev->rcvbuf < EVENTS_RCVBUF_MAX) {
		int want = ev->rcvbuf * 2 > EVENTS_RCVBUF_MAX ? EVENTS_RCVBUF_MAX : ev->rcvbuf * 2;
		int got = set_rcvbuf(mnl_socket_get_fd(ev->nc.nl), want);
		if (got > 0)
			ev->rcvbuf = got;
	}
}

/* Every message of one datagram (nlconn_recv checked its lengths). */
static unsigned apply_datagram(struct ct_events *ev, const uint8_t *p, size_t len)
{
	unsigned n = 0;
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		struct ct_entry e;
		enum ct_event_kind kind;
		enum ct_parse_result r = ct_parse_event(nlh, &e, &kind);
		if (r == CT_PARSE_OK)
			events_apply(ev, kind, &e);
		else if (r == CT_PARSE_TRUNCATED)
			ev->malformed++;
		n++;
		size_t step = NLMSG_ALIGN(nlh->nlmsg_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return n;
}

unsigned events_pump(struct ct_events *ev, double budget_ms)
{
	if (!ev->open)
		return 0;
	double t0 = mono_ms();
	double cpu0 = thread_cpu_ms();
	unsigned applied = 0;
	ev->now_s = t0 / 1e3;
	events_sample_tick(ev, t0 / 1e3);
	for (unsigned i = 1;; i++) {
		int got = nlconn_recv_batch(&ev->nc, &ev->batch);
		if (got == -EAGAIN || got == -EWOULDBLOCK)
			break;
		if (got == -ENOBUFS) {
			lost_events(ev);
			continue;
		}
		if (got < 0) {
			ev->malformed++;
			break;
		}
		for (int d = 0; d < got; d++) {
			if (ev->batch.len[d] > 0)
				applied += apply_datagram(ev, ev->batch.iov[d].iov_base,
							  (size_t)ev->batch.len[d]);
			else if (ev->batch.len[d] < 0) {
				ev->malformed++; /* cut short or not whole: skipped, */
				ev->need_resync = true; /* so the counts may be off */
				ev->resync_reason = "malformed event";
			}
		}
		if (i % 16 == 0 && mono_ms() - t0 > budget_ms)
			break;
	}
	ev->last_pump_at = mono_ms() / 1e3;
	ev->pump_cpu_ms += thread_cpu_ms() - cpu0;
	return applied;
}

void events_begin_dump(struct ct_events *ev, uint64_t expect)
{
	/* what happened before the dump belongs to the old index */
	events_pump(ev, 1000.0);
	ctindex_reset(&ev->ix);
	ctindex_reset(&ev->destroyed);
	/* a table growing during the dump grows the index as it goes */
	(void)ctindex_reserve(&ev->ix, expect + expect / 8);
	memset(&ev->live, 0, sizeof ev->live);
	expiry_clear(&ev->expiry);
	ev->expired_unreaped = 0;
	ev->now_s = mono_ms() / 1e3;
	keytab_clear_held(&ev->src);
	keytab_clear_held(&ev->dst);
	keytab_clear_held(&ev->port);
	ev->dumping = true;
	ev->need_resync = false;
	ev->losses_since_dump = 0;
}

/* One probe of the index an entry (the hot path of a resync): the record
 * is made or found at once, never looked up first. */
void events_dump_entry(struct ct_events *ev, const struct ct_entry *e)
{
	if (!e->has_id || ctindex_find(&ev->destroyed, e->id))
		return;
	bool made;
	struct ct_rec *r = index_put(ev, e->id, &made);
	if (!r)
		return;
	if (made) {
		struct slots sl = slots_of(ev, e);
		refill(ev, r, true, e, &sl);
		return;
	}
	/* listed by the dump, so not expired for the kernel */
	if (r->state == CTR_EXPIRED) {
		struct slots sl = slots_of(ev, e);
		refill(ev, r, false, e, &sl);
		return;
	}
	/* an event got there first: it is as new as the dump, but an update
	 * may not have said the state */
	if (r->state == CTR_NO_STATE && e->has_tcp_state && e->tcp_state < CT_TCP_NSTATES) {
		count(ev, r, -1);
		r->state = e->tcp_state & 0xf;
		count(ev, r, +1);
	}
}

void events_end_dump(struct ct_events *ev, bool complete, double now_s)
{
	ev->dumping = false;
	ctindex_reset(&ev->destroyed);
	ev->last_dump_at = now_s;
	ev->drift_strikes = 0;
	ev->resyncs++;
	if (!complete) {
		ev->need_resync = true;
		ev->resync_reason = "incomplete dump";
	}
}

void events_age(struct ct_events *ev, double now_s)
{
	if (ev->sample_k > 1)
		return; /* no DESTROY heard to say which were reaped: the
			   figures stay the last dump's, with its age */
	struct expiry_item it;
	while (expiry_pop_due(&ev->expiry, (uint32_t)now_s, &it)) {
		struct ct_rec *r = ctindex_find(&ev->ix, it.id);
		/* gone, or moved on since (an update scheduled it again) */
		if (!r || r->state != it.state)
			continue;
		count(ev, r, -1);
		r->state = CTR_EXPIRED;
		ev->expired_unreaped++;
		ev->expired_total++;
	}
}

bool events_resync_due(struct ct_events *ev, uint64_t count, double now_s)
{
	if (ev->need_resync || ev->last_dump_at == 0)
		return true;
	if (now_s - ev->last_dump_at >= ev->resync_s) {
		ev->resync_reason = "periodic";
		return true;
	}
	if (ev->sample_k > 1)
		return false; /* no DESTROY heard: the kept count is the dump's */
	/* nf_conntrack_count holds the expired entries not yet reaped */
	uint64_t kept = ev->live.entries + ev->expired_unreaped;
	uint64_t diff = kept > count ? kept - count : count - kept;
	/* events trail the count a little under churn; a gap that stays is
	 * something missed */
	uint64_t margin = 64 + count / 200;
	ev->drift_strikes = diff > margin ? ev->drift_strikes + 1 : 0;
	if (ev->drift_strikes >= 2) {
		ev->resync_reason = "drift from nf_conntrack_count";
		return true;
	}
	return false;
}
