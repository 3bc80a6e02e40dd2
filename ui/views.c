#include "views.h"

#include <stdio.h>
#include <string.h>

void views_init(struct views *v, const char *journal_path)
{
	memset(v, 0, sizeof *v);
	timeout_pane_init(&v->timeouts);
	journal_pane_init(&v->journal);
	advice_pane_init(&v->advice);
	snprintf(v->journal_path, sizeof v->journal_path, "%s", journal_path);
}

void views_free(struct views *v)
{
	journal_pane_free(&v->journal);
}

void views_toggle(struct views *v, enum view_id id)
{
	if (v->shown == id) {
		v->shown = v->back;
		v->back = VIEW_PANES;
		return;
	}
	v->back = v->shown;
	v->shown = id;
	/* the journal is read when shown, not on every refresh */
	if (id == VIEW_JOURNAL)
		journal_pane_load(&v->journal, v->journal_path);
}

void views_close(struct views *v)
{
	v->shown = v->back = VIEW_PANES;
}

void views_update(struct views *v, const struct ct_snapshot *s, double started,
		  const struct timeout_defaults *d, const struct tune_ctx *t)
{
	timeout_pane_update(&v->timeouts, s, started, d, t);
	advice_pane_update(&v->advice, s);
}

void views_wrote(struct views *v, const struct tune_ctx *t, double now)
{
	timeout_pane_reread(&v->timeouts, t, now);
	if (v->shown == VIEW_JOURNAL)
		journal_pane_load(&v->journal, v->journal_path);
}

struct panel *views_panel(struct views *v)
{
	switch (v->shown) {
	case VIEW_TIMEOUTS: return &v->timeouts.panel;
	case VIEW_JOURNAL: return &v->journal.panel;
	case VIEW_ADVICE: return &v->advice.panel;
	default: return NULL;
	}
}

const char *views_name(const struct views *v)
{
	static const char *const names[VIEW_COUNT] = {
		[VIEW_PANES] = "the panes", [VIEW_TIMEOUTS] = "the timeouts",
		[VIEW_JOURNAL] = "the journal", [VIEW_ADVICE] = "the advice",
	};
	return names[v->shown];
}

const struct key_hint *views_hints(const struct views *v)
{
	static const struct key_hint timeouts[] = {
		{ "Enter", "edit" }, { "+/-", "step" }, { "/", "find" }, { "p", "presets" },
		{ "u", "undo" }, { "J", "journal" }, { "w", "export" }, { "Esc", "back" },
		{ NULL, NULL },
	};
	static const struct key_hint journal[] = {
		{ "/", "find setting" }, { "u", "undo" }, { "U", "undo all" }, { "Esc", "back" },
		{ "q", "quit" }, { NULL, NULL },
	};
	static const struct key_hint advice[] = {
		{ "Enter", "act on it" }, { "t", "timeouts" }, { "Esc", "back" }, { "q", "quit" },
		{ NULL, NULL },
	};
	static const struct key_hint *const hints[VIEW_COUNT] = {
		[VIEW_TIMEOUTS] = timeouts, [VIEW_JOURNAL] = journal, [VIEW_ADVICE] = advice,
	};
	return hints[v->shown];
}

void views_draw(struct views *v, struct rect r)
{
	switch (v->shown) {
	case VIEW_TIMEOUTS:
		timeout_pane_draw(&v->timeouts, r, true);
		break;
	case VIEW_JOURNAL:
		journal_pane_draw(&v->journal, r, true);
		break;
	case VIEW_ADVICE:
		advice_pane_draw(&v->advice, r, true);
		break;
	default:
		break;
	}
}
