/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: the filter expression parser (--list FILTER) on any text,
 * and a parsed filter matched against an empty entry. */
#include <stdint.h>
#include <string.h>

#include "collect/ctmsg.h"
#include "model/filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_filter f;
	struct filter_error err;
	if (filter_parse((const char *)data, size, &f, &err) == 0) {
		struct ct_entry e;
		memset(&e, 0, sizeof e);
		(void)filter_match(&f, &e);
	}
	filter_free(&f); /* whatever filter_parse returned */
	return 0;
}
