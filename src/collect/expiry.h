/* SPDX-License-Identifier: GPL-2.0-or-later */
/* When the event engine's entries expire (issue 22). The kernel removes
 * an expired entry only when its collector or a dump walks over it, and
 * only then sends DESTROY; until then the events would count it alive.
 * NEW and UPDATE events carry the entry's timeout, so the engine ages
 * entries itself: a heap of (when, id, state), smallest when first, for
 * the entries of states that get no more packets (a packet refreshes
 * the kernel's timer without an event, so only those can be aged from
 * the events alone). 12 bytes an aged entry; nothing for the rest. */
#ifndef CTDASH_EXPIRY_H
#define CTDASH_EXPIRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct expiry_item {
	uint32_t when;   /* the engine's clock, whole seconds */
	uint32_t id;     /* CTA_ID */
	uint8_t state;   /* the TCP state it expires in */
};

struct expiry_heap {
	struct expiry_item *item;
	size_t n, cap;
};

/* TIME_WAIT, CLOSE and LAST_ACK: both ends are done, nothing refreshes
 * the timer but a packet that also moves the state (an event). */
bool expiry_ages(unsigned tcp_state);

void expiry_init(struct expiry_heap *h);
void expiry_free(struct expiry_heap *h);
void expiry_clear(struct expiry_heap *h);
/* 0, or -1 when out of memory (the heap is as it was). */
int expiry_push(struct expiry_heap *h, uint32_t when, uint32_t id, uint8_t state);
/* The earliest item due at now (when <= now) into *out, removed; false
 * when none is. */
bool expiry_pop_due(struct expiry_heap *h, uint32_t now, struct expiry_item *out);
uint64_t expiry_bytes(const struct expiry_heap *h);

#endif
