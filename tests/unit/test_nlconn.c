/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nl_datagram_ok: the bound every datagram must meet before libmnl walks
 * it. Real captured messages (tests/fixtures), alone and packed several
 * to a datagram as the kernel sends a dump, pass; a length that runs past
 * the datagram, one below a header, one with the top bit set (libmnl reads
 * it as negative) and a stray tail fail. */
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/nlconn.h"
#include "fixture.h"

/* Every well-formed fixture, packed into one datagram at aligned offsets;
 * returns its length. */
static size_t pack_all(uint8_t *buf, size_t cap)
{
	size_t off = 0;
	for (size_t i = 0; i < nfx; i++) {
		if (fx[i].expect.result != FX_OK)
			continue;
		assert_true(off + NLMSG_ALIGN(fx[i].len) <= cap);
		memcpy(buf + off, fx[i].msg, fx[i].len);
		off += NLMSG_ALIGN(fx[i].len);
	}
	return off;
}

static void real_messages_pass(void **state)
{
	(void)state;
	assert_true(nfx > 10);
	for (size_t i = 0; i < nfx; i++)
		if (fx[i].expect.result == FX_OK)
			assert_true(nl_datagram_ok(fx[i].msg, fx[i].len));
	static uint8_t buf[16384];
	size_t len = pack_all(buf, sizeof buf);
	assert_true(nl_datagram_ok(buf, len));
	assert_true(nl_datagram_ok(buf, 0)); /* nothing is a whole nothing */
}

/* Set the length of the message at off in a packed datagram. */
static void set_len(uint8_t *buf, size_t off, uint32_t len)
{
	struct nlmsghdr h;
	memcpy(&h, buf + off, sizeof h);
	h.nlmsg_len = len;
	memcpy(buf + off, &h, sizeof h);
}

static void bad_lengths_fail(void **state)
{
	(void)state;
	static uint8_t buf[16384];
	size_t len = pack_all(buf, sizeof buf);
	size_t first = NLMSG_ALIGN(fx[0].len);
	const uint32_t bad[] = {
		0x80000000u | (uint32_t)fx[0].len, /* negative to an int compare */
		0xffffffffu,
		(uint32_t)len + 1,                  /* past the datagram */
		NLMSG_HDRLEN - 1,                   /* shorter than its header */
		0,
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* at the first message and at the second */
		static uint8_t copy[16384];
		memcpy(copy, buf, len);
		set_len(copy, 0, bad[i]);
		assert_false(nl_datagram_ok(copy, len));
		memcpy(copy, buf, len);
		set_len(copy, first, bad[i] == (uint32_t)len + 1 ? (uint32_t)(len - first + 1) : bad[i]);
		assert_false(nl_datagram_ok(copy, len));
	}
	/* a tail too short to be a header */
	assert_false(nl_datagram_ok(buf, len + 4 <= sizeof buf ? len + 4 : len - 1));
	/* a datagram cut inside its last message */
	assert_false(nl_datagram_ok(buf, len - 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_messages_pass),
		cmocka_unit_test(bad_lengths_fail),
	};
	return cmocka_run_group_tests(tests, fixtures_setup, fixtures_teardown);
}
