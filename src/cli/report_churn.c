/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The churn part of --json and --once: where the figures come from (a
 * dump, or events between dumps), and after an --interval watch the rates
 * and who made the new entries. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "base/jsonw.h"
#include "cli/report.h"
#include "model/rates.h"

const char *source_name(enum ct_source_kind k)
{
	return k == CT_SOURCE_EVENTS ? "events" : "dump";
}

static const char *churn_addr(char *buf, size_t n, const struct ct_churn *c)
{
	return fmt_ip(buf, n, c->family, c->addr);
}

/* The top makers of new entries, addresses or ports, as rows. */
struct tops {
	const struct ct_churn *c;
	bool ports;
	const struct addr_owners *owners;
};

static void put_top(struct jsonw *w, const void *rows, unsigned i)
{
	const struct tops *t = rows;
	const struct ct_churn *c = &t->c[i];
	char buf[FMT_ADDR_MAX], num[8];
	if (t->ports) {
		jw_str(w, "proto", l4_label(c->proto, num, sizeof num));
		jw_u64(w, "port", c->port);
	} else {
		jw_str(w, "addr", churn_addr(buf, sizeof buf, c));
		json_put_owner(w, t->owners, c->family, c->addr);
	}
	jw_num(w, "per_s", c->per_s, 2);
}

static void put_tops(struct jsonw *w, const char *key, const struct ct_churn *c, unsigned n,
		     bool ports, const struct addr_owners *owners)
{
	struct tops t = { .c = c, .ports = ports, .owners = owners };
	jw_rows(w, key, n, put_top, &t);
}

void churn_json(struct jsonw *w, const struct ct_snapshot *s, const struct addr_owners *owners)
{
	const struct ct_events_info *e = &s->events;
	jw_str(w, "source", source_name(e->source));
	jw_open(w, "events", '{');
	jw_str(w, "source", source_name(e->source));
	if (e->source == CT_SOURCE_DUMP) {
		jw_str(w, "why", e->why_dump);
	} else {
		jw_u64(w, "lost", e->lost);
		jw_u64(w, "resyncs", e->resyncs);
		jw_num(w, "lag_ms", e->lag_ms, 1);
		jw_u64(w, "new", e->new_total);
		jw_u64(w, "updates", e->update_total);
		jw_u64(w, "destroyed", e->destroy_total);
		jw_u64(w, "expired_unreaped", e->expired_unreaped);
		jw_u64(w, "expired", e->expired_total);
		jw_u64(w, "foreign", e->foreign);
		jw_u64(w, "malformed", e->malformed);
		jw_num(w, "dump_age_s", e->dump_age_s, 1);
		jw_bool(w, "resynced", e->resynced);
		/* issue 21: 1 every event heard; k NEW alone, 1/k of the time */
		jw_u64(w, "sampled_1_in", e->sample_1_in);
		jw_num(w, "listened_share", e->listened_share, 4);
		jw_num(w, "own_us", e->own_us, 2);
		jw_num(w, "kernel_us", e->kernel_us, 2);
		jw_bool(w, "kernel_measured", e->kernel_measured);
		jw_str(w, "why", e->why_events);
	}
	jw_close(w, '}');
	if (!s->rates.valid)
		return;
	jw_open(w, "rates", '{');
	if (s->rates.new_known) {
		jw_num(w, "new_per_s", s->rates.new_per_s, 2);
		jw_num(w, "destroy_per_s", s->rates.destroy_per_s, 2);
		if (e->source == CT_SOURCE_EVENTS)
			jw_num(w, "expire_per_s", s->rates.expire_per_s, 2);
	} else { /* the kernel's insert counter stays 0: only growth is known */
		jw_null(w, "new_per_s");
		jw_null(w, "destroy_per_s");
	}
	jw_num(w, "growth_per_s", s->rates.growth_per_s, 2);
	jw_num(w, "window_s", s->rates.window_s, 2);
	jw_num_known(w, "seconds_to_full", (double)rates_full_in_s(&s->rates), 0);
	jw_close(w, '}');
	if (e->source != CT_SOURCE_EVENTS)
		return;
	put_tops(w, "top_new_sources", s->top_new_src, s->n_new_src, false, owners);
	put_tops(w, "top_new_destinations", s->top_new_dst, s->n_new_dst, false, owners);
	put_tops(w, "top_new_dports", s->top_new_dport, s->n_new_dport, true, owners);
}

void churn_text(FILE *out, const struct ct_snapshot *s, const struct addr_owners *owners)
{
	const struct ct_events_info *e = &s->events;
	char x[32], lost[32], resyncs[48];
	if (e->source == CT_SOURCE_EVENTS && e->sample_1_in > 1)
		fprintf(out, "Source   events sampled 1 in %u (%s; states from a dump %.0f s ago)\n",
			e->sample_1_in, e->why_events, e->dump_age_s);
	else if (e->source == CT_SOURCE_EVENTS)
		fprintf(out, "Source   events (%s lost, %s, last dump %.0f s ago)\n",
			fmt_count(lost, sizeof lost, e->lost),
			fmt_counted(resyncs, sizeof resyncs, e->resyncs, "resync", "resyncs"), e->dump_age_s);
	else
		fprintf(out, "Source   dump%s%s\n", *e->why_dump ? ": " : "", e->why_dump);
	if (!s->rates.valid)
		return;
	char full[32] = "not filling";
	if (rates_full_in_s(&s->rates) >= 0)
		snprintf(full, sizeof full, "full in %ld s", rates_full_in_s(&s->rates));
	if (s->rates.new_known)
		fprintf(out, "Churn    new %.1f/s, destroyed %.1f/s, growth %+.1f/s, %s\n",
			s->rates.new_per_s, s->rates.destroy_per_s, s->rates.growth_per_s, full);
	else
		fprintf(out, "Churn    growth %+.1f/s, %s (new/s needs events)\n",
			s->rates.growth_per_s, full);
	if (e->source == CT_SOURCE_EVENTS && s->rates.new_known)
		fprintf(out, "Expired  %s not yet reaped by the kernel; expiring %.1f/s, reaped "
			"%.1f/s\n", fmt_count(x, sizeof x, e->expired_unreaped), s->rates.expire_per_s,
			s->rates.destroy_per_s);
	char buf[FMT_ADDR_MAX], num[8], who[WL_NAME_MAX * 2 + 20];
	for (unsigned i = 0; i < s->n_new_src && i < 3; i++)
		fprintf(out, "%s %-39s %10.1f new/s%s\n", i ? "        " : "Makers  ",
			churn_addr(buf, sizeof buf, &s->top_new_src[i]), s->top_new_src[i].per_s,
			text_owner(owners, s->top_new_src[i].family, s->top_new_src[i].addr, who, sizeof who));
	for (unsigned i = 0; i < s->n_new_dport && i < 3; i++)
		fprintf(out, "%s %s/%-34u %10.1f new/s\n", i ? "        " : "To ports",
			l4_label(s->top_new_dport[i].proto, num, sizeof num), s->top_new_dport[i].port,
			s->top_new_dport[i].per_s);
}
