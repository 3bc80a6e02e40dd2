/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --list --resolve: names for the list's addresses. Lookups go through
 * rdns (collect/rdns.h): each address is asked once (its cache), at most
 * 20 a second (its rate bound). The list waits for names, since a script
 * asked for them, but at most LIST_NAMES_WAIT_S in all: after that an
 * address not named yet is printed as it is, and stderr says how many. */
#ifndef CTDASH_LIST_NAMES_H
#define CTDASH_LIST_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LIST_NAMES_WAIT_S 10

struct list_names;

/* NULL with errno set (the test hook's file unreadable, no threads). */
struct list_names *list_names_start(void);
/* Ask for addr's name now, without waiting: rows about to be printed. */
void list_names_prefetch(struct list_names *ln, int family, const uint8_t *addr);
/* addr's name into buf, waiting for it within what is left of the
 * budget; NULL when it has none (or not in time). A row_name_fn. */
const char *list_names_get(void *ln, int family, const uint8_t *addr, char *buf, size_t n);
/* Stop the lookups; says on err how many addresses went unnamed for
 * want of time. */
void list_names_stop(struct list_names *ln, FILE *err);

#endif
