/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who owns which address, kept fresh for the dashboard: a thread scans
 * every namespace (collect/nsscan.c, nsowner.c) every so often and swaps
 * in the new map; a lookup holds the map's lock only to copy one label,
 * so a name never holds a key or a refresh, and the screen shows what
 * the last scan found. */
#ifndef CTDASH_OWNERWATCH_H
#define CTDASH_OWNERWATCH_H

#include <stddef.h>

struct ownerwatch;

/* Start scanning now, then every every_s seconds; NULL when no thread
 * could be started. */
struct ownerwatch *ownerwatch_start(double every_s);
/* Stop the thread (waits for a scan under way) and free it all. */
void ownerwatch_stop(struct ownerwatch *w);
/* The workload label of addr (4 or 16 bytes by family) into buf, or NULL
 * when the last scan knows no owner. */
const char *ownerwatch_label(struct ownerwatch *w, int family, const void *addr, char *buf,
			     size_t n);

#endif
