/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One entry a line: the columns of --list, or one JSON object. */
#ifndef CTDASH_LIST_ROWS_H
#define CTDASH_LIST_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/addrowner.h"
#include "model/entry.h"

/* The header line; acct adds the counter columns. */
void row_header(FILE *out, bool acct);
/* Every column always there, "-" where a field does not apply, so a
 * script can take column N whatever the protocol. */
void row_text(FILE *out, const struct ct_entry *e, bool acct);
/* {"id", "l3", "l4", "state", "timeout", "src", ...}: one line. */
void row_json(FILE *out, const struct ct_entry *e);
/* The name of addr (4 or 16 bytes by family) into buf, NULL for none. */
typedef const char *(*row_name_fn)(void *arg, int family, const uint8_t *addr, char *buf,
				   size_t n);
/* --resolve: text rows print names in place of the addresses that have
 * one; JSON rows add src_name, dst_name, reply_src_name, reply_dst_name
 * beside them. NULL: addresses only (the default). */
void rows_use_names(row_name_fn fn, void *arg);
/* --list --all-netns, or a filter with a workload term: a last column
 * "workload" (the original source's, else its destination's: "-" for
 * none), "workload" {kind, namespace, name, container_id, netns} in JSON
 * rows. NULL: neither (the default). */
void rows_use_owners(const struct addr_owners *m);
/* "ASSURED", "UNREPLIED", "ASSURED,SNAT"...: status flags as conntrack
 * names them, or "-"; into buf. */
char *row_flags(char *buf, size_t n, const struct ct_entry *e);

#endif
