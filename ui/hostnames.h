/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names instead of addresses on the screen (the r key): off by default.
 * While on, anything drawing an address asks here first and gets the
 * name if the background resolver (src/collect/rdns.h) has one, else the
 * address itself, at once: a lookup never holds a key or a refresh. Only
 * what is drawn is asked for, so only what is on the screen is looked up.
 * One switch for the whole screen, held here, as screen.c holds the
 * colours; the dashboard owns the resolver. */
#ifndef CTDASH_HOSTNAMES_H
#define CTDASH_HOSTNAMES_H

#include <stdbool.h>
#include <stddef.h>

struct rdns;

struct ownerwatch;

/* Who owns which address (--all-netns): each address drawn gets its
 * workload after it ("10.244.1.23 default/web-7d9f"); NULL: none. */
void hostnames_use_owners(struct ownerwatch *w);
struct addr_owners;
/* While a recorded picture shows: its own map (the workloads of that
 * moment, recorded with --all-netns) instead of the live one; NULL: the
 * live one again. */
void hostnames_use_past_owners(const struct addr_owners *m);
bool workloads_on(void);
#define HOSTNAMES_WORKLOAD_MAX 272 /* "namespace/name" and its kind */
/* The workload that owns addr (4 or 16 bytes by family) into buf; NULL when
 * none is known or the workloads are off. What every address drawn uses. */
const char *workload_of_addr(char *buf, size_t n, int family, const void *addr);
/* Each address word of text (a filter: "src 10.244.1.23") that has a
 * workload, as "10.244.1.23 default/web-7d9f", comma-separated into buf;
 * NULL when none has. */
const char *workloads_of_text(char *buf, size_t n, const char *text);

/* The resolver names come from; NULL turns names off. */
void hostnames_use(struct rdns *r);
bool hostnames_on(void);
/* The name of addr (4 or 16 bytes by family) into buf; NULL when there is
 * none to show (not yet, none at all, or names are off). */
const char *hostname_of_addr(char *buf, size_t n, int family, const void *addr);
/* The name of an address given as text ("127.0.0.1", "::1"): text itself when
 * it is no address or has no name; with the workloads on, followed by the
 * workload that owns it. */
const char *hostname_of_text(char *buf, size_t n, const char *text);

#endif
