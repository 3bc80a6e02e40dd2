/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: the SNAT range read off a ruleset's text (nft list ruleset,
 * iptables-save), untrusted: comments, names, any bytes. What it takes
 * must be a range of real ports, its origin a terminated line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/natrules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes, no NUL after them: the parser takes a length */
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	struct ct_nat_range r;
	nat_range_default(&r);
	unsigned rules = nat_rules_parse(text, size, "nft", &r);
	if (rules && (!r.from_rules || r.lo < 1 || r.lo > r.hi || strncmp(r.origin, "nft: ", 5) != 0 ||
		      !memchr(r.origin, '\0', sizeof r.origin)))
		abort();
	if (!rules && (r.from_rules || r.lo != CT_NAT_PORT_LO || r.hi != CT_NAT_PORT_HI))
		abort();
	free(text);
	return 0;
}
