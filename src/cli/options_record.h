/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The flight recorder's options: --record, its bounds, --replay and the
 * times it is asked about. */
#ifndef CTDASH_OPTIONS_RECORD_H
#define CTDASH_OPTIONS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/options.h"

#define OPTIONS_RECORD_MAX_AGE_S (7 * 86400.0)
#define OPTIONS_RECORD_MAX_BYTES (256ull << 20)

/* Option which (0 --record, 1 --record-max-age, 2 --record-max-size,
 * 3 --replay, 4 --at, 5 --history, 6 --since, 7 --until) with its value.
 * 0, or -1 with err. */
int options_record_take(struct options *o, int which, const char *arg, char *err, size_t errlen);
/* After every option: what goes with what; sets the record and replay
 * modes (--list with --replay is the sample, so *list is taken). */
int options_record_check(struct options *o, bool *list, char *err, size_t errlen);
/* "256M", "1G", "65536": bytes into *v; false when not. */
bool options_parse_size(const char *text, uint64_t *v);

#endif
