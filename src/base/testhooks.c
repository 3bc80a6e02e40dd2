/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/testhooks.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/parse.h"

#ifdef CTDASH_TEST_HOOKS
static const char *hook(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}
#else
static const char *hook(const char *name)
{
	(void)name;
	return NULL;
}
#endif

bool test_hooks_built(void)
{
#ifdef CTDASH_TEST_HOOKS
	return true;
#else
	return false;
#endif
}

const char *test_hook_hosts(void)
{
	return hook("CTDASH_TEST_HOSTS");
}

unsigned test_hook_resolve_ms(void)
{
	const char *v = hook("CTDASH_TEST_RESOLVE_MS");
	uint64_t ms = 0;
	return v && parse_uint(v, 60000, &ms) ? (unsigned)ms : 0;
}

int test_hook_event_rcvbuf(void)
{
	const char *v = hook("CTDASH_TEST_EVENT_RCVBUF");
	uint64_t bytes = 0;
	return v && parse_uint(v, 1 << 30, &bytes) ? (int)bytes : 0;
}

const char *test_hook_root(void)
{
	const char *v = hook("CTDASH_TEST_ROOT");
	return v ? v : "";
}

bool test_hook_no_nat(void)
{
	return hook("CTDASH_TEST_NO_NAT") != NULL;
}

unsigned test_hook_dump_pause_ms(void)
{
	const char *v = hook("CTDASH_TEST_DUMP_PAUSE_MS");
	uint64_t ms = 0;
	return v && parse_uint(v, 10000, &ms) ? (unsigned)ms : 0;
}
