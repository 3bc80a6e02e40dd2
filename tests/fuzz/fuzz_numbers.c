/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: the parsers of what a person types: durations ("1h30m"),
 * plain numbers, numbers at the start of text, "pid:N" labels and the
 * times --replay is asked about ("03:02", "-20m"). */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/attime.h"
#include "base/parse.h"
#include "write/duration.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	long secs;
	if (!duration_parse(text, &secs) && (secs < 0 || secs > DURATION_MAX))
		abort();
	(void)duration_step_up(secs);
	(void)duration_step_down(secs);
	uint64_t v;
	if (parse_uint(text, UINT32_MAX, &v) && v > UINT32_MAX)
		abort();
	(void)parse_uint_line(text, UINT64_MAX, &v);
	const char *p = text;
	(void)parse_digits(&p, 1000, &v);
	int pid;
	if (parse_pid_label(text, &pid) && pid <= 0)
		abort();
	double t = -1;
	char err[256];
	if (attime_parse(text, 1796613600.0, &t, err, sizeof err) == 0 && t < 0)
		abort();
	free(text);
	return 0;
}
