/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The panes made of counts: protocols, TCP states, top sources,
 * destinations and destination ports. Their state is a count list
 * (countlist.h); Enter on a row lists its entries (drill). */
#ifndef CTDASH_COUNTPANES_H
#define CTDASH_COUNTPANES_H

#include "countlist.h"
#include "pane.h"

extern const struct pane_class protocols_pane, tcp_pane, sources_pane, destinations_pane,
	dports_pane;

/* The filters Enter opens the list with (the --list language), built
 * from a row as shown; false when the row names no entries or the filter
 * would not fit in n. "src 127.0.0.4", "dst ::1": */
bool drill_filter_addr(const char *term, const char *addr, char *filter, size_t n);
/* "tcp/443" gives "proto tcp and dport 443". */
bool drill_filter_port(const char *label, char *filter, size_t n);

#endif
