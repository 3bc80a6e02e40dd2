/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --list and --delete: the entries a filter matches. */
#ifndef CTDASH_LIST_CMD_H
#define CTDASH_LIST_CMD_H

#include <stdio.h>

#include "cli/options.h"
#include "model/filter.h"

/* Parse text into f; on a bad filter say where and what was expected on
 * err (the text with a caret under the place) and return -1. */
int list_filter_parse(const char *text, struct ct_filter *f, FILE *err);
/* Exit status: 0, 1 when the table could not be read, 2 for a bad filter
 * or sort key. */
int run_list(const struct options *o);
/* Exit status: 0 all deleted (or nothing matched), 1 refused, failed or
 * not confirmed, 2 for a bad filter. */
int run_delete(const struct options *o, const char *label);

#endif
