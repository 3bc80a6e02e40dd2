/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the raw numbers mean: fill, hash load, memory, kernel defaults. */
#ifndef CTDASH_ANALYSIS_H
#define CTDASH_ANALYSIS_H

#include <stdint.h>

#include "model/model.h"

/* Bytes per bucket head (struct hlist_nulls_head: one pointer). */
#define CT_BUCKET_HEAD_BYTES 8
/* Entry size assumed when /proc/slabinfo cannot be read: the seed's
 * figure, the largest seen on common kernels, so memory is not understated. */
#define CT_ENTRY_SIZE_ASSUMED 352

/* Expected fraction of non-empty buckets for load factor λ: 1 − e^−λ. */
double expected_nonempty_fraction(double lambda);
/* Mean entries in a non-empty bucket: λ / (1 − e^−λ); 0 for an empty table. */
double expected_chain_length(double lambda);
/* Kernel memory for entries and bucket heads. */
uint64_t table_memory(uint64_t entries, uint64_t buckets, uint32_t entry_size);

/* The sizes nf_conntrack picks at boot when nothing is configured, for a
 * host with ram_bytes of RAM, a word of word_bits and kernel release
 * "major.minor…". Since 5.15 the bucket count is capped (262144 on 64-bit
 * above 4 GiB) and max equals it; before, max was four times the buckets. */
void kernel_default_sizes(uint64_t ram_bytes, unsigned word_bits, const char *release,
			  uint64_t *max, uint64_t *buckets);

/* Fill s->an from the other fields of s. */
void analyse(struct ct_snapshot *s);

#endif
