/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tunectl: drives ctdash's write path (src/tune.c) the way the dashboard
 * does, one command per line on stdin, one result line per command on
 * stdout, so the integration tests can act like a person at the keys.
 *
 *   tunectl [--netns NAME] [--journal PATH] [--read-only]
 *           [--max-path FILE] [--hashsize-path FILE] [--initial-ns yes|no]
 *           [--kernel-decides]
 * --kernel-decides skips the access check before a write, so that the
 * kernel's own refusal (EACCES, EPERM) reaches the write path.
 *
 * Commands:
 *   set NAME VALUE [SEEN]  VALUE as typed (timeouts take 30s, 2m, …); SEEN
 *                          is what the user was shown (default: read now)
 *   profile ID             apply a preset as one plan
 *   plan NAME=VALUE...     apply these changes as one plan (all or nothing)
 *   undo | undo-all        `u` and `U`
 *   undo-journal           what --undo-last does
 *   read NAME              the value now
 *   pending                changes of this session not undone
 *   unreverted             changes in force according to the journal
 * Results: "ok …", or the failure ("refused", "invalid", "changed",
 * "journal", "write", "verify", "nothing", "error") and the message.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/duration.h"
#include "collect/netns.h"
#include "base/parse.h"
#include "write/profiles.h"
#include "collect/sysctl.h"
#include "collect/timeout_fresh.h"
#include "model/timeout_defaults.h"
#include "write/tune.h"

static const char *status_word(enum tune_status st)
{
	static const char *const words[] = {
		[TUNE_OK] = "ok", [TUNE_REFUSED] = "refused", [TUNE_INVALID] = "invalid",
		[TUNE_CHANGED] = "changed", [TUNE_JOURNAL] = "journal", [TUNE_WRITE] = "write",
		[TUNE_VERIFY] = "verify", [TUNE_NOMEM] = "nomem",
	};
	return words[st];
}

static void apply(struct tune_ctx *t, struct tune_plan *p)
{
	struct tune_result res;
	enum tune_status st = tune_apply(t, p, &res);
	printf("%s %s\n", status_word(st), res.msg);
}

/* A value as the dashboard's input line takes it. */
static const char *parse_value(const char *name, const char *text, uint64_t *v)
{
	if (tune_target_of(name) == TUNE_TIMEOUT) {
		long secs;
		const char *why = duration_parse(text, &secs);
		if (!why)
			*v = (uint64_t)secs;
		return why;
	}
	return parse_uint(text, UINT64_MAX, v) ? NULL : "not a whole number";
}

static void cmd_set(struct tune_ctx *t, char *args)
{
	char *name = strtok(args, " "), *text = strtok(NULL, " "), *seen_text = strtok(NULL, " ");
	if (!name || !text) {
		printf("error usage: set NAME VALUE [SEEN]\n");
		return;
	}
	uint64_t want, seen;
	const char *why = parse_value(name, text, &want);
	if (why) {
		printf("invalid %s\n", why);
		return;
	}
	if (seen_text ? !parse_uint(seen_text, UINT64_MAX, &seen) : tune_read(t, name, &seen) < 0) {
		printf("error cannot read %s\n", name);
		return;
	}
	struct tune_plan p;
	tune_plan_init(&p, name);
	tune_plan_add(&p, name, seen, want, NULL);
	apply(t, &p);
	tune_plan_free(&p);
}

static void cmd_plan(struct tune_ctx *t, char *args)
{
	struct tune_plan p;
	tune_plan_init(&p, "plan");
	for (char *item = strtok(args, " "); item; item = strtok(NULL, " ")) {
		char *eq = strchr(item, '=');
		uint64_t want, seen;
		const char *why = eq ? (*eq = '\0', parse_value(item, eq + 1, &want)) : "not NAME=VALUE";
		if (!why && tune_read(t, item, &seen) < 0)
			why = "cannot read it";
		if (!why && tune_plan_add(&p, item, seen, want, NULL) < 0)
			why = "out of memory";
		if (why) {
			printf("invalid %s: %s\n", item, why);
			tune_plan_free(&p);
			return;
		}
	}
	apply(t, &p);
	tune_plan_free(&p);
}

static void cmd_profile(struct tune_ctx *t, const char *id)
{
	const struct profile *pr = profile_find(id ? id : "");
	if (!pr) {
		printf("error no profile '%s'\n", id ? id : "");
		return;
	}
	struct ct_snapshot s;
	memset(&s, 0, sizeof s);
	int n = sysctl_discover_timeouts(s.timeouts, CT_TIMEOUT_MAX);
	s.ntimeouts = n > 0 ? (unsigned)n : 0;
	struct timeout_defaults d;
	timeout_defaults_load(&d);
	struct tune_plan p;
	unsigned missing;
	profile_plan(pr, &s, &d, &p, &missing);
	apply(t, &p);
	tune_plan_free(&p);
}

static void cmd_undo(struct tune_ctx *t, int which)
{
	struct tune_plan p;
	char err[320];
	int ret = which == 0 ? tune_plan_undo_last(t, &p) :
		  which == 1 ? tune_plan_undo_all(t, &p) : tune_plan_undo_journal(t, &p, err, sizeof err);
	if (ret == -ENOENT || (which == 2 && ret == 0))
		printf("nothing to undo\n");
	else if (ret < 0)
		printf("error %s\n", which == 2 ? err : strerror(-ret));
	else
		apply(t, &p);
	tune_plan_free(&p);
}

static void cmd_unreverted(struct tune_ctx *t)
{
	struct journal_log log;
	struct recovery_item items[64];
	int n = tune_unreverted(t, &log, items, 64);
	if (n < 0) {
		printf("error %s\n", strerror(-n));
		return;
	}
	printf("ok %d", n);
	for (int i = 0; i < n && i < 64; i++)
		printf(" %s=%" PRIu64 "<-%" PRIu64, items[i].rec->name, items[i].value,
		       items[i].rec->old_value);
	printf("\n");
	journal_log_free(&log);
}

static void run(struct tune_ctx *t, char *line)
{
	line[strcspn(line, "\n")] = '\0';
	char *cmd = strtok(line, " ");
	char *rest = strtok(NULL, "");
	uint64_t v;
	if (!cmd)
		return;
	if (strcmp(cmd, "set") == 0)
		cmd_set(t, rest ? rest : (char *)"");
	else if (strcmp(cmd, "profile") == 0)
		cmd_profile(t, rest);
	else if (strcmp(cmd, "plan") == 0)
		cmd_plan(t, rest ? rest : (char *)"");
	else if (strcmp(cmd, "undo") == 0)
		cmd_undo(t, 0);
	else if (strcmp(cmd, "undo-all") == 0)
		cmd_undo(t, 1);
	else if (strcmp(cmd, "undo-journal") == 0)
		cmd_undo(t, 2);
	else if (strcmp(cmd, "read") == 0 && rest && tune_read(t, rest, &v) == 0)
		printf("ok %" PRIu64 "\n", v);
	else if (strcmp(cmd, "pending") == 0)
		printf("ok %u\n", tune_session_pending(t));
	else if (strcmp(cmd, "unreverted") == 0)
		cmd_unreverted(t);
	else
		printf("error unknown or failed command '%s'\n", cmd);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "journal", required_argument, NULL, 'j' },
		{ "read-only", no_argument, NULL, 'r' },
		{ "max-path", required_argument, NULL, 'm' },
		{ "hashsize-path", required_argument, NULL, 'H' },
		{ "initial-ns", required_argument, NULL, 'i' },
		{ "kernel-decides", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *netns = NULL, *journal = NULL, *max_path = NULL, *hash_path = NULL, *initial = NULL;
	bool read_only = false, kernel_decides = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': netns = optarg; break;
		case 'j': journal = optarg; break;
		case 'r': read_only = true; break;
		case 'm': max_path = optarg; break;
		case 'H': hash_path = optarg; break;
		case 'i': initial = optarg; break;
		case 'k': kernel_decides = true; break;
		default:
			fprintf(stderr, "tunectl: bad option\n");
			return 2;
		}
	}
	if (netns && netns_enter_name(netns) < 0) {
		fprintf(stderr, "tunectl: cannot enter %s\n", netns);
		return 2;
	}
	struct tune_ctx t;
	tune_init(&t, netns ? netns : "", journal, read_only);
	if (max_path)
		snprintf(t.max_path, sizeof t.max_path, "%s", max_path);
	if (hash_path)
		snprintf(t.hashsize_path, sizeof t.hashsize_path, "%s", hash_path);
	if (initial)
		t.initial_ns = strcmp(initial, "yes") == 0;
	t.kernel_decides = kernel_decides;
	char line[512];
	while (fgets(line, sizeof line, stdin))
		run(&t, line);
	tune_free(&t);
	return 0;
}
