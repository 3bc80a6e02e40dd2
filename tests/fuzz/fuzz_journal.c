/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: the journal reader on any file, then recovery on what it
 * kept, and every record it kept formatted back and read again: the
 * same record. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/journal.h"
#include "write/recovery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_any(const char *name, uint64_t *value, void *arg)
{
	(void)arg;
	*value = strlen(name) % 3;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	struct journal_log log;
	if (journal_read_stream(in, &log) == 0) {
		struct recovery_item items[8];
		(void)recovery_in_force(&log, log.n ? log.rec[0].nsid : 0, log.n ? log.rec[0].ns : "",
					read_any, NULL, items, 8);
		(void)recovery_last_tx(&log, 0, "", read_any, NULL, items, 8);
		for (size_t i = 0; i < log.n; i++) {
			char line[JOURNAL_LINE_MAX];
			struct journal_rec back;
			if (journal_format(&log.rec[i], line, sizeof line) < 0)
				continue; /* e.g. a time gmtime cannot break down */
			if (journal_parse_line(line, &back) != NULL)
				abort();
			back.line = log.rec[i].line;
			if (memcmp(&back, &log.rec[i], sizeof back) != 0 && back.when == log.rec[i].when)
				abort();
		}
		journal_log_free(&log);
	}
	fclose(in);
	return 0;
}
