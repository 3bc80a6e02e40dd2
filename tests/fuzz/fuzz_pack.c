/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: a recording's picture blob (src/record/pack.c), untrusted: a
 * file from anywhere. It is refused with a reason or read; what is read
 * packs again, and that reads back to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record/pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_picture p, again;
	char why[256] = "";
	if (unpack_picture(data, size, &p, why, sizeof why) < 0) {
		if (!why[0])
			abort(); /* a refusal always says why */
		return 0;
	}
	size_t n1, n2;
	uint8_t *b1 = pack_picture(&p, &n1);
	if (b1 && unpack_picture(b1, n1, &again, why, sizeof why) < 0)
		abort();
	uint8_t *b2 = b1 ? pack_picture(&again, &n2) : NULL;
	if (b1 && b2 && (n1 != n2 || memcmp(b1, b2, n1) != 0))
		abort();
	if (b1)
		picture_free(&again);
	free(b1);
	free(b2);
	picture_free(&p);
	return 0;
}
