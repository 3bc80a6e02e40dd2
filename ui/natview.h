/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NAT view (key T, issue 19): SNAT pressure (entries of each
 * translated source, protocol, destination and port against the port
 * range, where the range came from) and DNAT services with their
 * backends, the silent ones flagged; insert_failed per second above.
 * Enter lists a row's entries, F9 deletes them (asking first). */
#ifndef CTDASH_NATVIEW_H
#define CTDASH_NATVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

extern const struct view_class nat_view;

/* Enter on a row of the view (self is its state): the filter that lists
 * exactly that row's entries; false when no row is selected. */
bool nat_view_drill(void *self, char *filter, size_t n);

#endif
