/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A pane of named counts with their share of the table: protocols, TCP
 * states and top sources all look like this. */
#ifndef CTDASH_COUNTLIST_H
#define CTDASH_COUNTLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "panel.h"

struct count_row {
	char name[64];
	uint64_t count;
	double share;     /* 0..1 of the whole the pane divides */
	char extra[24];   /* a column after the share: a timeout, a group */
};

struct count_list {
	struct panel panel;
	struct count_row *rows;
	int n;
	size_t cap;
	char title[64];
	const char *name_head;   /* heading of the name column */
	const char *extra_head;  /* heading of the extra column, NULL for none */
	const char *empty;       /* why there are no rows */
	bool middle_cut;         /* long names lose their middle (IPv6), not their end */
};

void count_list_init(struct count_list *cl, const char *name_head, const char *extra_head,
		     bool middle_cut);
void count_list_free(struct count_list *cl);
/* Start a new set of rows, remembering the selected row's name. */
void count_list_begin(struct count_list *cl, char *selected, size_t n);
/* Append a row; -1 when out of memory. */
int count_list_add(struct count_list *cl, const char *name, uint64_t count,
		   uint64_t whole, const char *extra);
/* Finish: the selection follows the row it was on. */
void count_list_end(struct count_list *cl, const char *selected);

/* Rows the list can show in rectangle r. */
int count_list_rows_in(const struct count_list *cl, struct rect r);
void count_list_draw(struct count_list *cl, struct rect r, bool focused);

#endif
