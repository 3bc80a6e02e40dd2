/* The one-shot reports: --json for programs, --once for people. */
#ifndef CTDASH_REPORT_H
#define CTDASH_REPORT_H

#include <stdio.h>

#include "model/model.h"

void report_json(FILE *out, const struct ct_snapshot *s);
/* --json when there is no table at all (nf_conntrack not loaded). */
void report_json_unloaded(FILE *out, const char *message);
void report_text(FILE *out, const struct ct_snapshot *s);
/* Why a part could not be read, as a sentence; NULL when it was read. */
const char *part_problem(const struct ct_snapshot *s, enum ct_part part);
/* The name conntrack(8) uses for an L4 protocol, or its number as text. */
const char *l4_label(unsigned proto, char *buf, size_t n);

#endif
