/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/confirm.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/analysis.h"
#include "base/bufprintf.h"
#include "base/format.h"
#include "base/bufprintf.h"
#include "base/shellword.h"
#include "write/overrides.h"
#include "model/timeouts.h"
#include "base/clock.h"
#include "collect/nsscan.h"

char *confirm_command(const struct tune_ctx *t, const char *name, uint64_t value,
		      char *buf, size_t n)
{
	char prefix[NS_EXEC_PREFIX_MAX];
	/* nf_conntrack_max is global: set where ctdash started, the initial
	 * namespace, never inside the one read */
	if (tune_target_of(name) == TUNE_MAX)
		prefix[0] = '\0';
	else
		ns_exec_prefix(t->ns, prefix, sizeof prefix);
	if (tune_target_of(name) == TUNE_HASHSIZE)
		snprintf(buf, n, "echo %" PRIu64 " > %s", value, t->hashsize_path);
	else
		snprintf(buf, n, "%ssysctl -w net.netfilter.%s=%" PRIu64, prefix, name, value);
	return buf;
}

static void value_text(enum tune_target target, uint64_t v, char *buf, size_t n)
{
	char human[32];
	if (target == TUNE_TIMEOUT) {
		snprintf(buf, n, "%" PRIu64 " (%s)", v, fmt_duration(human, sizeof human, (long)v));
	} else if (target == TUNE_SWITCH) {
		snprintf(buf, n, "%" PRIu64 " (%s)", v, v ? "on" : "off");
	} else {
		fmt_count(buf, n, v);
	}
}

/* Little's law, L = λW: entries in a state are the rate they enter it
 * times how long each stays. Entries that see no packet stay the whole
 * timeout, so the rate now is count / old and the count to expect is
 * count x new / old; ones still carrying traffic stay longer. */
static void steady_state(const struct ct_snapshot *s, const struct tune_change *c,
			 struct confirm_info *out)
{
	char n[32], b[32];
	out->steady_entries = -1;
	out->steady_bound = -1;
	if (out->entries < 0 || !c->seen)
		return;
	out->steady_entries = (int64_t)((double)out->entries * (double)c->want / (double)c->seen + 0.5);
	buf_appendf(out->detail, sizeof out->detail, "Expected once it applies: about %s in %s "
		    "(now %s; count x new / old, Little's law).",
		    fmt_count(n, sizeof n, (uint64_t)out->steady_entries), out->entries_what,
		    fmt_count(b, sizeof b, (uint64_t)out->entries));
	if (s->rates.valid && s->rates.new_known) {
		out->steady_bound = s->rates.new_per_s * (double)c->want;
		buf_appendf(out->detail, sizeof out->detail, "At most %s if every new entry "
			    "(%.0f/s now) passed through it.",
			    fmt_count(b, sizeof b, (uint64_t)out->steady_bound), s->rates.new_per_s);
	}
}

/* What the change does not touch now: the entries there keep their
 * timers (a TIME_WAIT entry gets no packet, so it keeps it to the end),
 * and when the last of them expires at the latest. */
static void untouched(const struct ct_snapshot *s, const struct tune_change *c,
		      struct confirm_info *out)
{
	char n[32], when[16];
	int64_t left = timeout_longest_left(s, c->name);
	if (out->entries <= 0 || left < 0 || !s->taken_at)
		return;
	buf_appendf(out->detail, sizeof out->detail, "The %s %s %s there now %s their "
		    "%s: the last expires by %s at the latest, whatever the new value.",
		    fmt_count(n, sizeof n, (uint64_t)out->entries), out->entries_what,
		    plural((uint64_t)out->entries, "entry", "entries"),
		    plural((uint64_t)out->entries, "keeps", "keep"),
		    plural((uint64_t)out->entries, "timer", "timers"),
		    fmt_clock(when, sizeof when, s->taken_at + (double)left));
}

static void describe_timeout(const struct ct_snapshot *s, const struct tune_change *c,
			     struct confirm_info *out)
{
	out->entries = timeout_entries(s, c->name, &out->entries_what);
	snprintf(out->detail, sizeof out->detail,
		 "Entries already counting down keep their current timer until their next packet; "
		 "the new value applies from then on.%s",
		 c->want < c->seen ? " A shorter timeout frees the table sooner but forgets idle "
				     "flows sooner too." : "");
	untouched(s, c, out);
	steady_state(s, c, out);
}

/* Boot configuration or an agent that would set it again: said before
 * each write, read then. */
static void will_it_stick(const struct tune_change *c, struct confirm_info *out)
{
	static struct overrides ov;
	char sentence[600];
	overrides_find(overrides_root(), &ov);
	overrides_sentence(&ov, tune_target_of(c->name) == TUNE_HASHSIZE ? "hashsize" : c->name,
			   sentence, sizeof sentence);
	if (sentence[0])
		buf_appendf(out->detail, sizeof out->detail, "%s", sentence);
}

/* What a table of max entries over buckets buckets would be: kernel
 * memory at max and entries per bucket, beside the entries now; "now"
 * gets the memory of the table as it is. */
static void describe_table(const struct ct_snapshot *s, uint64_t max, uint64_t buckets,
			   struct confirm_info *out, char *now, size_t nowlen)
{
	out->entries = (int64_t)s->count;
	out->entries_what = "entries now";
	out->memory_after = table_memory(max, buckets, s->entry_size);
	out->max_per_bucket = buckets ? (double)max / (double)buckets : 0.0;
	fmt_bytes(now, nowlen, table_memory(s->max, s->buckets, s->entry_size));
}

/* The namespaces whose count is within 10% of the limit now, read once
 * a few seconds (the dialog is drawn again on every key). */
#define NEAR_LIMIT 0.9
#define NEAR_CACHE_S 5.0

static void near_limit(uint64_t max, char *buf, size_t n)
{
	static char cached[300];
	static double at;
	static uint64_t for_max;
	double now = mono_ms() / 1e3;
	if (at && now - at < NEAR_CACHE_S && for_max == max) {
		snprintf(buf, n, "%s", cached);
		return;
	}
	struct ns_table t;
	cached[0] = '\0';
	if (nsscan_run(&t) == 0) {
		unsigned near = 0;
		char list[240] = "", label[NS_LABEL_MAX], c[32];
		size_t len = 0;
		for (unsigned i = 0; i < t.n; i++) {
			if (t.ns[i].err || (double)t.ns[i].count < NEAR_LIMIT * (double)max)
				continue;
			if (near++ < 4 && len < sizeof list)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%s (%s)",
							near == 1 ? "" : ", ",
							ns_label(&t.ns[i], label, sizeof label),
							fmt_count(c, sizeof c, t.ns[i].count));
		}
		if (!near)
			snprintf(cached, sizeof cached, "No namespace is within 10%% of the limit now.");
		else if (near > 4)
			snprintf(cached, sizeof cached, "Within 10%% of the limit now: %s and %u more.",
				 list, near - 4);
		else
			snprintf(cached, sizeof cached, "Within 10%% of the limit now: %s.", list);
		nsscan_free(&t);
	}
	at = now;
	for_max = max;
	snprintf(buf, n, "%s", cached);
}

static void describe_max(const struct ct_snapshot *s, const struct tune_change *c,
			 struct confirm_info *out)
{
	char mem[32], now[32];
	describe_table(s, c->want, s->buckets, out, now, sizeof now);
	snprintf(out->detail, sizeof out->detail,
		 "At the new max a full table holds %s of kernel memory (%s now at max; %" PRIu32
		 " bytes per entry%s), and max/buckets becomes %.2f%s.",
		 fmt_bytes(mem, sizeof mem, out->memory_after), now,
		 s->entry_size, s->entry_size_measured ? " from slabinfo" : ", assumed",
		 out->max_per_bucket,
		 out->max_per_bucket > 4.0 ? ": chains get long when the table fills; grow the buckets too"
					   : "");
	if (c->want < s->count)
		buf_appendf(out->detail, sizeof out->detail,
			    "The table already holds more entries than that: new flows will be dropped.");
	buf_appendf(out->detail, sizeof out->detail, "It is global: the limit of every network "
		    "namespace's table, written in the initial namespace.");
	char near[300];
	near_limit(s->max, near, sizeof near);
	if (near[0])
		buf_appendf(out->detail, sizeof out->detail, "%s", near);
}

static void describe_hashsize(const struct ct_snapshot *s, const struct tune_change *c,
			      struct confirm_info *out)
{
	char mem[32], now[32];
	describe_table(s, s->max, c->want, out, now, sizeof now);
	out->lambda_after = c->want ? (double)s->count / (double)c->want : 0.0;
	out->nonempty_after = expected_nonempty_fraction(out->lambda_after);
	snprintf(out->detail, sizeof out->detail,
		 "After the change: load factor %.2f (now %.2f), %.0f%% of buckets occupied, "
		 "max/buckets %.2f; kernel memory at max %s (now %s). The kernel rebuilds the "
		 "hash table: every entry is moved, which briefly costs CPU on a big table.",
		 out->lambda_after, s->an.load_factor, out->nonempty_after * 100,
		 out->max_per_bucket, fmt_bytes(mem, sizeof mem, out->memory_after), now);
}

static void describe_switch(const struct ct_snapshot *s, const struct tune_change *c,
			    struct confirm_info *out)
{
	char n[48];
	out->entries = (int64_t)s->count;
	out->entries_what = "entries now";
	if (c->want)
		snprintf(out->detail, sizeof out->detail,
			 "Only new entries are counted from now on: the %s already in "
			 "the table %s no bytes or packets. Counting costs a few bytes per entry and "
			 "a little work per packet.", fmt_counted(n, sizeof n, s->count, "entry", "entries"),
			 plural(s->count, "keeps", "keep"));
	else
		snprintf(out->detail, sizeof out->detail,
			 "New entries are no longer counted; entries counting now keep their counters "
			 "until they end.");
}

void confirm_describe(const struct tune_ctx *t, const struct ct_snapshot *s,
		      const struct tune_change *c, struct confirm_info *out)
{
	memset(out, 0, sizeof *out);
	enum tune_target target = tune_target_of(c->name);
	snprintf(out->name, sizeof out->name, "%s", c->name);
	value_text(target, c->seen, out->old_text, sizeof out->old_text);
	value_text(target, c->want, out->new_text, sizeof out->new_text);
	out->entries = -1;
	out->entries_what = "";
	confirm_command(t, c->name, c->want, out->command, sizeof out->command);
	switch (target) {
	case TUNE_TIMEOUT:
		describe_timeout(s, c, out);
		break;
	case TUNE_MAX:
		describe_max(s, c, out);
		break;
	case TUNE_HASHSIZE:
		describe_hashsize(s, c, out);
		break;
	case TUNE_SWITCH:
		describe_switch(s, c, out);
		break;
	default:
		break;
	}
	will_it_stick(c, out);
}
