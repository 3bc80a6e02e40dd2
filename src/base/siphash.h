/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SipHash-2-4 (Aumasson and Bernstein), a keyed hash for tables whose
 * keys traffic chooses: addresses, ports, entry ids. Without the key an
 * attacker cannot tell which keys share a slot, so cannot make every
 * lookup walk one long run (hash flooding). Each table draws its own
 * random key when it is made. */
#ifndef CTDASH_SIPHASH_H
#define CTDASH_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct sipkey {
	uint64_t k0, k1;
};

/* The 64-bit SipHash-2-4 of len bytes at data under key. */
uint64_t siphash24(const struct sipkey *key, const void *data, size_t len);
/* A fresh key from the kernel's random pool (getrandom). Should that
 * fail, a key from the clock, the pid and an address: weaker, but never
 * the same two runs alike. */
void sipkey_random(struct sipkey *key);

#endif
