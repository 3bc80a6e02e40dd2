/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter language, one for the command line (--list, --delete) and
 * the screen:
 *
 *   expr  := and ('or' and)*          'and' binds tighter than 'or'
 *   and   := unary ('and' unary)*
 *   unary := 'not' unary | '(' expr ')' | term
 *   term  := proto NAME|NUM | l3 ipv4|ipv6 | state NAME
 *          | src ADDR[/LEN] | dst ADDR[/LEN] | reply-src ... | reply-dst ...
 *          | sport N[-M] | dport N[-M] | mark N[/MASK] | zone N
 *          | assured | unreplied | nat | timeout <N | timeout >N
 *          | workload GLOB
 *
 * src, dst, sport and dport are the original direction's; reply-src and
 * reply-dst the reply's. zone N matches an entry whose zone id is N,
 * whether the zone holds for both directions or for one only (conntrack -I
 * --orig-zone, --reply-zone), as the kernel's own dump filter does; zone 0
 * matches the entries without a zone. workload GLOB matches an entry
 * whose original source or destination belongs to a workload whose label
 * (model/workload.h: "default/web-7d9f", "docker:web") the glob matches
 * (fnmatch: *, ?, [..]); it needs the map of who owns which address
 * (filter_use_owners), without which it matches nothing. Words are case-insensitive. Nothing is guessed: a
 * text that does not parse is refused with where and what was expected. */
#ifndef CTDASH_FILTER_H
#define CTDASH_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/entry.h"

struct addr_owners;

/* The longest filter, in bytes, wherever it comes from (the command
 * line, --view list, F4 on the screen) and wherever it goes (the list's
 * dump, a delete, the journal): filter_parse refuses a longer one, so
 * no buffer on the way ever cuts one. */
#define FILTER_LEN_MAX 1024

struct flt_node;

struct ct_filter {
	struct flt_node *node; /* node[root] is the whole expression */
	unsigned n, cap;
	int root;              /* -1: the empty filter, which matches everything */
	bool needs_reply;      /* a term reads the reply tuple (reply-src, reply-dst, nat) */
	bool needs_owners;     /* a workload term: give it filter_use_owners */
	const struct addr_owners *owners; /* not owned */
};

struct filter_error {
	size_t pos;            /* byte offset in the text where it went wrong */
	char msg[224];         /* "expected ...", without the position */
};

/* Parse len bytes of text into f (f need not be initialised; free it with
 * filter_free whatever this returns). 0, or -1 with err filled in; a text
 * longer than FILTER_LEN_MAX is refused whole. */
int filter_parse(const char *text, size_t len, struct ct_filter *f, struct filter_error *err);
void filter_free(struct ct_filter *f);
/* Who owns which address, for the workload terms (kept, not copied). */
void filter_use_owners(struct ct_filter *f, const struct addr_owners *owners);
bool filter_match(const struct ct_filter *f, const struct ct_entry *e);

/* What of a filter the kernel can check itself while it dumps
 * (ctnetlink's dump filter: nfgen_family, CTA_MARK/CTA_MARK_MASK,
 * CTA_ZONE, and CTA_FILTER with an original tuple): only terms of the
 * filter's top-level conjunction that the kernel checks exactly as
 * filter_match does, so what it leaves out could never match. What it
 * sends still goes through filter_match: the results are the same. */
struct ct_pushdown {
	uint8_t family;            /* AF_INET, AF_INET6; 0: any */
	bool has_mark, has_zone, has_proto, has_src, has_dst, has_sport, has_dport;
	uint32_t mark, mark_mask;  /* mark already masked */
	uint16_t zone;             /* never 0 (see filter.c) */
	uint8_t l4proto;
	uint8_t src[16], dst[16];  /* whole addresses, network order */
	uint16_t sport, dport;     /* host order; only with l4proto TCP or UDP */
};

/* Fill pd from f; false when nothing can be pushed down. */
bool filter_pushdown(const struct ct_filter *f, struct ct_pushdown *pd);

/* The same helpers the filter uses, for the list's columns. */
bool ct_entry_snat(const struct ct_entry *e);
bool ct_entry_dnat(const struct ct_entry *e);

#endif
