/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exact counts per (L4 protocol, destination port), for the top-N
 * destination ports. */
#ifndef CTDASH_TOPPORT_H
#define CTDASH_TOPPORT_H

#include <stdint.h>

#include "model/model.h"
#include "collect/keycount.h"

/* Count one entry to port (host order) of protocol proto. -1 when out of
 * memory. */
int topport_add(struct keycount *kc, uint8_t proto, uint16_t port);
/* The n largest counts, largest first; equal counts by protocol number,
 * then port. Returns how many were written (≤ n). */
unsigned topport_top(const struct keycount *kc, struct ct_port_count *out, unsigned n);

#endif
