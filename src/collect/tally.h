/* Adding entries up while the dump streams. */
#ifndef CTDASH_TALLY_H
#define CTDASH_TALLY_H

#include "collect/ctmsg.h"
#include "model/model.h"

void tally_add(struct ct_tally *t, const struct ct_entry *e);
/* Histogram bin for a number of seconds left (see CT_HIST_BINS). */
unsigned tally_hist_bin(uint32_t seconds);
/* Lower bound, in seconds, of a histogram bin. */
uint32_t tally_hist_floor(unsigned bin);

#endif
