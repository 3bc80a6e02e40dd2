/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The export (w): where the files go (one path, two when the bucket
 * count is exported too), a preview of them, and y to write them. They
 * apply at boot; nothing changes now. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/format.h"
#include "dlg_tune_int.h"
#include "write/fresh.h"
#include "write/overrides.h"
#include "write/typed.h"

static void ask_export_path(struct tuning *tu)
{
	input_open(&tu->in, tu->exp_step == 0 ? "write the settings (sysctl.d) to: " :
		   "and the bucket count (modprobe.d) to: ");
	input_set_text(&tu->in, tu->exp_path[tu->exp_step]);
	tu->mode = TM_EXPORT_PATH;
}

void tuning_export(struct tuning *tu, const struct ct_snapshot *s)
{
	if (!tuning_may_start(tu))
		return;
	if (!s) {
		tuning_message(tu, true, "no snapshot yet: wait for the first refresh");
		return;
	}
	struct ct_snapshot *now = fresh_snapshot(&tu->t, s);
	if (!now) {
		tuning_message(tu, true, "out of memory: nothing was written");
		return;
	}
	char who[160];
	int ret = export_render(now, &tu->defaults, export_author(who, sizeof who), time(NULL), &tu->exp);
	free(now);
	if (ret < 0) {
		tuning_message(tu, true, "the export does not fit in %d bytes: nothing was written", EXPORT_TEXT_MAX);
		return;
	}
	/* a file that is read last wins: name it after any other that sets
	 * conntrack values at boot, and say which */
	struct overrides ov;
	overrides_find(overrides_root(), &ov);
	if (overrides_prepare_export(&ov, &tu->exp, tu->exp_path[0], sizeof tu->exp_path[0]) < 0) {
		tuning_message(tu, true, "the export does not fit in %d bytes: nothing was written", EXPORT_TEXT_MAX);
		return;
	}
	tu->exp_step = 0;
	ask_export_path(tu);
}

void tuning_export_path_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	(void)s;
	enum input_result r = input_key(&tu->in, key);
	if (r == INPUT_CANCEL) {
		tu->mode = TM_IDLE;
		tuning_message(tu, false, "export cancelled: nothing was written");
		return;
	}
	if (r != INPUT_ACCEPT)
		return;
	char why[INPUT_MAX + 32];
	const char *bad = typed_path_problem(tu->in.text, why, sizeof why);
	if (bad) {
		input_set_error(&tu->in, bad);
		return;
	}
	snprintf(tu->exp_path[tu->exp_step], sizeof tu->exp_path[0], "%s", tu->in.text);
	if (tu->exp_step == 0 && export_set_path(&tu->exp, tu->exp_path[0]) < 0) {
		input_set_error(&tu->in, "that path is too long for the file's comment");
		return;
	}
	if (tu->exp_step == 0 && tu->exp.has_modprobe) {
		tu->exp_step = 1;
		ask_export_path(tu);
		return;
	}
	tu->dlg.top = 0;
	tu->mode = TM_EXPORT;
}

static void export_write(struct tuning *tu)
{
	char err[320];
	int ret = export_write_files(&tu->exp, tu->t.read_only, tu->exp_path[0], tu->exp_path[1],
				     err, sizeof err);
	tu->mode = TM_IDLE;
	if (ret < 0) {
		tuning_message(tu, true, "%s", err);
		return;
	}
	char settings[48];
	fmt_counted(settings, sizeof settings, tu->exp.nsysctl, "setting", "settings");
	if (tu->exp.has_modprobe)
		tuning_message(tu, false, "wrote %s to %s and the bucket count to %s: they apply "
			"at boot", settings, tu->exp_path[0], tu->exp_path[1]);
	else
		tuning_message(tu, false, "wrote %s to %s: they apply at boot (now: sysctl -p %s)",
			settings, tu->exp_path[0], tu->exp_path[0]);
}

void tuning_build_export(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	(void)s;
	static char preview[2 * EXPORT_TEXT_MAX + 1200];
	dialog_open(&tu->dlg, "Write these files?", false);
	dialog_add_wrapped(&tu->dlg, "", "The settings that differ from the kernel's defaults, so "
			   "they survive a reboot. Nothing changes now.", width);
	dialog_add(&tu->dlg, "%s", "");
	if (export_preview(&tu->exp, tu->exp_path[0], tu->exp_path[1], preview, sizeof preview) < 0)
		dialog_add(&tu->dlg, "(the preview does not fit)");
	else
		dialog_add_wrapped(&tu->dlg, "", preview, width);
	dialog_set_prompt(&tu->dlg, "y: write them    n or Esc: no");
}

/* The preview: y writes the files, n or Esc writes nothing. */
void tuning_export_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	(void)s;
	if (tuning_scroll_key(tu, keys_action(key)))
		return;
	if (dialog_key(&tu->dlg, key) == DIALOG_YES) {
		export_write(tu);
	} else if (dialog_key(&tu->dlg, key) == DIALOG_NO) {
		tu->mode = TM_IDLE;
		tuning_message(tu, false, "export cancelled: nothing was written");
	}
}
