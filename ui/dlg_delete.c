/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Deleting entries from the list view (F9 or k): the question (which
 * entries, how many, a sample, "A delete cannot be undone."), y to
 * delete; with a filter, a offers all it matches and e the selected entry
 * again. A delete of every entry or of more than CTDEL_BIG_PERCENT of the
 * table asks a second time, and that answer is typed: yes and Enter,
 * never one key. Any other key cancels. The delete itself is the core's
 * (write/ctdel_job.h): a thread reads, journals and deletes while the
 * screen goes on; tuning_delete_poll shows its progress and result. F9 or
 * k while it runs asks whether to stop it; quitting stops it. */
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "screen.h"
#include "dlg_tune_int.h"

static bool deleting_all(const struct tuning *tu)
{
	return tu->del_all;
}

static uint64_t how_many(const struct tuning *tu)
{
	return deleting_all(tu) ? tu->del.matched : 1;
}

/* The second confirmation is needed: every entry, or a big share. */
static bool needs_second(const struct tuning *tu)
{
	return deleting_all(tu) && ctdel_is_big(tu->del.matched, tu->del.total);
}

static void close_delete(struct tuning *tu)
{
	tu->del_sure = false;
	tu->del_typed[0] = '\0';
	tu->dlg.top = 0;
	tu->mode = TM_IDLE;
}

bool tuning_deleting(const struct tuning *tu)
{
	return tu->del_job != NULL;
}

void tuning_delete(struct tuning *tu, const struct delete_ask *ask)
{
	if (tu->del_job) {
		tuning_delete_stop_ask(tu);
		return;
	}
	if (!tuning_may_start(tu))
		return;
	tu->del = *ask;
	tu->del_all = false;
	tu->del_sure = false;
	tu->del_typed[0] = '\0';
	tu->dlg.top = 0;
	tu->mode = TM_DELETE;
}

void tuning_delete_all(struct tuning *tu, const struct delete_ask *ask)
{
	tuning_delete(tu, ask);
	if (tu->mode == TM_DELETE && ask->matched > 0)
		tu->del_all = true;
}

static void start(struct tuning *tu)
{
	struct ctdel_request rq;
	memset(&rq, 0, sizeof rq);
	rq.one = !deleting_all(tu);
	rq.entry = tu->del.entry;
	snprintf(rq.filter, sizeof rq.filter, "%s", tu->del.filter);
	rq.seen_total = tu->del.total;
	rq.big_confirmed = tu->del_sure;
	snprintf(rq.journal_path, sizeof rq.journal_path, "%s", tu->t.journal_path);
	rq.nsid = tu->t.nsid;
	snprintf(rq.ns, sizeof rq.ns, "%s", tu->t.ns);
	rq.read_only = tu->t.read_only;
	close_delete(tu);
	tu->del_job = ctdel_job_start(&rq);
	if (!tu->del_job)
		tuning_message(tu, true, "nothing deleted: cannot start the delete: %s", strerror(errno));
	else
		tuning_message(tu, false, "deleting%s", screen_glyphs()->ellipsis);
}

static void cancel(struct tuning *tu)
{
	close_delete(tu);
	tuning_message(tu, false, "cancelled: nothing deleted");
}

/* The typed answer to the second question: yes and Enter deletes. */
static void sure_key(struct tuning *tu, int key)
{
	size_t len = strlen(tu->del_typed);
	if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		if (strcmp(tu->del_typed, "yes") == 0)
			start(tu);
		else
			cancel(tu);
	} else if ((key == KEY_BACKSPACE || key == KEY_DEL || key == '\b') && len > 0) {
		tu->del_typed[len - 1] = '\0';
	} else if (key >= 'a' && key <= 'z' && len + 1 < sizeof tu->del_typed) {
		tu->del_typed[len] = (char)key;
		tu->del_typed[len + 1] = '\0';
	} else {
		cancel(tu);
	}
}

void tuning_delete_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	(void)s;
	if (tuning_scroll_key(tu, keys_action(key)))
		return;
	if (tu->del_sure) {
		sure_key(tu, key);
		return;
	}
	if ((key == 'a' || key == 'A') && tu->del.matched > 0) {
		tu->del_all = true;
		tu->dlg.top = 0;
	} else if (key == 'e' || key == 'E') {
		tu->del_all = false;
		tu->dlg.top = 0;
	} else if (key == 'y' || key == 'Y') {
		if (!needs_second(tu)) {
			start(tu);
			return;
		}
		tu->del_sure = true;
		tu->dlg.top = 0;
	} else {
		cancel(tu);
	}
}

static void add_entry(struct tuning *tu, const struct ct_entry *e)
{
	char text[160];
	dialog_add(&tu->dlg, "  %s", ctdel_entry_text(e, text, sizeof text));
}

static void build_which(struct tuning *tu, int width)
{
	char m[48], t[32], line[CT_LIST_FILTER_MAX + 300];
	const struct delete_ask *a = &tu->del;
	fmt_count(m, sizeof m, a->matched);
	fmt_count(t, sizeof t, a->total);
	if (!deleting_all(tu)) {
		dialog_add(&tu->dlg, "The selected entry:");
		add_entry(tu, &a->entry);
		return;
	}
	if (a->filter[0])
		snprintf(line, sizeof line, "All %s matching '%s' (of %s in the table), "
			 "as the filter matches them when the delete runs. The first:",
			 fmt_counted(m, sizeof m, a->matched, "entry", "entries"), a->filter, t);
	else
		snprintf(line, sizeof line, "Every entry of the table: %s. The first:", m);
	dialog_add_wrapped(&tu->dlg, "", line, width);
	for (unsigned i = 0; i < a->nsample; i++)
		add_entry(tu, &a->sample[i]);
	if (a->matched > a->nsample)
		dialog_add(&tu->dlg, "  %s and %s more", screen_glyphs()->ellipsis,
			   fmt_count(m, sizeof m, a->matched - a->nsample));
}

static void build_second(struct tuning *tu, int width)
{
	char m[32], t[48], line[300];
	fmt_count(m, sizeof m, tu->del.matched);
	fmt_counted(t, sizeof t, tu->del.total, "entry", "entries");
	snprintf(line, sizeof line, "That is %s of the table: %s of %s. Type yes and Enter "
		 "to delete them; any other answer deletes nothing.",
		 tu->del.matched >= tu->del.total ? "every entry" : "more than half", m, t);
	dialog_add_wrapped(&tu->dlg, "", line, width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add(&tu->dlg, "  Delete them all? > %s_", tu->del_typed);
}

void tuning_build_delete(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	(void)s;
	char title[80], place[200], n[48], prompt[96];
	uint64_t k = how_many(tu);
	if (tu->del_sure)
		snprintf(title, sizeof title, "Really delete %s?", fmt_counted(n, sizeof n, k, "entry", "entries"));
	else if (k == 1)
		snprintf(title, sizeof title, "Delete %s?", deleting_all(tu) ? "1 entry" : "this entry");
	else
		snprintf(title, sizeof title, "Delete %s?", fmt_counted(n, sizeof n, k, "entry", "entries"));
	dialog_open(&tu->dlg, title, true);
	dialog_add(&tu->dlg, "%s", tuning_where(tu, place, sizeof place));
	build_which(tu, width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add(&tu->dlg, "A delete cannot be undone.");
	dialog_add_wrapped(&tu->dlg, "", "The journal records it: when, the namespace, which "
			   "entries and how many.", width);
	if (tu->del_sure) {
		dialog_add(&tu->dlg, "%s", "");
		build_second(tu, width);
		dialog_set_prompt(&tu->dlg, "yes Enter: delete    anything else: cancel");
		return;
	}
	if (needs_second(tu))
		dialog_add_wrapped(&tu->dlg, "", "So many needs a second confirmation after y.", width);
	if (deleting_all(tu))
		snprintf(prompt, sizeof prompt, "y: delete    e: this entry only    other keys: cancel");
	else if (tu->del.matched > 1 || tu->del.filter[0])
		snprintf(prompt, sizeof prompt, "y: delete    a: all %s %s    other keys: cancel",
			 fmt_count(n, sizeof n, tu->del.matched), tu->del.filter[0] ? "matching" : "entries");
	else
		snprintf(prompt, sizeof prompt, "y: delete    other keys: cancel");
	dialog_set_prompt(&tu->dlg, prompt);
}

void tuning_delete_stop_ask(struct tuning *tu)
{
	if (tu->del_job && tu->mode == TM_IDLE) {
		tu->dlg.top = 0;
		tu->mode = TM_DELETE_STOP;
	}
}

void tuning_delete_stop_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	(void)s;
	if (tuning_scroll_key(tu, keys_action(key)))
		return;
	tu->mode = TM_IDLE;
	if (key == 'y' || key == 'Y') {
		ctdel_job_stop(tu->del_job);
		tuning_message(tu, false, "stopping the delete%s", screen_glyphs()->ellipsis);
	} else {
		tuning_message(tu, false, "the delete goes on");
	}
}

void tuning_build_delete_stop(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	(void)s;
	char place[200], line[200], a[48], b[48];
	struct ctdel_status st;
	ctdel_job_status(tu->del_job, &st);
	dialog_open(&tu->dlg, "Stop the delete?", true);
	dialog_add(&tu->dlg, "%s", tuning_where(tu, place, sizeof place));
	if (st.phase == CTDEL_READING)
		snprintf(line, sizeof line, "It is reading the table (%s so far): nothing "
			 "is deleted yet.", fmt_counted(a, sizeof a, st.read, "entry", "entries"));
	else
		snprintf(line, sizeof line, "%s of %s are done. Those deleted stay deleted; "
			 "the rest are left as they are.", fmt_count(a, sizeof a, st.tried),
			 fmt_counted(b, sizeof b, st.n, "entry", "entries"));
	dialog_add_wrapped(&tu->dlg, "", line, width);
	dialog_add_wrapped(&tu->dlg, "", "The journal records how many were left.", width);
	dialog_set_prompt(&tu->dlg, "y: stop    other keys: let it run");
}

bool tuning_delete_poll(struct tuning *tu, bool *ended)
{
	*ended = false;
	if (!tu->del_job)
		return false;
	struct ctdel_status st;
	ctdel_job_status(tu->del_job, &st);
	char a[48], b[32];
	/* the screen's own: a UTF-8 one outside a UTF-8 locale garbles it */
	const char *dots = screen_glyphs()->ellipsis;
	switch (st.phase) {
	case CTDEL_READING:
		tuning_message(tu, false, "deleting%s reading the table: %s   F9: stop", dots,
			       fmt_counted(a, sizeof a, st.read, "entry", "entries"));
		return true;
	case CTDEL_DELETING:
		tuning_message(tu, false, "deleting%s %s/%s   F9: stop", dots,
			       fmt_count(a, sizeof a, st.tried), fmt_count(b, sizeof b, st.n));
		return true;
	default:
		break;
	}
	ctdel_job_end(tu->del_job);
	tu->del_job = NULL;
	*ended = true;
	/* the question about stopping it has no object any more */
	if (tu->mode == TM_DELETE_STOP)
		tu->mode = TM_IDLE;
	tuning_message(tu, (st.err < 0 && !st.stopped) || st.refused || st.c.failed > 0, "%s",
		       st.msg);
	return true;
}
