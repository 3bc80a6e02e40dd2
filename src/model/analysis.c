/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/analysis.h"

#include <math.h>
#include <stdio.h>

double expected_nonempty_fraction(double lambda)
{
	return lambda > 0 ? -expm1(-lambda) : 0.0;
}

double expected_chain_length(double lambda)
{
	double f = expected_nonempty_fraction(lambda);
	return f > 0 ? lambda / f : 0.0;
}

uint64_t table_memory(uint64_t entries, uint64_t buckets, uint32_t entry_size)
{
	return entries * entry_size + buckets * CT_BUCKET_HEAD_BYTES;
}

static bool release_at_least(const char *release, int major, int minor)
{
	int ma = 0, mi = 0;
	if (!release || sscanf(release, "%d.%d", &ma, &mi) != 2)
		return true; /* unknown: assume a current kernel */
	return ma > major || (ma == major && mi >= minor);
}

void kernel_default_sizes(uint64_t ram_bytes, unsigned word_bits, const char *release,
			  uint64_t *max, uint64_t *buckets)
{
	const uint64_t GiB = 1024ull * 1024 * 1024;
	/* a bucket head is one pointer; an unknown word size is this build's */
	uint64_t head = word_bits >= 8 ? word_bits / 8 : sizeof(void *);
	uint64_t b = ram_bytes / 16384 / head;
	if (release_at_least(release, 5, 15)) {
		if (word_bits >= 64 && ram_bytes > 4 * GiB)
			b = 262144;
		else if (ram_bytes > GiB)
			b = 65536;
		if (b < 1024)
			b = 1024;
		*buckets = b;
		*max = b;
	} else {
		if (ram_bytes > 4 * GiB)
			b = 65536;
		else if (ram_bytes > GiB)
			b = 16384;
		if (b < 32)
			b = 32;
		*buckets = b;
		*max = 4 * b;
	}
}

void analyse(struct ct_snapshot *s)
{
	struct ct_analysis *a = &s->an;
	a->fill = s->max ? (double)s->count / (double)s->max : 0.0;
	a->load_factor = s->buckets ? (double)s->count / (double)s->buckets : 0.0;
	a->nonempty_fraction = expected_nonempty_fraction(a->load_factor);
	a->mean_chain = expected_chain_length(a->load_factor);
	a->memory_now = table_memory(s->count, s->buckets, s->entry_size);
	a->memory_at_max = table_memory(s->max, s->buckets, s->entry_size);
	kernel_default_sizes(s->ram_bytes, s->word_bits, s->kernel,
			     &a->default_max, &a->default_buckets);
	a->max_is_default = s->max == a->default_max;
	a->buckets_is_default = s->buckets == a->default_buckets;
}
