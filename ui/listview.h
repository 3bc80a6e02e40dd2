/* The list view (L): the entries themselves, filtered and sorted, a row
 * each, the selected one whole below. Its rows come from the sampler's
 * thread (sampler_set_list), so keys never wait for a dump. */
#ifndef CTDASH_LISTVIEW_H
#define CTDASH_LISTVIEW_H

#include "view.h"

extern const struct view_class list_view;

#endif
