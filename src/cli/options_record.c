/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli/options_record.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/parse.h"
#include "record/store.h"
#include "write/duration.h"

bool options_parse_size(const char *text, uint64_t *v)
{
	static const char units[] = "KMG";
	size_t len = strlen(text);
	char digits[32];
	unsigned shift = 0;
	if (len == 0 || len >= sizeof digits)
		return false;
	memcpy(digits, text, len + 1);
	const char *u = strchr(units, digits[len - 1]);
	if (u && *u) {
		shift = 10 * (unsigned)(u - units + 1);
		digits[len - 1] = '\0';
	}
	uint64_t n;
	if (!parse_uint(digits, UINT64_MAX >> shift, &n))
		return false;
	*v = n << shift;
	return true;
}

static int need_file(const char *arg, const char *opt, char *err, size_t errlen)
{
	if (*arg)
		return 0;
	snprintf(err, errlen, "%s needs a file name", opt);
	return -1;
}

int options_record_take(struct options *o, int which, const char *arg, char *err, size_t errlen)
{
	long secs;
	const char *bad;
	switch (which) {
	case 0:
		o->record = arg;
		return need_file(arg, "--record", err, errlen);
	case 1:
		if ((bad = duration_parse(arg, &secs)) != NULL || secs < 60) {
			snprintf(err, errlen, "invalid value '%s' for --record-max-age: %s", arg,
				 bad ? bad : "at least a minute");
			return -1;
		}
		o->record_max_age_s = (double)secs;
		return 0;
	case 2:
		if (!options_parse_size(arg, &o->record_max_bytes) ||
		    o->record_max_bytes < REC_MIN_MAX_BYTES) {
			snprintf(err, errlen, "invalid value '%s' for --record-max-size: expected a size "
				 "of at least 1M, such as 64M or 2G", arg);
			return -1;
		}
		return 0;
	case 3:
		o->replay = arg;
		return need_file(arg, "--replay", err, errlen);
	case 4:
		o->at = arg;
		return 0;
	case 5:
		o->history = true;
		return 0;
	case 6:
		o->since = arg;
		return 0;
	default:
		o->until = arg;
		return 0;
	}
}

static int refuse(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return -1;
}

static int check_replay(struct options *o, bool *list, char *err, size_t errlen)
{
	if (o->record)
		return refuse(err, errlen, "--record and --replay cannot be used together");
	if (o->mode == MODE_PROMETHEUS || o->mode == MODE_EXPORTER || o->mode == MODE_UNDO_LAST ||
	    o->demo || o->interval_s || o->all_netns || o->netns || o->netns_pid)
		return refuse(err, errlen, "--replay reads a recording: it goes with --once, --json, "
			      "--history, --list and --at, not with options that read or change the table");
	if (o->history && (o->mode != MODE_DASHBOARD && o->mode != MODE_JSON))
		return refuse(err, errlen, "--history prints JSON: it cannot be used with --once");
	if (o->history && (o->at || *list))
		return refuse(err, errlen, "--history prints a span (--since, --until), not --at or --list");
	if ((o->since || o->until) && !o->history)
		return refuse(err, errlen, "--since and --until go with --history");
	if (o->history)
		o->mode = MODE_HISTORY;
	if (*list) {
		o->list_json = o->mode == MODE_JSON;
		o->mode = MODE_LIST;
		*list = false;
	}
	return 0;
}

int options_record_check(struct options *o, bool *list, char *err, size_t errlen)
{
	if (o->mode == MODE_HELP || o->mode == MODE_VERSION)
		return 0;
	if (o->replay)
		return check_replay(o, list, err, errlen);
	if (o->at || o->history || o->since || o->until)
		return refuse(err, errlen, "--at, --history, --since and --until go with --replay");
	bool bounds = o->record_max_age_s != OPTIONS_RECORD_MAX_AGE_S ||
		      o->record_max_bytes != OPTIONS_RECORD_MAX_BYTES;
	if (bounds && !o->record)
		return refuse(err, errlen, "--record-max-age and --record-max-size go with --record");
	if (!o->record)
		return 0;
	if (*list || o->mode == MODE_ONCE || o->mode == MODE_PROMETHEUS || o->mode == MODE_UNDO_LAST ||
	    o->interval_s || o->demo)
		return refuse(err, errlen, "--record goes with the dashboard, --listen, --textfile or "
			      "--json (printing each picture), or alone");
	/* a service or a pipe has no screen: record alone */
	if (o->mode == MODE_JSON || (o->mode == MODE_DASHBOARD &&
				     (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))) {
		o->record_json = o->mode == MODE_JSON;
		o->mode = MODE_RECORD;
	}
	return 0;
}
