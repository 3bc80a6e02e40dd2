/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Translated entries made directly over ctnetlink (what `conntrack -I`
 * with a reply tuple of its own does, a million times faster than a
 * million commands): for ctload nat-fill and the NAT benchmark. */
#ifndef CTDASH_CTNAT_H
#define CTDASH_CTNAT_H

#include <stdint.h>

#include "demo/loadgen.h"

/* count UDP entries in the current namespace, each both SNATed and
 * DNATed: original from one of nsrc IPv4 sources from first_src (port
 * 1024 up) to 127.0.0.253 port 53; reply from one of the backends
 * 127.0.0.100-103 port 53 (103 never replied, the others did) to one of
 * the translated sources 127.0.0.200-215 (port 1024 up). Every tuple is
 * unique while count <= nsrc * 64512 and count <= 64 * 64512. *made
 * is how much nf_conntrack_count grew. 0, or a negative errno (the
 * first the kernel answered). */
int ctnat_fill(const struct lg_addr *first_src, unsigned nsrc, uint64_t count, uint64_t *made);

#endif
