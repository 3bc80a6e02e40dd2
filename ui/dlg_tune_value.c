/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The line that asks for a value (Enter, e, m, b, and the advice's
 * suggestion), and the one-step changes (+ and -). What is typed is read
 * by the core (write/typed.h); a plan of one change goes to the
 * confirmation (dlg_tune_confirm.c). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/format.h"
#include "dlg_tune_int.h"
#include "write/duration.h"
#include "write/typed.h"

/* The one change the input or a step asks for. */
static void plan_one(struct tuning *tu, const char *name, uint64_t seen, uint64_t want)
{
	tune_plan_init(&tu->plan, name);
	if (tune_plan_add(&tu->plan, name, seen, want, NULL) < 0) {
		tuning_message(tu, true, "out of memory: nothing was changed");
		tuning_close_plan(tu);
		return;
	}
	tuning_open_plan(tu, TPK_CHANGE);
}

/* Whether name can be written; says why not in the status line. */
static bool may_write(struct tuning *tu, const char *name)
{
	char why[320];
	if (!tune_refusal(&tu->t, name, why, sizeof why))
		return true;
	tuning_message(tu, true, "%s", why);
	return false;
}

static bool read_now(struct tuning *tu, const char *name, uint64_t *v)
{
	int ret = tune_read(&tu->t, name, v);
	if (ret == 0)
		return true;
	tuning_message(tu, true, "cannot read %s: %s", name, strerror(-ret));
	return false;
}

static void value_words(const char *name, uint64_t v, char *buf, size_t n)
{
	char a[32], b[32];
	if (tune_target_of(name) == TUNE_TIMEOUT)
		snprintf(buf, n, "%s (%" PRIu64 " s)", fmt_duration(a, sizeof a, (long)v), v);
	else
		snprintf(buf, n, "%s", fmt_count(b, sizeof b, v));
}

void tuning_edit(struct tuning *tu, const char *name, const char *suggest)
{
	uint64_t now;
	if (tu->mode != TM_IDLE || !may_write(tu, name) || !read_now(tu, name, &now))
		return;
	char words[48], prompt[96];
	value_words(name, now, words, sizeof words);
	enum tune_target target = tune_target_of(name);
	snprintf(prompt, sizeof prompt, "%s, now %s: ",
		 target == TUNE_HASHSIZE ? "buckets" : tuning_short_name(name), words);
	input_open(&tu->in, prompt);
	if (suggest)
		input_set_text(&tu->in, suggest);
	snprintf(tu->name, sizeof tu->name, "%s", name);
	tu->seen = now;
	tu->note[0] = '\0';
	tu->mode = TM_INPUT;
}

void tuning_set(struct tuning *tu, const char *name, uint64_t want, const char *note)
{
	uint64_t now;
	char why[320];
	if (tu->mode != TM_IDLE || !tuning_may_start(tu) || !may_write(tu, name) ||
	    !read_now(tu, name, &now))
		return;
	if (tune_validate(name, want, why, sizeof why)) {
		tuning_message(tu, true, "%s", why);
		return;
	}
	if (now == want) {
		tuning_message(tu, false, "%s is %" PRIu64 " already %s: nothing to change", name, now,
			       tuning_where(tu, why, sizeof why));
		return;
	}
	plan_one(tu, name, now, want);
	if (tu->mode == TM_CONFIRM && note)
		tuning_note(tu, false, "%s", note);
}

void tuning_step(struct tuning *tu, const char *name, int dir)
{
	uint64_t now;
	if (tu->mode != TM_IDLE || !may_write(tu, name) || !read_now(tu, name, &now))
		return;
	long cur = now > (uint64_t)DURATION_MAX ? DURATION_MAX : (long)now;
	long next = dir > 0 ? duration_step_up(cur) : duration_step_down(cur);
	if (next == cur) {
		char d[32];
		tuning_message(tu, false, "%s is %s, the %s step of the ladder: Enter types any value",
			tuning_short_name(name), fmt_duration(d, sizeof d, cur), dir > 0 ? "top" : "bottom");
		return;
	}
	plan_one(tu, name, now, (uint64_t)next);
	if (tu->mode == TM_CONFIRM)
		tuning_note(tu, false, "One step %s the ladder of common values; Enter on the row types any value.",
		     dir > 0 ? "up" : "down");
}

static void input_accept(struct tuning *tu)
{
	uint64_t want;
	char why[320], a[32], b[32];
	const char *bad = typed_value(tu->name, tu->in.text, &want);
	uint64_t asked = want;
	/* past the limit it is refused as it is, not as a rounding wrapped */
	if (!bad && tune_target_of(tu->name) == TUNE_HASHSIZE && want > 0 &&
	    want <= TUNE_HASHSIZE_LIMIT)
		want = typed_round_buckets(want, sysconf(_SC_PAGESIZE));
	if (!bad)
		bad = tune_validate(tu->name, want, why, sizeof why);
	if (bad) {
		input_set_error(&tu->in, bad); /* nothing is written */
		return;
	}
	if (want == tu->seen) {
		input_set_error(&tu->in, "that is the value now: nothing to change");
		return;
	}
	plan_one(tu, tu->name, tu->seen, want);
	if (tu->mode == TM_CONFIRM && want != asked)
		tuning_note(tu, false, "Rounded up from %s to %s: the kernel allocates whole pages of "
		     "bucket heads, so it would keep %s anyway.", fmt_count(a, sizeof a, asked),
		     fmt_count(b, sizeof b, want), b);
}

void tuning_value_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	(void)s;
	enum input_result r = input_key(&tu->in, key);
	if (r == INPUT_CANCEL) {
		tu->mode = TM_IDLE;
		tuning_message(tu, false, "cancelled: nothing was written");
	} else if (r == INPUT_ACCEPT) {
		input_accept(tu);
	}
}

