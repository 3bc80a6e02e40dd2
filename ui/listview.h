/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The list view (L): the entries themselves, filtered and sorted, a row
 * each, the selected one whole below. Its rows come from the sampler's
 * thread (sampler_set_list), so keys never wait for a dump. */
#ifndef CTDASH_LISTVIEW_H
#define CTDASH_LISTVIEW_H

#include "dlg_tune.h"
#include "view.h"

extern const struct view_class list_view;

/* Set the view's filter (it must parse) before it is opened: Enter on an
 * aggregate row lists that row's entries. self is the view's state. */
void list_view_set_filter(void *self, const char *filter);
/* Open the filter's input line, its text the filter (F4 from the panes). */
void list_view_edit_filter(void *self);

/* What F9 or k offers to delete: the selected row, the list's filter,
 * counts and first rows. NULL, or why nothing can be offered (no row, or
 * the rows shown are not yet the new filter's). */
const char *list_view_delete_ask(void *self, struct delete_ask *ask);
/* Its rows are not yet those of its filter (being read). */
bool list_view_reading(void *self);

#endif
