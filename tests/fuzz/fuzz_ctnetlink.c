/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: a whole netlink datagram as the kernel would send it, the
 * header fuzzed too. Only what nl_datagram_ok accepts reaches the
 * parsers, as in nlconn.c; each message then goes through the dump
 * parser, the summary parser, the event parser and both stats parsers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "collect/ctmsg.h"
#include "collect/ctstats.h"
#include "collect/nlconn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* aligned, as the receive buffer is */
	uint32_t *buf = malloc(size + 4);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (nl_datagram_ok(buf, size)) {
		int len = (int)size;
		for (const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			struct ct_entry e;
			enum ct_event_kind kind;
			(void)ct_parse_entry(nlh, &e);
			(void)ct_parse_summary(nlh, &e);
			(void)ct_parse_nat(nlh, &e);
			(void)ct_parse_event(nlh, &e, &kind);
			struct ct_snapshot s;
			memset(&s, 0, sizeof s);
			(void)ct_stats_on_cpu(nlh, &s);
			(void)ct_stats_on_global(nlh, &s);
			free(s.cpu);
		}
	}
	free(buf);
	return 0;
}
