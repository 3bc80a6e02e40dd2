/* The panes made of counts: protocols, TCP states, top sources. Their
 * state is a count list (countlist.h); Enter on a row lists its entries
 * (drill). */
#ifndef CTDASH_COUNTPANES_H
#define CTDASH_COUNTPANES_H

#include "countlist.h"
#include "pane.h"

extern const struct pane_class protocols_pane, tcp_pane, sources_pane;

#endif
