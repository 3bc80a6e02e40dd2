/* One call that reads everything into a snapshot. */
#ifndef CTDASH_COLLECT_H
#define CTDASH_COLLECT_H

#include <stdbool.h>

#include "model/model.h"
#include "collect/topsrc.h"

/* Called while the dump streams with the entries counted so far; return
 * false to abandon the dump (the snapshot is then marked incomplete). */
typedef bool (*collect_progress_fn)(uint64_t entries, void *arg);

struct collector {
	struct topsrc src;     /* kept between dumps to reuse its memory */
	unsigned top_n;
	unsigned max_attempts; /* dumps tried when the kernel says one was lost */
	collect_progress_fn progress;
	void *progress_arg;
	const char *netns;     /* label only; the caller entered it */
	int netns_named;       /* the label named it at the first collection:
				  1 yes, 0 no, -1 unknown, -2 not looked yet */
};

void collector_init(struct collector *c, unsigned top_n);
void collector_free(struct collector *c);

/* Fill s (which must be zeroed or snapshot_free'd) with the current state.
 * Returns 0, or -ENOENT when nf_conntrack is not loaded: nothing else is
 * read then. Parts that could not be read are flagged in s->part_err. */
int collect_snapshot(struct collector *c, struct ct_snapshot *s);
void snapshot_free(struct ct_snapshot *s);

#endif
