/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The views the tuning writes through, without a terminal: which one
 * shows, rows read again after a write, the journal newest first, advice
 * offered as an edit (ui/timeoutview.c, journalview.c, adviceview.c). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tuneui.h"
#include "ui/views.h"

/* The view context as the dashboard builds it, for a snapshot begun at
 * started and a write at now. */
static struct view_ctx ctx_at(double started, double now)
{
	return (struct view_ctx){ .snap = &snap, .started = started, .now = now,
				  .defaults = &tu.defaults, .tune = &tu.t,
				  .journal_path = tu.t.journal_path };
}

static void test_views(void **state)
{
	(void)state;
	static struct views v;
	assert_int_equal(views_init(&v), 0);
	struct timeout_pane *tp = views_state(&v, &timeouts_view);
	struct journal_pane *jp = views_state(&v, &journal_view);
	struct view_ctx c = ctx_at(1.0, 1.0);
	assert_null(views_panel(&v));
	/* the keys find their views */
	assert_ptr_equal(views_by_action(ACT_TIMEOUTS), &timeouts_view);
	assert_ptr_equal(views_by_action(ACT_JOURNAL), &journal_view);
	assert_ptr_equal(views_by_action(ACT_ADVICE), &advice_view);
	assert_null(views_by_action(ACT_QUIT));
	/* t, then J from there: J goes back to the timeouts, Esc to the panes */
	views_toggle(&v, &timeouts_view, &c);
	assert_ptr_equal(views_panel(&v), &tp->panel);
	views_toggle(&v, &journal_view, &c);
	assert_true(views_showing(&v, &journal_view));
	assert_string_equal(views_name(&v), "the journal");
	views_toggle(&v, &journal_view, &c);
	assert_true(views_showing(&v, &timeouts_view));
	views_toggle(&v, &timeouts_view, &c);
	assert_null(v.shown);
	assert_string_equal(views_name(&v), "the panes");
	views_toggle(&v, &advice_view, &c);
	/* none of these has a line of its own for the status line: hints */
	assert_false(views_status(&v, (struct rect){ 23, 0, 1, 80 }));
	assert_non_null(views_hints(&v));
	views_close(&v);
	assert_false(views_status(&v, (struct rect){ 23, 0, 1, 80 }));
	assert_null(views_hints(&v));
	assert_null(v.shown);

	/* the timeouts' rows, searched by their short names; after a write the
	 * values are read again, also from a snapshot begun before it */
	views_update(&v, &c);
	assert_int_equal(tp->n, (int)TT_NTIMEOUTS);
	assert_int_equal(tp->differ, 0);
	int row = panel_find(&tp->panel, "time_wait", 0);
	assert_true(row >= 0);
	assert_string_equal(tp->rows[row].name, TW);
	tt_put(TW, 10);
	c = ctx_at(1.0, 2.0);
	views_wrote(&v, &c);
	assert_int_equal(tp->rows[row].value, 10);
	assert_true(tp->rows[row].differs);
	c = ctx_at(1.5, 2.0);
	views_update(&v, &c); /* snap still says 120 */
	assert_int_equal(tp->rows[row].value, 10);
	assert_int_equal(tp->differ, 1);
	c = ctx_at(2.5, 3.0);
	views_update(&v, &c); /* newer: taken as it is */
	assert_int_equal(tp->rows[row].value, 120);

	/* the journal, newest first */
	tuning_edit(&tu, TW, NULL);
	tt_clear_and_type("30");
	tuning_key(&tu, &snap, 'y');
	tuning_undo(&tu, false);
	tuning_key(&tu, &snap, 'y');
	views_toggle(&v, &journal_view, &c);
	assert_int_equal(jp->panel.nrows, 2);
	assert_int_equal(journal_pane_record(jp, 0)->kind, JOURNAL_UNDO);
	assert_int_equal(journal_pane_record(jp, 1)->kind, JOURNAL_APPLY);
	assert_null(journal_pane_record(jp, 2));

	/* advice that names a setting offers it with the value as typed */
	struct advice a = { .level = ADVICE_WARN, .sysctl = TW, .suggested = 30 };
	char value[32];
	assert_string_equal(advice_setting(&a, value, sizeof value), TW);
	assert_string_equal(value, "30s");
	snprintf(a.sysctl, sizeof a.sysctl, "hashsize");
	a.suggested = 131072;
	assert_string_equal(advice_setting(&a, value, sizeof value), "hashsize");
	assert_string_equal(value, "131072");
	a.sysctl[0] = '\0';
	assert_null(advice_setting(&a, value, sizeof value));
	views_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_views, tt_setup, tt_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
