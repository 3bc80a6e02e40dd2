/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The event engine on real captured event messages (tests/fixtures/
 * events_mixed.events, made by make-event-fixtures.sh): one TCP connection
 * from SYN to its destroy in TIME_WAIT, one UDP flow, one ICMP echo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/events.h"
#include "fixture.h"

#define MAXMSG 64

struct stream {
	uint8_t *buf;
	size_t len;
	const struct nlmsghdr *msg[MAXMSG];
	struct ct_entry e[MAXMSG];
	enum ct_event_kind kind[MAXMSG];
	unsigned n;
};

static struct stream *load(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/events_mixed.events", fixtures_dir());
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	struct stream *st = calloc(1, sizeof *st);
	st->buf = malloc(65536);
	st->len = fread(st->buf, 1, 65536, f);
	fclose(f);
	for (size_t off = 0; off + NLMSG_HDRLEN <= st->len && st->n < MAXMSG;) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)(st->buf + off);
		assert_true(nlh->nlmsg_len >= NLMSG_HDRLEN && off + nlh->nlmsg_len <= st->len);
		st->msg[st->n] = nlh;
		assert_int_equal(ct_parse_event(nlh, &st->e[st->n], &st->kind[st->n]), CT_PARSE_OK);
		st->n++;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return st;
}

static void unload(struct stream *st)
{
	free(st->buf);
	free(st);
}

/* The id of the entry of protocol p, from its NEW event. */
static uint32_t id_of(const struct stream *st, uint8_t p)
{
	for (unsigned i = 0; i < st->n; i++)
		if (st->kind[i] == CT_EVENT_NEW && st->e[i].l4proto == p)
			return st->e[i].id;
	fail_msg("no NEW event for protocol %u", p);
	return 0;
}

static void test_parse_lifecycles(void **state)
{
	(void)state;
	struct stream *st = load();
	assert_true(st->n >= 8);
	unsigned news = 0, destroys = 0;
	for (unsigned i = 0; i < st->n; i++) {
		assert_true(st->e[i].has_id);
		assert_true(st->e[i].orig.has & CT_TUPLE_SRC);
		news += st->kind[i] == CT_EVENT_NEW;
		destroys += st->kind[i] == CT_EVENT_DESTROY;
	}
	assert_int_equal(news, 3);
	assert_int_equal(destroys, 3);
	/* each entry: NEW first, DESTROY last, one id throughout */
	const uint8_t protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP };
	for (unsigned p = 0; p < 3; p++) {
		uint32_t id = id_of(st, protos[p]);
		int first = -1, last = -1;
		for (unsigned i = 0; i < st->n; i++)
			if (st->e[i].id == id) {
				if (first < 0)
					first = (int)i;
				last = (int)i;
				assert_int_equal(st->e[i].l4proto, protos[p]);
			}
		assert_int_equal(st->kind[first], CT_EVENT_NEW);
		assert_int_equal(st->kind[last], CT_EVENT_DESTROY);
	}
	/* TCP: SYN_SENT when new, states only forward, TIME_WAIT at the end */
	uint32_t tcp = id_of(st, IPPROTO_TCP);
	int prev = 0;
	for (unsigned i = 0; i < st->n; i++) {
		if (st->e[i].id != tcp || !st->e[i].has_tcp_state)
			continue;
		if (st->kind[i] == CT_EVENT_NEW)
			assert_int_equal(st->e[i].tcp_state, CT_TCP_SYN_SENT);
		assert_true(st->e[i].tcp_state >= prev);
		prev = st->e[i].tcp_state;
	}
	assert_int_equal(prev, CT_TCP_TIME_WAIT);
	/* the UDP flow never had a reply; its destination port is 20000 */
	uint32_t udp = id_of(st, IPPROTO_UDP);
	for (unsigned i = 0; i < st->n; i++)
		if (st->e[i].id == udp) {
			assert_int_equal(st->e[i].orig.dport, 20000);
			assert_false(st->e[i].status & (1u << 1) /* IPS_SEEN_REPLY */);
		}
	unload(st);
}

static void test_apply_keeps_counts(void **state)
{
	(void)state;
	struct stream *st = load();
	struct ct_events ev;
	events_init(&ev, 0.0);
	uint32_t tcp = id_of(st, IPPROTO_TCP);
	unsigned live = 0;
	for (unsigned i = 0; i < st->n; i++) {
		events_apply(&ev, st->kind[i], &st->e[i]);
		live += st->kind[i] == CT_EVENT_NEW;
		live -= st->kind[i] == CT_EVENT_DESTROY;
		assert_int_equal(ev.live.entries, live);
		assert_int_equal(ev.ix.used, live);
		/* captured on loopback: every live entry's source is one */
		assert_int_equal(ev.live.loopback, live);
		/* the TCP entry is in exactly the state its last event said */
		struct ct_rec *r = ctindex_find(&ev.ix, tcp);
		uint64_t tcp_total = 0;
		for (unsigned s = 0; s < CT_TCP_NSTATES; s++)
			tcp_total += ev.live.tcp[s];
		assert_int_equal(tcp_total, r ? 1 : 0);
		if (r && st->e[i].id == tcp && st->e[i].has_tcp_state)
			assert_int_equal(ev.live.tcp[st->e[i].tcp_state], 1);
	}
	assert_int_equal(ev.live.entries, 0);
	assert_int_equal(ev.live.l4[IPPROTO_TCP] + ev.live.l4[IPPROTO_UDP] + ev.live.l4[IPPROTO_ICMP], 0);
	assert_int_equal(ev.live.assured + ev.live.unreplied + ev.live.ipv4, 0);
	assert_int_equal(ev.new_total, 3);
	assert_int_equal(ev.destroy_total, 3);
	/* every source made one new entry and holds none now */
	struct keyrank top[4];
	assert_int_equal(keytab_top_held(&ev.src, top, 4), 0);
	assert_int_equal(keytab_top_new(&ev.src, KT_MARK, 1.0, top, 4), 3);
	events_close(&ev);
	unload(st);
}

/* A dump racing the events: an entry an event made is not counted again
 * when the dump reaches it; one destroyed during the dump does not come
 * back with a dump message built before its destroy. */
static void test_dump_reconciles_by_id(void **state)
{
	(void)state;
	struct stream *st = load();
	struct ct_events ev;
	events_init(&ev, 0.0);
	uint32_t tcp = id_of(st, IPPROTO_TCP), udp = id_of(st, IPPROTO_UDP);
	const struct ct_entry *tcp_new = NULL, *udp_new = NULL, *udp_gone = NULL;
	for (unsigned i = 0; i < st->n; i++) {
		if (st->e[i].id == tcp && st->kind[i] == CT_EVENT_NEW)
			tcp_new = &st->e[i];
		if (st->e[i].id == udp && st->kind[i] == CT_EVENT_NEW)
			udp_new = &st->e[i];
		if (st->e[i].id == udp && st->kind[i] == CT_EVENT_DESTROY)
			udp_gone = &st->e[i];
	}
	assert_non_null(tcp_new);
	assert_non_null(udp_gone);
	events_begin_dump(&ev, 0);
	events_apply(&ev, CT_EVENT_NEW, tcp_new);     /* the event first */
	events_dump_entry(&ev, tcp_new);              /* then the dump: no double */
	events_dump_entry(&ev, udp_new);              /* dumped, then destroyed */
	events_apply(&ev, CT_EVENT_DESTROY, udp_gone);
	events_dump_entry(&ev, udp_new);              /* a stale copy: ignored */
	assert_int_equal(ev.live.entries, 1);
	assert_int_equal(ev.live.l4[IPPROTO_TCP], 1);
	assert_int_equal(ev.live.l4[IPPROTO_UDP], 0);
	events_end_dump(&ev, true, 1.0);
	assert_false(events_resync_due(&ev, 1, 2.0));
	/* drift: twice off the kernel's count by more than the margin */
	assert_false(events_resync_due(&ev, 1000, 3.0));
	assert_true(events_resync_due(&ev, 1000, 4.0));
	/* and the periodic resync */
	events_end_dump(&ev, true, 10.0);
	assert_true(events_resync_due(&ev, 1, 10.0 + EVENTS_RESYNC_S));
	events_close(&ev);
	unload(st);
}

/* The kernel reaps an expired entry only when its collector or a dump
 * walks over it, and only then sends DESTROY. The engine ages the
 * entries that get no more packets from the timeout their events gave:
 * the TIME_WAIT entry leaves the breakdown when its timer runs out, is
 * counted as expired and not reaped (nf_conntrack_count still holds
 * it), and its late DESTROY takes nothing away twice. */
static void test_expired_not_reaped(void **state)
{
	(void)state;
	struct stream *st = load();
	struct ct_events ev;
	events_init(&ev, 100.0);
	uint32_t tcp = id_of(st, IPPROTO_TCP);
	const struct ct_entry *tw = NULL, *gone = NULL;
	for (unsigned i = 0; i < st->n; i++) {
		if (st->e[i].id == tcp && st->kind[i] == CT_EVENT_DESTROY) {
			gone = &st->e[i];
			continue; /* held back: the kernel has not reaped it yet */
		}
		events_apply(&ev, st->kind[i], &st->e[i]);
		if (st->e[i].id == tcp && st->e[i].has_tcp_state &&
		    st->e[i].tcp_state == CT_TCP_TIME_WAIT && st->e[i].has_timeout)
			tw = &st->e[i];
	}
	assert_non_null(tw);
	assert_non_null(gone);
	uint64_t live = ev.live.entries;
	assert_int_equal(ev.live.tcp[CT_TCP_TIME_WAIT], 1);
	/* before its timer runs out: still there */
	events_age(&ev, 100.0 + tw->timeout);
	assert_int_equal(ev.live.tcp[CT_TCP_TIME_WAIT], 1);
	assert_int_equal(ev.expired_unreaped, 0);
	/* after: out of the breakdown, as a dump would show, and counted apart */
	events_age(&ev, 100.0 + tw->timeout + 2);
	assert_int_equal(ev.live.tcp[CT_TCP_TIME_WAIT], 0);
	assert_int_equal(ev.live.entries, live - 1);
	assert_int_equal(ev.live.gc_evictable, 0);
	assert_int_equal(ev.expired_unreaped, 1);
	assert_int_equal(ev.expired_total, 1);
	/* nf_conntrack_count still counts it: no drift, no resync (as
	 * after a first dump: the engine asks for one until then) */
	events_end_dump(&ev, true, 100.0);
	ev.need_resync = false;
	assert_false(events_resync_due(&ev, live, 101.0));
	assert_false(events_resync_due(&ev, live, 102.0));
	/* the kernel reaps it at last: nothing is taken away twice */
	events_apply(&ev, CT_EVENT_DESTROY, gone);
	assert_int_equal(ev.expired_unreaped, 0);
	assert_int_equal(ev.live.entries, live - 1);
	assert_int_equal(ev.live.tcp[CT_TCP_TIME_WAIT], 0);
	assert_int_equal(ev.live.l4[IPPROTO_TCP], 0);
	assert_int_equal(ev.ix.used, live - 1);
	events_close(&ev);
	unload(st);
}

static void test_foreign_kinds_refused(void **state)
{
	(void)state;
	struct stream *st = load();
	uint8_t *copy = fx_exact_copy((const uint8_t *)st->msg[0], st->msg[0]->nlmsg_len);
	struct nlmsghdr *nlh = (struct nlmsghdr *)copy;
	struct ct_entry e;
	enum ct_event_kind k;
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK_EXP << 8) | IPCTNL_MSG_CT_NEW;
	assert_int_equal(ct_parse_event(nlh, &e, &k), CT_PARSE_NOT_CT);
	/* a dump never says DELETE: the dump parser refuses what events take */
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_DELETE;
	assert_int_equal(ct_parse_event(nlh, &e, &k), CT_PARSE_OK);
	assert_int_equal(k, CT_EVENT_DESTROY);
	assert_int_equal(ct_parse_entry(nlh, &e), CT_PARSE_NOT_CT);
	/* cut short: truncated, never a read past the end (ASan) */
	for (uint32_t len = NLMSG_HDRLEN + 4; len < st->msg[0]->nlmsg_len; len += 3) {
		uint8_t *cut = fx_exact_copy(copy, len);
		((struct nlmsghdr *)cut)->nlmsg_len = len;
		enum ct_parse_result r = ct_parse_event((struct nlmsghdr *)cut, &e, &k);
		assert_true(r == CT_PARSE_OK || r == CT_PARSE_TRUNCATED);
		free(cut);
	}
	free(copy);
	unload(st);
}

/* Sampled (issue 21): NEW alone, each weighing k in the churn; the index
 * and its counts stay the last dump's, and a gap to the count is no drift
 * (no DESTROY is heard); every event again asks for a resync. */
static void test_sampled_keeps_dump(void **state)
{
	(void)state;
	struct stream *st = load();
	struct ct_events ev;
	events_init(&ev, 0.0);
	events_begin_dump(&ev, 4);
	for (unsigned i = 0; i < st->n; i++)
		if (st->kind[i] == CT_EVENT_NEW)
			events_dump_entry(&ev, &st->e[i]);
	events_end_dump(&ev, true, 1.0);
	assert_int_equal(ev.live.entries, 3);
	events_sample(&ev, 10, 2.0);
	assert_int_equal(ev.sample_k, 10);
	for (unsigned i = 0; i < st->n; i++)
		events_apply(&ev, st->kind[i], &st->e[i]);
	assert_int_equal(ev.live.entries, 3);
	assert_int_equal(ev.ix.used, 3);
	assert_int_equal(ev.new_total, 3);
	assert_int_equal(ev.new_weighted, 30);
	assert_int_equal(ev.destroy_total + ev.update_total, 0);
	for (unsigned i = 0; i < st->n; i++) {
		if (st->kind[i] != CT_EVENT_NEW)
			continue;
		struct ct_key k = { .family = st->e[i].family };
		memcpy(k.addr, st->e[i].orig.src, st->e[i].family == AF_INET6 ? 16 : 4);
		uint32_t slot = keytab_find(&ev.src, &k);
		assert_true(slot != UINT32_MAX);
		assert_true(ev.src.slot[slot].new_mark >= 10);
		assert_int_equal(ev.src.slot[slot].new_mark % 10, 0);
	}
	/* far off the count, and no drift resync: the count is exact elsewhere */
	ev.resync_s = 10.0;
	assert_false(events_resync_due(&ev, 100000, 3.0));
	assert_false(events_resync_due(&ev, 100000, 4.0));
	assert_true(events_resync_due(&ev, 100000, 11.0));
	assert_string_equal(ev.resync_reason, "periodic");
	events_sample(&ev, 1, 12.0);
	assert_int_equal(ev.sample_k, 1);
	assert_true(events_resync_due(&ev, 3, 12.0));
	assert_string_equal(ev.resync_reason, "every event again");
	events_close(&ev);
	unload(st);
}

/* The window: open the first 1/k of each period, closed on time, and a
 * late opening made up in the same window, so the share heard is 1/k. */
static void test_sample_window(void **state)
{
	(void)state;
	struct ct_events ev;
	events_init(&ev, 0.0);
	assert_true(events_sample_tick(&ev, 0.0) < 0); /* not sampling */
	events_sample(&ev, 10, 0.0);
	assert_true(ev.window_open);
	double next = events_sample_tick(&ev, 0.05);
	assert_true(ev.window_open);
	assert_true(next > 0.0499 && next < 0.0501);
	next = events_sample_tick(&ev, 0.1);
	assert_false(ev.window_open);
	assert_true(next > 0.899 && next < 0.901);
	(void)events_sample_tick(&ev, 0.5);
	assert_false(ev.window_open);
	/* woken 30 ms late: open till 100 ms have been heard in this period */
	(void)events_sample_tick(&ev, 1.03);
	assert_true(ev.window_open);
	next = events_sample_tick(&ev, 1.1);
	assert_true(ev.window_open);
	assert_true(next > 0.0299 && next < 0.0301);
	(void)events_sample_tick(&ev, 1.13);
	assert_false(ev.window_open);
	double share = events_listened_share(&ev, 2.0);
	assert_true(share > 0.0999 && share < 0.1001);
	/* held up for seconds (a dump): forgiven, not one long window */
	(void)events_sample_tick(&ev, 9.0);
	assert_true(ev.window_open);
	next = events_sample_tick(&ev, 9.0);
	assert_true(next <= 0.2001);
	events_close(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_lifecycles),
		cmocka_unit_test(test_apply_keeps_counts),
		cmocka_unit_test(test_dump_reconciles_by_id),
		cmocka_unit_test(test_expired_not_reaped),
		cmocka_unit_test(test_foreign_kinds_refused),
		cmocka_unit_test(test_sampled_keeps_dump),
		cmocka_unit_test(test_sample_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
