/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The presets (p): a menu of the profiles the core knows; choosing one
 * plans its changes from the settings as they are now and asks before
 * writing (dlg_tune_confirm.c). */
#include <stdlib.h>
#include <string.h>

#include "base/bufprintf.h"
#include "dlg_tune_int.h"
#include "write/fresh.h"

void tuning_profiles(struct tuning *tu)
{
	char why[320];
	if (tu->mode != TM_IDLE)
		return;
	if (tuning_refused(tu, why, sizeof why)) {
		tuning_message(tu, true, "%s", why);
		return;
	}
	tu->profile_sel = 0;
	tu->dlg.top = 0;
	tu->mode = TM_PROFILES;
}

static void choose_profile(struct tuning *tu, const struct ct_snapshot *s, unsigned i)
{
	unsigned n;
	const struct profile *list = profiles_list(&n);
	if (i >= n)
		return;
	tu->mode = TM_IDLE;
	if (!s) {
		tuning_message(tu, true, "no snapshot yet: wait for the first refresh");
		return;
	}
	struct ct_snapshot *now = fresh_snapshot(&tu->t, s);
	if (!now) {
		tuning_message(tu, true, "out of memory: nothing was changed");
		return;
	}
	unsigned missing;
	int ret = profile_plan(&list[i], now, &tu->defaults, &tu->plan, &missing);
	free(now);
	if (ret <= 0) {
		tuning_message(tu, ret < 0, ret < 0 ? "out of memory: nothing was changed" :
			"nothing to change: the timeouts already match the preset '%s'", list[i].id);
		tune_plan_free(&tu->plan);
		return;
	}
	tu->profile = &list[i];
	tuning_open_plan(tu, TPK_PROFILE);
	if (list[i].warning)
		tuning_note(tu, true, "%s", list[i].warning);
	if (missing)
		buf_appendf(tu->note, sizeof tu->note,
			    "%u of its timeouts this kernel does not have: left out.", missing);
}

void tuning_presets_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	unsigned n;
	profiles_list(&n);
	enum ui_action a = keys_action(key);
	if (key >= '1' && key < '1' + (int)n)
		choose_profile(tu, s, (unsigned)(key - '1'));
	else if (a == ACT_ENTER)
		choose_profile(tu, s, tu->profile_sel);
	else if (a == ACT_UP && tu->profile_sel > 0)
		tu->profile_sel--;
	else if (a == ACT_DOWN && tu->profile_sel + 1 < n)
		tu->profile_sel++;
	else if (key == KEY_ESC || key == 'q' || key == 'n')
		tu->mode = TM_IDLE;
}

void tuning_build_presets(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	(void)s;
	unsigned n;
	const struct profile *list = profiles_list(&n);
	dialog_open(&tu->dlg, "Presets of timeouts", false);
	dialog_add_wrapped(&tu->dlg, "", "Choose one: the next screen shows every change and asks "
			   "before anything is written.", width);
	for (unsigned i = 0; i < n; i++) {
		dialog_add(&tu->dlg, "%s", "");
		dialog_add(&tu->dlg, "%s %u  %s", i == tu->profile_sel ? ">" : " ", i + 1, list[i].title);
		dialog_add_wrapped(&tu->dlg, "     ", list[i].description, width);
	}
	char prompt[64];
	snprintf(prompt, sizeof prompt, "1-%u or Enter: choose    Esc: cancel", n);
	dialog_set_prompt(&tu->dlg, prompt);
}

