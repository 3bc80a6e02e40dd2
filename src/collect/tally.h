/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Adding entries up while the dump streams. */
#ifndef CTDASH_TALLY_H
#define CTDASH_TALLY_H

#include "collect/ctmsg.h"
#include "model/model.h"

void tally_add(struct ct_tally *t, const struct ct_entry *e);
/* Add (sign +1) or take away (-1) one entry's share of the evictable,
 * collector-evictable and pinned counts and of unreplied_datagram; the
 * event engine keeps them per event with this too. tcp_state -1: none. */
void tally_evict(struct ct_tally *t, uint8_t l4proto, int tcp_state, uint32_t status,
		 bool expired, int sign);
/* Histogram bin for a number of seconds left (see CT_HIST_BINS). */
unsigned tally_hist_bin(uint32_t seconds);
/* Lower bound, in seconds, of a histogram bin. */
uint32_t tally_hist_floor(unsigned bin);

#endif
