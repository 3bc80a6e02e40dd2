/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The timeouts pane's model: each timeout sysctl with its value, the
 * kernel default, and how many entries of the snapshot it governs now. */
#ifndef CTDASH_TIMEOUTS_H
#define CTDASH_TIMEOUTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "model/timeout_defaults.h"

struct timeout_row {
	char name[CT_SYSCTL_NAME_MAX];
	long value;        /* seconds now */
	long def;          /* the kernel default, -1 when unknown */
	bool differs;      /* value != def (and def known) */
	int64_t entries;   /* entries it governs now, -1 when not counted */
	const char *what;  /* what entries counts, e.g. "TIME_WAIT", "udp" */
};

/* Entries of the snapshot whose timer this sysctl sets; -1 when ctdash
 * does not count them (retransmission timers, IPv6 fragments) or when
 * the dump was not read. *what names the group, or says why not. */
int64_t timeout_entries(const struct ct_snapshot *s, const char *name, const char **what);

/* The most seconds any entry governed by this timeout has left, from the
 * dump's seconds-left histogram (the top of the highest bin that holds
 * one): entries keep their timer until their next packet, so a change
 * of the timeout touches none of them before then. -1 when not known
 * (not counted, none there, or past the histogram's last bin). */
int64_t timeout_longest_left(const struct ct_snapshot *s, const char *name);

/* The value of a timeout in s, or -1 when absent. */
long timeout_value(const struct ct_snapshot *s, const char *name);

/* One row per timeout in s, in s's order (sorted by name). */
unsigned timeout_rows(const struct ct_snapshot *s, const struct timeout_defaults *d,
		      struct timeout_row *rows, unsigned max);

#endif
