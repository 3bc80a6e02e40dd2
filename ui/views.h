/* The full-width views that take the place of the four panes: the
 * timeouts (t), the journal (J) and the advice (a). Which one is shown,
 * where closing it goes back to, and what each takes from a snapshot. */
#ifndef CTDASH_VIEWS_H
#define CTDASH_VIEWS_H

#include "advicepane.h"
#include "journalpane.h"
#include "layout.h"
#include "model/model.h"
#include "panel.h"
#include "statusline.h"
#include "write/timeout_defaults.h"
#include "timeoutpane.h"
#include "write/tune.h"

enum view_id {
	VIEW_PANES,     /* none: the four panes */
	VIEW_TIMEOUTS,
	VIEW_JOURNAL,
	VIEW_ADVICE,
	VIEW_COUNT
};

struct views {
	enum view_id shown;
	enum view_id back;   /* where closing the shown view returns */
	struct timeout_pane timeouts;
	struct journal_pane journal;
	struct advice_pane advice;
	char journal_path[512];
};

void views_init(struct views *v, const char *journal_path);
void views_free(struct views *v);
/* Open view id; when it is the one shown, close it, back to the view it
 * was opened from (the journal opened from the timeouts goes back there). */
void views_toggle(struct views *v, enum view_id id);
/* Back to the panes at once. */
void views_close(struct views *v);
/* The rows of a snapshot begun at started (monotonic seconds). */
void views_update(struct views *v, const struct ct_snapshot *s, double started,
		  const struct timeout_defaults *d, const struct tune_ctx *t);
/* After a write at monotonic time now: the values read again, and the
 * journal when it is shown. */
void views_wrote(struct views *v, const struct tune_ctx *t, double now);
/* The list the keys move in, NULL for the panes. */
struct panel *views_panel(struct views *v);
/* "the timeouts", … for messages. */
const char *views_name(const struct views *v);
/* What the keys do in the shown view, for the status line. */
const struct key_hint *views_hints(const struct views *v);
void views_draw(struct views *v, struct rect r);

#endif
