/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The captured ctnetlink messages in tests/fixtures and what conntrack(8)
 * said of each (the NAME.expect sidecar written by make-fixtures.sh). */
#ifndef CTDASH_TEST_FIXTURE_H
#define CTDASH_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FX_NAME_MAX 64

enum fx_result {
	FX_OK,        /* the parser must accept it */
	FX_TRUNCATED, /* an attribute runs past its container */
};

/* One direction as conntrack(8) listed it; -1 for a field it did not show. */
struct fx_tuple {
	uint8_t src[16], dst[16]; /* network order, zero padded */
	bool has_src, has_dst;
	int32_t sport, dport;
	int32_t icmp_type, icmp_code, icmp_id;
	int64_t packets, bytes;
};

struct fx_expect {
	enum fx_result result;
	char from[FX_NAME_MAX]; /* fixture this one was derived from, or "" */
	bool has_fields;        /* the fields below were given */
	uint8_t family;         /* AF_INET, AF_INET6 */
	uint8_t l4proto;
	int tcp_state;          /* kernel number; -1 when conntrack showed none */
	uint8_t src[16];        /* original source, network order, zero padded */
	uint32_t timeout_min, timeout_max;
	bool assured, unreplied;
	struct fx_tuple orig, reply; /* orig.src is src again */
	int64_t mark, zone, ctid;    /* -1 when not shown */
	/* zone-orig=, zone-reply=: a zone of one direction only; -1 when not shown */
	int64_t zone_orig, zone_reply;
};

/* The entry's zone id whatever its direction, 0 for none. */
int64_t fx_zone_id(const struct fx_expect *x);

struct fixture {
	char name[FX_NAME_MAX];
	uint8_t *msg;           /* one whole message, exactly len bytes */
	size_t len;
	struct fx_expect expect;
};

/* $FIXTURES, else the source tree's tests/fixtures. */
const char *fixtures_dir(void);
/* Every NAME.nlmsg with its NAME.expect, sorted by name. Fails the running
 * test when the directory, a message or a sidecar cannot be read. */
struct fixture *fixtures_load(size_t *n);
void fixtures_free(struct fixture *all, size_t n);
const struct fixture *fixture_find(const struct fixture *all, size_t n, const char *name);

/* Every fixture, loaded once for a group of tests:
 * cmocka_run_group_tests(tests, fixtures_setup, fixtures_teardown). */
extern struct fixture *fx;
extern size_t nfx;
int fixtures_setup(void **state);
int fixtures_teardown(void **state);

/* A heap copy of len bytes of msg in a buffer of exactly len bytes, so the
 * address sanitizer catches any read past it. */
uint8_t *fx_exact_copy(const uint8_t *msg, size_t len);

/* Kernel number of a TCP state as conntrack(8) prints it; -1 if unknown. */
int fx_tcp_state_number(const char *name);

#endif
