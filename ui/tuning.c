#include "tuning.h"

#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/analysis.h"
#include "base/clock.h"
#include "write/confirm.h"
#include "write/duration.h"
#include "base/format.h"
#include "keys.h"
#include "model/names.h"
#include "base/parse.h"
#include "screen.h"
#include "model/timeouts.h"

/* Dialogs wider than this are hard to read even on a wide terminal. */
#define DIALOG_MAX_COLS 100

static void message(struct tuning *tu, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void message(struct tuning *tu, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tu->msg, sizeof tu->msg, fmt, ap);
	va_end(ap);
	tu->msg_error = error;
	tu->msg_new = true;
}

static void note(struct tuning *tu, bool warn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct tuning *tu, bool warn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tu->note, sizeof tu->note, fmt, ap);
	va_end(ap);
	tu->note_warn = warn;
}

static const char *short_name(const char *name)
{
	/* nf_conntrack_max keeps its full name: "max" alone says nothing */
	return tune_target_of(name) == TUNE_TIMEOUT ? sysctl_short_name(name) : name;
}

void tuning_init(struct tuning *tu, const char *ns_label, const char *journal, bool read_only)
{
	memset(tu, 0, sizeof *tu);
	tune_init(&tu->t, ns_label, journal, read_only);
	timeout_defaults_load(&tu->defaults);
	snprintf(tu->exp_path[0], sizeof tu->exp_path[0], "%s", EXPORT_SYSCTL_PATH);
	snprintf(tu->exp_path[1], sizeof tu->exp_path[1], "%s", EXPORT_MODPROBE_PATH);
}

static void close_plan(struct tuning *tu)
{
	tune_plan_free(&tu->plan);
	tu->note[0] = '\0';
	tu->note_warn = false;
	tu->profile = NULL;
	tu->dlg.top = 0;
	tu->mode = TM_IDLE;
}

void tuning_free(struct tuning *tu)
{
	close_plan(tu);
	tune_free(&tu->t);
}

bool tuning_busy(const struct tuning *tu)
{
	return tu->mode != TM_IDLE;
}

const char *tuning_refused(const struct tuning *tu, char *buf, size_t n)
{
	const char *ro = tune_writes_refused(&tu->t);
	if (ro)
		return snprintf(buf, n, "%s", ro), buf;
	/* every timeout sysctl of a namespace has the same owner and mode */
	return tune_refusal(&tu->t, "nf_conntrack_tcp_timeout_established", buf, n);
}

/* ---- values as typed ----------------------------------------------------- */

/* A count as a person types it: digits, with ',' or '_' between groups
 * as the meters show them (262,144). */
static const char *parse_count(const char *text, uint64_t *v)
{
	char digits[32];
	size_t n = 0;
	while (*text == ' ')
		text++;
	if (*text == '-')
		return "negative: type a whole number of at least 1";
	for (const char *p = text; *p && *p != ' '; p++) {
		bool sep = (*p == ',' || *p == '_') && n > 0 && p[1] >= '0' && p[1] <= '9';
		if (sep)
			continue;
		if (*p < '0' || *p > '9')
			return "not a whole number: type digits, as in 262144";
		if (n + 1 >= sizeof digits)
			return "too large: that number has too many digits";
		digits[n++] = *p;
	}
	digits[n] = '\0';
	if (n == 0)
		return "empty: type a whole number, as in 262144";
	if (!parse_uint(digits, UINT64_MAX, v))
		return "too large: the number does not fit in 64 bits";
	return NULL;
}

static const char *parse_value(const char *name, const char *text, uint64_t *v)
{
	if (tune_target_of(name) != TUNE_TIMEOUT)
		return parse_count(text, v);
	long secs;
	const char *why = duration_parse(text, &secs);
	if (!why)
		*v = (uint64_t)secs;
	return why;
}

uint64_t tuning_round_buckets(uint64_t want, long page_size)
{
	uint64_t per_page = page_size > 0 ? (uint64_t)page_size / CT_BUCKET_HEAD_BYTES : 1;
	if (per_page < 1)
		per_page = 1;
	return (want + per_page - 1) / per_page * per_page;
}

/* ---- starting a change --------------------------------------------------- */

static void open_plan(struct tuning *tu, enum tuning_plan_kind kind)
{
	tu->kind = kind;
	tu->dlg.top = 0;
	tu->mode = TM_CONFIRM;
}

/* The one change the input or a step asks for. */
static void plan_one(struct tuning *tu, const char *name, uint64_t seen, uint64_t want)
{
	tune_plan_init(&tu->plan, name);
	if (tune_plan_add(&tu->plan, name, seen, want, NULL) < 0) {
		message(tu, true, "out of memory: nothing was changed");
		close_plan(tu);
		return;
	}
	open_plan(tu, TPK_CHANGE);
}

/* Whether name can be written; says why not in the status line. */
static bool may_write(struct tuning *tu, const char *name)
{
	char why[320];
	if (!tune_refusal(&tu->t, name, why, sizeof why))
		return true;
	message(tu, true, "%s", why);
	return false;
}

static bool read_now(struct tuning *tu, const char *name, uint64_t *v)
{
	int ret = tune_read(&tu->t, name, v);
	if (ret == 0)
		return true;
	message(tu, true, "cannot read %s: %s", name, strerror(-ret));
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
		 target == TUNE_HASHSIZE ? "buckets" : short_name(name), words);
	input_open(&tu->in, prompt);
	if (suggest)
		input_set_text(&tu->in, suggest);
	snprintf(tu->name, sizeof tu->name, "%s", name);
	tu->seen = now;
	tu->note[0] = '\0';
	tu->mode = TM_INPUT;
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
		message(tu, false, "%s is %s, the %s step of the ladder: Enter types any value",
			short_name(name), fmt_duration(d, sizeof d, cur), dir > 0 ? "top" : "bottom");
		return;
	}
	plan_one(tu, name, now, (uint64_t)next);
	if (tu->mode == TM_CONFIRM)
		note(tu, false, "One step %s the ladder of common values; Enter on the row types any value.",
		     dir > 0 ? "up" : "down");
}

static void input_accept(struct tuning *tu)
{
	uint64_t want;
	char why[320], a[32], b[32];
	const char *bad = parse_value(tu->name, tu->in.text, &want);
	uint64_t asked = want;
	/* past the limit it is refused as it is, not as a rounding wrapped */
	if (!bad && tune_target_of(tu->name) == TUNE_HASHSIZE && want > 0 &&
	    want <= TUNE_HASHSIZE_LIMIT)
		want = tuning_round_buckets(want, sysconf(_SC_PAGESIZE));
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
		note(tu, false, "Rounded up from %s to %s: the kernel allocates whole pages of "
		     "bucket heads, so it would keep %s anyway.", fmt_count(a, sizeof a, asked),
		     fmt_count(b, sizeof b, want), b);
}

void tuning_undo(struct tuning *tu, bool all)
{
	const char *ro = tune_writes_refused(&tu->t);
	if (tu->mode != TM_IDLE)
		return;
	if (ro) {
		message(tu, true, "%s", ro);
		return;
	}
	int ret = all ? tune_plan_undo_all(&tu->t, &tu->plan) : tune_plan_undo_last(&tu->t, &tu->plan);
	if (ret == -ENOENT) {
		message(tu, false, tu->t.ndone ? "nothing left to undo: every change of this session is undone" :
			"nothing to undo: this session has changed nothing");
		tune_plan_free(&tu->plan);
		return;
	}
	if (ret < 0) {
		message(tu, true, "cannot plan the undo: %s", strerror(-ret));
		tune_plan_free(&tu->plan);
		return;
	}
	/* the result reads "<title> undone: N changes reverted" */
	snprintf(tu->plan.title, sizeof tu->plan.title, "%s",
		 all ? "this session's changes" : "the last change");
	tu->undo_all = all;
	open_plan(tu, TPK_UNDO);
}

/* ---- a snapshot with the settings as they are now ------------------------ */

/* A snapshot can be a refresh old, and a plan or an export must start
 * from what the system holds: s with every setting read again. */
static struct ct_snapshot *fresh_copy(const struct tuning *tu, const struct ct_snapshot *s)
{
	struct ct_snapshot *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	*c = *s;
	c->cpu = NULL; /* the sampler owns it */
	c->ncpu = 0;
	for (unsigned i = 0; i < c->ntimeouts; i++) {
		uint64_t v;
		if (tune_read(&tu->t, c->timeouts[i].name, &v) == 0 && v <= (uint64_t)DURATION_MAX)
			c->timeouts[i].value = (long)v;
	}
	uint64_t v;
	if (tune_read(&tu->t, TUNE_MAX_NAME, &v) == 0)
		c->max = v;
	if (tune_read(&tu->t, TUNE_HASHSIZE_NAME, &v) == 0)
		c->buckets = c->hashsize = v;
	analyse(c);
	return c;
}

/* ---- profiles ------------------------------------------------------------- */

void tuning_profiles(struct tuning *tu)
{
	char why[320];
	if (tu->mode != TM_IDLE)
		return;
	if (tuning_refused(tu, why, sizeof why)) {
		message(tu, true, "%s", why);
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
		message(tu, true, "no snapshot yet: wait for the first refresh");
		return;
	}
	struct ct_snapshot *now = fresh_copy(tu, s);
	if (!now) {
		message(tu, true, "out of memory: nothing was changed");
		return;
	}
	unsigned missing;
	int ret = profile_plan(&list[i], now, &tu->defaults, &tu->plan, &missing);
	free(now);
	if (ret <= 0) {
		message(tu, ret < 0, ret < 0 ? "out of memory: nothing was changed" :
			"nothing to change: the timeouts already match the preset '%s'", list[i].id);
		tune_plan_free(&tu->plan);
		return;
	}
	tu->profile = &list[i];
	open_plan(tu, TPK_PROFILE);
	if (list[i].warning)
		note(tu, true, "%s", list[i].warning);
	if (missing)
		snprintf(tu->note + strlen(tu->note), sizeof tu->note - strlen(tu->note),
			 "%s%u of its timeouts this kernel does not have: left out.",
			 tu->note[0] ? " " : "", missing);
}

static void profiles_key(struct tuning *tu, const struct ct_snapshot *s, int key)
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

/* ---- export --------------------------------------------------------------- */

static void ask_export_path(struct tuning *tu)
{
	input_open(&tu->in, tu->exp_step == 0 ? "write the settings (sysctl.d) to: " :
		   "and the bucket count (modprobe.d) to: ");
	input_set_text(&tu->in, tu->exp_path[tu->exp_step]);
	tu->mode = TM_EXPORT_PATH;
}

void tuning_export(struct tuning *tu, const struct ct_snapshot *s)
{
	const char *ro = tune_writes_refused(&tu->t);
	if (tu->mode != TM_IDLE)
		return;
	if (ro) {
		message(tu, true, "%s", ro);
		return;
	}
	if (!s) {
		message(tu, true, "no snapshot yet: wait for the first refresh");
		return;
	}
	struct ct_snapshot *now = fresh_copy(tu, s);
	if (!now) {
		message(tu, true, "out of memory: nothing was written");
		return;
	}
	char who[160];
	int ret = export_render(now, &tu->defaults, export_author(who, sizeof who), time(NULL), &tu->exp);
	free(now);
	if (ret < 0) {
		message(tu, true, "the export does not fit in %d bytes: nothing was written", EXPORT_TEXT_MAX);
		return;
	}
	tu->exp_step = 0;
	ask_export_path(tu);
}

/* Where a file can go: an absolute path in a directory that exists. */
static const char *path_problem(const char *path, char *buf, size_t n)
{
	if (path[0] != '/')
		return "type an absolute path (it starts with /)";
	const char *slash = strrchr(path, '/');
	if (!slash[1])
		return "that is a directory: add the file's name";
	char dir[INPUT_MAX];
	snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return snprintf(buf, n, "no directory %s", dir), buf;
	return NULL;
}

static void export_path_key(struct tuning *tu, int key)
{
	enum input_result r = input_key(&tu->in, key);
	if (r == INPUT_CANCEL) {
		tu->mode = TM_IDLE;
		message(tu, false, "export cancelled: nothing was written");
		return;
	}
	if (r != INPUT_ACCEPT)
		return;
	char why[INPUT_MAX + 32];
	const char *bad = path_problem(tu->in.text, why, sizeof why);
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
		message(tu, true, "%s", err);
		return;
	}
	const char *s = tu->exp.nsysctl == 1 ? "" : "s";
	if (tu->exp.has_modprobe)
		message(tu, false, "wrote %u setting%s to %s and the bucket count to %s: they apply "
			"at boot", tu->exp.nsysctl, s, tu->exp_path[0], tu->exp_path[1]);
	else
		message(tu, false, "wrote %u setting%s to %s: they apply at boot (now: sysctl -p %s)",
			tu->exp.nsysctl, s, tu->exp_path[0], tu->exp_path[0]);
}

/* ---- the review at start -------------------------------------------------- */

int tuning_review(struct tuning *tu)
{
	struct journal_log log;
	struct recovery_item *items = calloc(TUNING_REVIEW_MAX, sizeof *items);
	if (!items)
		return 0;
	char why[320];
	const char *refused = tuning_refused(tu, why, sizeof why);
	int n = tune_unreverted(&tu->t, &log, items, TUNING_REVIEW_MAX);
	if (n < 0) {
		/* without the privilege to write, the journal is often not
		 * readable either (it is root's, 0600): nothing to offer then */
		if (!refused || tu->t.read_only)
			message(tu, true, "cannot read the journal %s: %s", tu->t.journal_path,
				n == -ELOOP ? "it is a symbolic link" : strerror(-n));
		free(items);
		return 0;
	}
	if (n > TUNING_REVIEW_MAX)
		n = TUNING_REVIEW_MAX;
	if (n > 0 && refused) {
		message(tu, false, "%d change%s an earlier session made %s still in force (journal %s); "
			"ctdash cannot revert %s here: %s", n, n == 1 ? "" : "s", n == 1 ? "is" : "are",
			tu->t.journal_path, n == 1 ? "it" : "them", refused);
	} else if (n > 0 && tu->mode == TM_IDLE) {
		if (tune_plan_from_unreverted(items, (size_t)n, &tu->plan) < 0) {
			tune_plan_free(&tu->plan);
			n = 0;
		} else {
			/* the plan lists them newest first */
			for (int i = 0; i < n; i++)
				tu->review_when[i] = items[n - 1 - i].rec->when;
			snprintf(tu->plan.title, sizeof tu->plan.title, "the earlier session's changes");
			open_plan(tu, TPK_REVIEW);
		}
	}
	journal_log_free(&log);
	free(items);
	return n;
}

/* ---- confirming and applying ---------------------------------------------- */

static void apply(struct tuning *tu)
{
	struct tune_result res;
	double t0 = mono_ms();
	enum tune_status st = tune_apply(&tu->t, &tu->plan, &res);
	tu->apply_ms = mono_ms() - t0;
	tu->applied = true;
	tu->wrote = true;
	if (st == TUNE_CHANGED && res.index >= 0) {
		/* compare-and-set: show the value there now and ask again */
		tune_plan_rebase(&tu->plan, (unsigned)res.index, res.current);
		note(tu, true, "%s The dialog now shows that value: answer again.", res.msg);
		tu->dlg.top = 0;
		message(tu, true, "changed behind ctdash's back: nothing was written; asking again");
		return;
	}
	message(tu, st != TUNE_OK, "%s", res.msg);
	bool review = tu->kind == TPK_REVIEW && st == TUNE_OK;
	close_plan(tu);
	/* a change reverted can uncover an older one of the same setting,
	 * in force again: the review goes on until none is left */
	int more = review ? tuning_review(tu) : 0;
	if (more > 0 && tu->mode == TM_CONFIRM)
		note(tu, false, "Reverted. Under those, %d earlier change%s of the journal %s in force "
		     "now:", more, more == 1 ? "" : "s", more == 1 ? "is" : "are");
}

static void cancel(struct tuning *tu)
{
	if (tu->kind == TPK_REVIEW)
		message(tu, false, "kept the %u change%s of the earlier session; ctdash --undo-last "
			"reverts them later, one transaction at a time", tu->plan.n,
			tu->plan.n == 1 ? "" : "s");
	else
		message(tu, false, "cancelled: nothing was written");
	close_plan(tu);
}

static bool scroll_key(struct tuning *tu, enum ui_action a)
{
	int rows = LINES > 0 ? LINES : 24;
	int page = dialog_visible(&tu->dlg, rows) > 1 ? dialog_visible(&tu->dlg, rows) - 1 : 1;
	int delta;
	switch (a) {
	case ACT_UP: delta = -1; break;
	case ACT_DOWN: delta = 1; break;
	case ACT_PAGE_UP: delta = -page; break;
	case ACT_PAGE_DOWN: delta = page; break;
	case ACT_HOME: delta = -tu->dlg.n; break;
	case ACT_END: delta = tu->dlg.n; break;
	default: return false;
	}
	/* clamped when the dialog is next built, against its real length */
	tu->dlg.top += delta;
	if (tu->dlg.top < 0)
		tu->dlg.top = 0;
	return true;
}

static void confirm_key(struct tuning *tu, int key)
{
	bool review = tu->kind == TPK_REVIEW;
	if (scroll_key(tu, keys_action(key)))
		return;
	if (review ? key == 'r' || key == 'R' : dialog_key(&tu->dlg, key) == DIALOG_YES)
		apply(tu);
	else if (dialog_key(&tu->dlg, key) == DIALOG_NO)
		cancel(tu);
}

static void input_mode_key(struct tuning *tu, int key)
{
	enum input_result r = input_key(&tu->in, key);
	if (r == INPUT_CANCEL) {
		tu->mode = TM_IDLE;
		message(tu, false, "cancelled: nothing was written");
	} else if (r == INPUT_ACCEPT) {
		input_accept(tu);
	}
}

void tuning_key(struct tuning *tu, const struct ct_snapshot *s, int key)
{
	tu->applied = false;
	switch (tu->mode) {
	case TM_INPUT:
		input_mode_key(tu, key);
		break;
	case TM_CONFIRM:
		confirm_key(tu, key);
		break;
	case TM_PROFILES:
		profiles_key(tu, s, key);
		break;
	case TM_EXPORT_PATH:
		export_path_key(tu, key);
		break;
	case TM_EXPORT:
		if (scroll_key(tu, keys_action(key)))
			break;
		if (dialog_key(&tu->dlg, key) == DIALOG_YES) {
			export_write(tu);
		} else if (dialog_key(&tu->dlg, key) == DIALOG_NO) {
			tu->mode = TM_IDLE;
			message(tu, false, "export cancelled: nothing was written");
		}
		break;
	default:
		break;
	}
}

/* ---- the dialogs' text ----------------------------------------------------- */

static const struct ct_snapshot *or_empty(const struct ct_snapshot *s)
{
	static const struct ct_snapshot none;
	return s ? s : &none;
}

static const char *where(const struct tuning *tu, char *buf, size_t n)
{
	if (tu->t.ns[0])
		snprintf(buf, n, "in namespace '%s'", tu->t.ns);
	else
		snprintf(buf, n, "in ctdash's own namespace");
	return buf;
}

static void add_note(struct tuning *tu, int width)
{
	if (!tu->note[0])
		return;
	dialog_add_wrapped(&tu->dlg, "", tu->note, width);
	dialog_add(&tu->dlg, "%s", "");
}

static void add_entries(struct dialog *d, const struct confirm_info *ci, int width)
{
	char n[32], line[200];
	if (ci->entries < 0 && ci->entries_what[0])
		snprintf(line, sizeof line, "Entries concerned: %s", ci->entries_what);
	else if (ci->entries >= 0 && strcmp(ci->entries_what, "entries now") == 0)
		snprintf(line, sizeof line, "Entries now: %s", fmt_count(n, sizeof n, (uint64_t)ci->entries));
	else if (ci->entries >= 0)
		snprintf(line, sizeof line, "Entries in %s now: %s", ci->entries_what,
			 fmt_count(n, sizeof n, (uint64_t)ci->entries));
	else
		return;
	dialog_add_wrapped(d, "", line, width);
}

static void build_change(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	const struct tune_change *c = &tu->plan.c[0];
	struct confirm_info ci;
	char title[96], place[200], path[300];
	confirm_describe(&tu->t, s, c, &ci);
	enum tune_target target = tune_target_of(c->name);
	snprintf(title, sizeof title, "Change %s?",
		 target == TUNE_HASHSIZE ? "the bucket count" : short_name(c->name));
	dialog_open(&tu->dlg, title, tu->note_warn);
	add_note(tu, width);
	if (target == TUNE_HASHSIZE)
		snprintf(path, sizeof path, "%s (global)", tu->t.hashsize_path);
	else
		snprintf(path, sizeof path, "net.netfilter.%s %s", c->name,
			 target == TUNE_MAX ? "(global)" : where(tu, place, sizeof place));
	dialog_add_wrapped(&tu->dlg, "", path, width);
	dialog_add(&tu->dlg, "    %s  ->  %s", ci.old_text, ci.new_text);
	add_entries(&tu->dlg, &ci, width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add_wrapped(&tu->dlg, "", ci.detail, width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add(&tu->dlg, "The same by hand:");
	dialog_add_command(&tu->dlg, "  ", ci.command, width);
}

static void plan_title(const struct tuning *tu, char *buf, size_t n)
{
	unsigned k = tu->plan.n;
	const char *s = k == 1 ? "" : "s";
	switch (tu->kind) {
	case TPK_PROFILE:
		snprintf(buf, n, "Apply the preset '%s'? (%u change%s)", tu->profile ? tu->profile->id : "",
			 k, s);
		break;
	case TPK_REVIEW:
		snprintf(buf, n, "An earlier session left %u change%s in force", k, s);
		break;
	default:
		snprintf(buf, n, "%s? (%u change%s)", tu->undo_all ? "Undo everything this session changed" :
			 "Undo the last change", k, s);
	}
}

/* Column widths of the plan's lines. */
struct plan_cols {
	int name, old, new;
};

static struct plan_cols plan_columns(struct tuning *tu, const struct ct_snapshot *s)
{
	struct plan_cols w = { 0, 0, 0 };
	for (unsigned i = 0; i < tu->plan.n; i++) {
		struct confirm_info ci;
		confirm_describe(&tu->t, s, &tu->plan.c[i], &ci);
		int n = (int)strlen(short_name(tu->plan.c[i].name));
		w.name = n > w.name ? n : w.name;
		w.old = (int)strlen(ci.old_text) > w.old ? (int)strlen(ci.old_text) : w.old;
		w.new = (int)strlen(ci.new_text) > w.new ? (int)strlen(ci.new_text) : w.new;
	}
	return w;
}

/* One line a change: name, old -> new, the entries it concerns. */
static void add_change_line(struct tuning *tu, const struct ct_snapshot *s, unsigned i,
			    const struct plan_cols *w)
{
	const struct tune_change *c = &tu->plan.c[i];
	struct confirm_info ci;
	char n[32], entries[64] = "", when[32];
	confirm_describe(&tu->t, s, c, &ci);
	if (ci.entries >= 0 && tune_target_of(c->name) == TUNE_TIMEOUT)
		snprintf(entries, sizeof entries, "  %s %s", fmt_count(n, sizeof n, (uint64_t)ci.entries),
			 ci.entries_what);
	if (tu->kind == TPK_REVIEW) {
		time_t t = (time_t)tu->review_when[i];
		struct tm tm;
		strftime(when, sizeof when, "%m-%d %H:%M", localtime_r(&t, &tm));
		dialog_add(&tu->dlg, "  %-*s now %-*s before %-*s set %s", w->name, short_name(c->name),
			   w->old, ci.old_text, w->new, ci.new_text, when);
	} else {
		dialog_add(&tu->dlg, "  %-*s %*s -> %-*s%s", w->name, short_name(c->name), w->old,
			   ci.old_text, w->new, ci.new_text, entries);
	}
}

static void build_plan(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	char title[128], place[200];
	plan_title(tu, title, sizeof title);
	dialog_open(&tu->dlg, title, tu->note_warn);
	add_note(tu, width);
	if (tu->kind == TPK_REVIEW) {
		char intro[900];
		snprintf(intro, sizeof intro, "The journal %s records these changes, still in force %s "
			 "(newest first):", tu->t.journal_path, where(tu, place, sizeof place));
		dialog_add_wrapped(&tu->dlg, "", intro, width);
	} else {
		dialog_add(&tu->dlg, "%s", where(tu, place, sizeof place));
	}
	struct plan_cols w = plan_columns(tu, s);
	bool timeouts = false;
	for (unsigned i = 0; i < tu->plan.n; i++) {
		timeouts |= tune_target_of(tu->plan.c[i].name) == TUNE_TIMEOUT;
		add_change_line(tu, s, i, &w);
	}
	dialog_add(&tu->dlg, "%s", "");
	if (timeouts)
		dialog_add_wrapped(&tu->dlg, "", "Entries already counting down keep their current timer "
				   "until their next packet; the new values apply from then on.", width);
	static const char *const how[] = {
		[TPK_PROFILE] = "All or nothing: if one write fails, the ones before it are put back. "
				"One u undoes all of it.",
		[TPK_UNDO] = "Newest first; if one fails, the undo stops there and keeps what it undid.",
		[TPK_REVIEW] = "Reverting is journalled like any change; newest first.",
	};
	dialog_add_wrapped(&tu->dlg, "", how[tu->kind], width);
	dialog_add(&tu->dlg, "%s", "");
	dialog_add(&tu->dlg, "The same by hand:");
	for (unsigned i = 0; i < tu->plan.n; i++) {
		char cmd[400];
		confirm_command(&tu->t, tu->plan.c[i].name, tu->plan.c[i].want, cmd, sizeof cmd);
		dialog_add_command(&tu->dlg, "  ", cmd, width);
	}
	if (tu->kind == TPK_REVIEW)
		dialog_set_prompt(&tu->dlg, "r: revert them all    n or Esc: keep them");
}

static void build_profiles(struct tuning *tu, int width)
{
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

static void build_export(struct tuning *tu, int width)
{
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

void tuning_build_dialog(struct tuning *tu, const struct ct_snapshot *s, int width)
{
	int top = tu->dlg.top;
	s = or_empty(s);
	switch (tu->mode) {
	case TM_CONFIRM:
		if (tu->kind == TPK_CHANGE)
			build_change(tu, s, width);
		else
			build_plan(tu, s, width);
		break;
	case TM_PROFILES:
		build_profiles(tu, width);
		break;
	case TM_EXPORT:
		build_export(tu, width);
		break;
	default:
		dialog_open(&tu->dlg, "", false);
		break;
	}
	tu->dlg.top = top;
}

void tuning_draw(struct tuning *tu, const struct ct_snapshot *s, struct rect status,
		 int rows, int cols)
{
	if (tu->mode == TM_INPUT || tu->mode == TM_EXPORT_PATH) {
		input_draw(&tu->in, status);
		return;
	}
	if (tu->mode == TM_IDLE)
		return;
	int width = (cols < DIALOG_MAX_COLS ? cols : DIALOG_MAX_COLS) - 4;
	tuning_build_dialog(tu, s, width);
	dialog_scroll(&tu->dlg, 0, rows);
	dialog_draw(&tu->dlg, rows, cols);
}
