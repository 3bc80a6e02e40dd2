/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "churn.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "model/labels.h"
#include "model/rates.h"
#include "countlist.h"
#include "countpanes.h"
#include "screen.h"
#include "text.h"

#define LABEL_W 8
#define PER_KIND 10 /* rows for each of sources, destinations, ports */

void churn_source_text(const struct ct_snapshot *s, char *buf, size_t n, char *why, size_t wn,
		       bool *alert)
{
	const struct ct_events_info *e = &s->events;
	*alert = false;
	if (wn)
		*why = '\0';
	if (e->source == CT_SOURCE_DUMP) {
		snprintf(buf, n, "dumps%s%s", *e->why_dump ? ": " : "", e->why_dump);
		*alert = strstr(e->why_dump, "lost") != NULL;
		return;
	}
	char lost[32] = "";
	if (e->lost) {
		char lc[32];
		snprintf(lost, sizeof lost, ", %s lost", fmt_count(lc, sizeof lc, e->lost));
		*alert = true;
	}
	double age = e->dump_age_s > 0 ? e->dump_age_s : 0;
	if (e->sample_1_in > 1) /* churn scaled, states the dump's */
		snprintf(buf, n, "sampled %.0f%%, states %.0fs old%s", 100.0 / e->sample_1_in, age, lost);
	else
		snprintf(buf, n, "events, dump %.0fs ago%s", age, lost);
	/* what auto weighed, or --source events: long (the cost of a
	 * message, ctdash's part and the kernel's), so apart */
	if (*e->why_events && wn)
		snprintf(why, wn, "(%s)", e->why_events);
}

static void until_full(char *buf, size_t n, const struct ct_rates *r)
{
	char d[24];
	long full_in = rates_full_in_s(r);
	if (full_in < 0)
		snprintf(buf, n, "not filling");
	else
		snprintf(buf, n, "full in %s", fmt_duration(d, sizeof d, full_in));
}

/* In events mode: entries whose timer ran out that the kernel has not
 * reaped (in the count, not in the breakdown), and how fast they expire
 * beside how fast it reaps. */
static void expired_text(char *text, size_t n, const struct ct_snapshot *s)
{
	const struct ct_rates *rt = &s->rates;
	size_t len = strlen(text);
	if (s->events.source != CT_SOURCE_EVENTS || len >= n ||
	    (!s->events.expired_unreaped && rt->expire_per_s <= 0))
		return;
	char c[32], ex[24];
	snprintf(text + len, n - len, "  expired unreaped %s (%s)",
		 fmt_count(c, sizeof c, s->events.expired_unreaped),
		 text_rate(ex, sizeof ex, rt->expire_per_s));
}

void churn_meter_draw(struct rect r, const struct ct_snapshot *s)
{
	int lab = screen_attr(UC_LABEL);
	attron(lab);
	mvaddnstr(r.y, r.x, "Churn", r.w);
	attroff(lab);
	int x = r.x + LABEL_W, w = r.w - LABEL_W;
	if (w <= 0)
		return;
	char text[160], nw[24], de[24], gr[24], full[40];
	const struct ct_rates *rt = s ? &s->rates : NULL;
	if (!rt || !rt->valid) {
		snprintf(text, sizeof text, "measuring%s", screen_glyphs()->ellipsis);
	} else {
		until_full(full, sizeof full, rt);
		text_rate(gr, sizeof gr, rt->growth_per_s < 0 ? -rt->growth_per_s : rt->growth_per_s);
		if (rt->new_known)
			snprintf(text, sizeof text, "new %s  destroyed %s  growth %s%s  %s",
				 text_rate(nw, sizeof nw, rt->new_per_s),
				 text_rate(de, sizeof de, rt->destroy_per_s),
				 rt->growth_per_s < 0 ? "-" : "+", gr, full);
		else
			snprintf(text, sizeof text, "growth %s%s  %s  (new/s needs events)",
				 rt->growth_per_s < 0 ? "-" : "+", gr, full);
		expired_text(text, sizeof text, s);
	}
	long full_in = rates_full_in_s(rt);
	bool filling = full_in >= 0 && full_in < 600;
	int attr = screen_attr(filling ? UC_CRIT : UC_OK);
	attron(attr);
	mvaddnstr(r.y, x, text, w);
	attroff(attr);
}

/* ---- the pane ------------------------------------------------------------ */

static int add_rows(struct count_list *cl, const char *kind, const struct ct_churn *c, unsigned n,
		    double whole, bool ports)
{
	char name[64], addr[FMT_ADDR_MAX], num[8], extra[24], r60[16];
	int ret = 0;
	for (unsigned i = 0; i < n && i < PER_KIND; i++) {
		if (ports) {
			snprintf(name, sizeof name, "%s %s/%u", kind, l4_label(c[i].proto, num, sizeof num),
				 c[i].port);
		} else {
			snprintf(name, sizeof name, "%s %s", kind,
				 fmt_ip(addr, sizeof addr, c[i].family, c[i].addr));
		}
		snprintf(extra, sizeof extra, "%s", text_rate(r60, sizeof r60, c[i].per_s_60));
		ret |= count_list_add(cl, name, (uint64_t)(c[i].per_s_10 + 0.5),
				      whole > 0.5 ? (uint64_t)(whole + 0.5) : 1, extra);
	}
	return ret;
}

static void update_churn(void *self, const struct view_ctx *c)
{
	struct count_list *cl = self;
	const struct ct_snapshot *s = c->snap;
	char sel[64];
	if (!s)
		return;
	count_list_begin(cl, sel, sizeof sel);
	snprintf(cl->title, sizeof cl->title, "Who makes new entries: per second over 10 s, 60 s at right");
	if (s->events.source != CT_SOURCE_EVENTS) {
		cl->empty = "who makes new entries needs events (the title says why there are none)";
	} else if (!s->n_new_src) {
		cl->empty = "no new entries lately";
	} else {
		double whole = 0;
		for (unsigned i = 0; i < s->n_new_src; i++)
			whole += s->top_new_src[i].per_s_10;
		if (s->rates.valid && s->rates.new_per_s > whole)
			whole = s->rates.new_per_s;
		/* out of memory only shows fewer rows */
		(void)add_rows(cl, "src", s->top_new_src, s->n_new_src, whole, false);
		(void)add_rows(cl, "dst", s->top_new_dst, s->n_new_dst, whole, false);
		(void)add_rows(cl, "dport", s->top_new_dport, s->n_new_dport, whole, true);
	}
	count_list_end(cl, sel);
}

bool churn_view_drill(void *self, char *filter, size_t n)
{
	const struct count_list *cl = self;
	if (cl->n <= 0 || cl->panel.sel >= cl->n)
		return false;
	const char *name = cl->rows[cl->panel.sel].name;
	if (strncmp(name, "src ", 4) == 0 || strncmp(name, "dst ", 4) == 0) {
		char term[4] = { name[0], name[1], name[2], '\0' };
		return drill_filter_addr(term, name + 4, filter, n);
	}
	if (strncmp(name, "dport ", 6) == 0)
		return drill_filter_port(name + 6, filter, n);
	return false;
}

static void init_churn(void *self)
{
	struct count_list *cl = self;
	count_list_init(cl, "made by", "60 s", true);
	cl->empty = "reading the table";
}

static void free_churn(void *self)
{
	count_list_free(self);
}

static struct panel *churn_panel(void *self)
{
	return &((struct count_list *)self)->panel;
}

static void churn_draw(void *self, struct rect r)
{
	count_list_draw(self, r, true);
}

static const struct key_hint churn_hints[] = {
	{ "\u2191\u2193", "move" }, { "/", "find" }, { "Enter", "entries" }, { "c", "back" },
	{ "Esc", "back" },
	{ NULL, NULL },
};

const struct view_class churn_view = {
	.name = "who makes new entries",
	.arg = "churn",
	.toggle = ACT_CHURN,
	.hints = churn_hints,
	.size = sizeof(struct count_list),
	.init = init_churn,
	.free = free_churn,
	.update = update_churn,
	.panel = churn_panel,
	.draw = churn_draw,
};
