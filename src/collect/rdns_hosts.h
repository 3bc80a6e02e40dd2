/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A resolver from a hosts-style file, for tests: CTDASH_TEST_HOSTS=FILE
 * makes ctdash's reverse lookups read names from FILE ("ADDRESS NAME..."
 * lines, '#' comments) instead of asking the system's resolver, so a test
 * sends no DNS query anywhere; CTDASH_TEST_RESOLVE_MS=N makes each lookup
 * take N ms, a slow resolver. */
#ifndef CTDASH_RDNS_HOSTS_H
#define CTDASH_RDNS_HOSTS_H

#include <stddef.h>
#include <stdint.h>

struct rdns_hosts;

/* The table of FILE; NULL with errno set when it cannot be read. */
struct rdns_hosts *rdns_hosts_load(const char *path, unsigned delay_ms);
void rdns_hosts_free(struct rdns_hosts *h);
/* An rdns_resolve_fn (rdns.h) over the table: arg is the table. */
int rdns_hosts_resolve(int family, const uint8_t *addr, char *name, size_t n, void *arg);

#endif
