/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tests' hooks: environment variables only the tests set, read here
 * and nowhere else. They are compiled in only with ./configure
 * --enable-test-hooks (the tests' build: setup.sh check, make distcheck);
 * without it each answers as if its variable were unset, so a production
 * build, which runs as root, takes none of them from the environment.
 *
 *   CTDASH_TEST_HOSTS=FILE     names for addresses from FILE (hosts(5)
 *                              lines), never from DNS (rdns_hosts.c)
 *   CTDASH_TEST_RESOLVE_MS=N   with it, each lookup takes N ms (0-60000)
 *   CTDASH_TEST_EVENT_RCVBUF=N the event socket's buffer, tiny to force
 *                              losses (events.sh)
 *   CTDASH_TEST_ROOT=DIR       /etc, /run, /usr and /proc are read under
 *                              DIR for what would undo a change
 *   CTDASH_TEST_NO_NAT=1       the dump skips reply tuples and NAT
 *                              grouping (tests/bench-nat's comparison)
 *   CTDASH_TEST_DUMP_PAUSE_MS=N a pause of N ms (0-10000) after every
 *                              datagram of a dump: one as slow as a
 *                              flood makes it (exporter_slowdump.sh)
 *
 * (CTDASH_NO_PUSHDOWN is no hook: it is documented for users.) */
#ifndef CTDASH_TESTHOOKS_H
#define CTDASH_TESTHOOKS_H

#include <stdbool.h>

/* Whether this build reads the hooks (ctdash --version says so). */
bool test_hooks_built(void);
/* CTDASH_TEST_HOSTS, or NULL (unset, empty, or no hooks). */
const char *test_hook_hosts(void);
/* CTDASH_TEST_RESOLVE_MS, 0 when unset or not a number up to 60000. */
unsigned test_hook_resolve_ms(void);
/* CTDASH_TEST_EVENT_RCVBUF in bytes, 0 when unset or not a number. */
int test_hook_event_rcvbuf(void);
/* CTDASH_TEST_ROOT, or "" (the real root). */
const char *test_hook_root(void);
/* CTDASH_TEST_NO_NAT set (to anything). */
bool test_hook_no_nat(void);
/* CTDASH_TEST_DUMP_PAUSE_MS, 0 when unset or not a number up to 10000. */
unsigned test_hook_dump_pause_ms(void);

#endif
