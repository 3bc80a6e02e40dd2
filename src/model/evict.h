/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the kernel can free on its own when the table is full (issue 22),
 * by the rules of nf_conntrack_core.c and nf_conntrack_proto_tcp.c:
 *
 * - on insert, early_drop() walks a few buckets next to the new entry's
 *   and deletes the first entry that is not ASSURED (an expired one it
 *   meets is reaped whatever its flags);
 * - its collector (gc_worker), once a namespace's count reaches 95% of
 *   the limit, also kills ASSURED entries for which the protocol says
 *   "can early drop": for TCP the closing states FIN_WAIT, CLOSE_WAIT,
 *   LAST_ACK, TIME_WAIT and CLOSE (tcp_can_early_drop); an entry
 *   offloaded to a flowtable is left alone there unless it is UDP;
 * - everything else (ASSURED and open) is pinned: only its timeout, a
 *   delete or a higher nf_conntrack_max makes room.
 *
 * Pure: the collector tallies it while the dump streams, the event
 * engine per event. */
#ifndef CTDASH_EVICT_H
#define CTDASH_EVICT_H

#include <stdbool.h>
#include <stdint.h>

enum ct_evict {
	CT_EVICT_INSERT,  /* early_drop may take it when a new flow needs room */
	CT_EVICT_GC,      /* only the collector's near-full pass takes it */
	CT_EVICT_PINNED,  /* nothing in the kernel frees it before its timeout */
};

/* tcp_state is the kernel's number, or -1 for an entry without one;
 * status the IPS_* bits; expired: its timeout has run out (0 s left). */
enum ct_evict ct_evict_class(uint8_t l4proto, int tcp_state, uint32_t status, bool expired);

#endif
