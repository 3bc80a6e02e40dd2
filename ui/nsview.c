/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "nsview.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/format.h"
#include "collect/nsowner.h"
#include "screen.h"

/* While shown, the counts are read again this often: one setns per
 * namespace, no dump. */
#define RESCAN_S 2.0

static const char *row_name(void *ctx, int row, char *buf, size_t n)
{
	const struct ns_view *v = ctx;
	if (row >= (int)v->t.n)
		return NULL;
	const struct ns_info *ns = &v->t.ns[row];
	char label[NS_LABEL_MAX], who[WL_NAME_MAX * 2 + 16];
	snprintf(buf, n, "%s %s %s %s", ns_label(ns, label, sizeof label), ns->comm, ns->container,
		 workload_label(&ns->workload, who, sizeof who));
	return buf;
}

static void rescan(struct ns_view *v, double now)
{
	uint64_t keep = 0;
	const struct ns_info *sel = ns_view_selected(v);
	if (sel)
		keep = sel->inode;
	nsscan_free(&v->before);
	v->before = v->t;
	v->before_at = v->scanned;
	memset(&v->t, 0, sizeof v->t);
	v->err = nsscan_run(&v->t);
	/* dropping now first: rates against the scan before */
	bool recent = v->have && now - v->before_at <= 3 * RESCAN_S;
	nsstats_rates(&v->t, recent ? &v->before : NULL, now - v->before_at);
	/* the selected one is heard first, then the busiest */
	if (!v->churn)
		v->churn = churnwatch_start();
	if (v->churn) {
		churnwatch_want(v->churn, &v->t, keep);
		v->churn_idle = false;
		churnwatch_fill(v->churn, &v->t);
	}
	addrowners_free(&v->owners);
	if (nsowner_addr_map(&v->t, &v->owners) < 0)
		addrowners_free(&v->owners);
	v->have = true;
	v->scanned = now;
	panel_set_rows(&v->panel, (int)v->t.n);
	for (unsigned i = 0; keep && i < v->t.n; i++)
		if (v->t.ns[i].inode == keep)
			panel_select(&v->panel, (int)i);
}

const struct ns_info *ns_view_selected(const struct ns_view *v)
{
	return v->panel.sel >= 0 && v->panel.sel < (int)v->t.n ? &v->t.ns[v->panel.sel] : NULL;
}

/* "12.5" drops a second, "0" when none, "-" before the second scan. */
static const char *drops_now(const struct ns_info *ns, char *buf, size_t n)
{
	if (!ns->st.have_rate)
		snprintf(buf, n, "-");
	else if (ns->st.drop_rate == 0)
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%.1f", ns->st.drop_rate);
	return buf;
}

/* "127.0.0.7 396/s web-7d9f", or why none: "quiet", "not watched", … */
static const char *churner(const struct ns_view *v, const struct ns_info *ns, char *buf, size_t n)
{
	const struct ns_churn *c = &ns->churn;
	char addr[FMT_ADDR_MAX], who[WL_NAME_MAX * 2 + 16] = "";
	const struct addr_owner *o;
	switch (c->state) {
	case CHURN_MEASURED:
		o = addrowners_find(&v->owners, c->family, c->addr);
		if (o)
			workload_label(&o->wl, who, sizeof who);
		/* a measurement from an earlier turn says how old it is */
		snprintf(buf, n, "%s %.*f/s%s%s%s", fmt_ip(addr, sizeof addr, c->family, c->addr),
			 c->top_per_s < 10 ? 1 : 0, c->top_per_s, who[0] ? " " : "", who,
			 c->age_s >= 10 ? " (earlier)" : "");
		break;
	case CHURN_QUIET:
		snprintf(buf, n, "quiet");
		break;
	case CHURN_NOT_WATCHED:
		snprintf(buf, n, "not watched");
		break;
	case CHURN_MEASURING:
		snprintf(buf, n, "measuring");
		break;
	default:
		snprintf(buf, n, "%s", c->state == CHURN_UNREADABLE ? "?" : "-");
	}
	return buf;
}

static void draw_row(void *ctx, int row, int y, int x, int w, bool selected)
{
	const struct ns_view *v = ctx;
	const struct ns_info *ns = &v->t.ns[row];
	char label[NS_LABEL_MAX], count[24], drops[24], owner[WL_NAME_MAX * 2 + 16], who[300], line[480];
	char top[FMT_ADDR_MAX + WL_NAME_MAX * 2 + 48];
	ns_label(ns, label, sizeof label);
	workload_label(&ns->workload, owner, sizeof owner);
	snprintf(who, sizeof who, "%s  %s", owner[0] ? owner : "(no workload)",
		 ns->nholders ? ns->comm : "(named, no process)");
	drops_now(ns, drops, sizeof drops);
	churner(v, ns, top, sizeof top);
	if (ns->err)
		snprintf(line, sizeof line, " %-24.24s %10s %6s %8s  %-32.32s  %s%s", label, "?", "", "",
			 top, who, ns->inode == v->t.self_inode ? "  (shown)" : "");
	else
		snprintf(line, sizeof line, " %-24.24s %10s %5.1f%% %8s  %-32.32s  %s%s", label,
			 fmt_count(count, sizeof count, ns->count), 100.0 * ns_fill(ns, v->t.max), drops,
			 top, who, ns->inode == v->t.self_inode ? "  (shown)" : "");
	double fill = ns->err ? 0 : ns_fill(ns, v->t.max);
	bool dropping = ns->st.have_rate && ns->st.drop_rate > 0;
	enum ui_color c = selected ? UC_SELECT : dropping || fill >= 0.9 ? UC_CRIT
			: fill >= 0.7 ? UC_WARN : UC_NORMAL;
	int attr = screen_attr(c);
	attron(attr);
	mvaddnstr(y, x, line, w);
	attroff(attr);
}

static void draw(void *self, struct rect r)
{
	struct ns_view *v = self;
	char title[320], why[160] = "", limit[32];
	v->drawn = v->scanned; /* shown: update keeps it fresh */
	if (v->t.entered < v->t.n)
		snprintf(why, sizeof why, "; %u could not be entered (%s)", v->t.n - v->t.entered,
			 v->t.enter_err == EPERM ? "needs CAP_SYS_ADMIN" : strerror(v->t.enter_err));
	/* the limit before 80 columns run out: every fill is against it */
	snprintf(title, sizeof title, "Network namespaces: %u, dropping now first, then fullest; limit %s%s",
		 v->t.n, fmt_count(limit, sizeof limit, v->t.max), why);
	struct panel_look look = {
		.title = title,
		.header = " namespace                     count   fill   drop/s  top churner (new/s)"
			  "               workload  holder",
		.empty = v->have ? "no namespace found" : "looking for namespaces",
		.focused = true,
		.draw_row = draw_row,
	};
	panel_set_height(&v->panel, panel_rows_in(&look, r.h));
	panel_draw(&v->panel, r, &look);
}

static void init(void *self)
{
	struct ns_view *v = self;
	memset(v, 0, sizeof *v);
	panel_init(&v->panel, row_name, v);
}

static void free_view(void *self)
{
	churnwatch_stop(((struct ns_view *)self)->churn);
	addrowners_free(&((struct ns_view *)self)->owners);
	nsscan_free(&((struct ns_view *)self)->t);
	nsscan_free(&((struct ns_view *)self)->before);
}

static void opened(void *self, const struct view_ctx *c)
{
	rescan(self, c->now);
}

static void update(void *self, const struct view_ctx *c)
{
	struct ns_view *v = self;
	/* only while shown (drawn since the last scan), and not too often */
	if (v->have && v->drawn == v->scanned && c->now - v->scanned >= RESCAN_S)
		rescan(v, c->now);
	else if (v->churn && !v->churn_idle && v->drawn != v->scanned &&
		 c->now - v->scanned >= RESCAN_S) {
		/* not shown: no namespace keeps paying for our listening (its
		 * packet path builds a message for each new entry) */
		struct ns_table none = { 0 };
		churnwatch_want(v->churn, &none, 0);
		v->churn_idle = true;
	}
}

static struct panel *panel(void *self)
{
	return &((struct ns_view *)self)->panel;
}

static const struct key_hint hints[] = {
	{ "Enter", "show this one" }, { "Esc", "back" }, { "q", "quit" },
	{ NULL, NULL },
};

const struct view_class netns_view = {
	.name = "the namespaces",
	.arg = "namespaces",
	.toggle = ACT_NAMESPACES,
	.hints = hints,
	.size = sizeof(struct ns_view),
	.init = init,
	.free = free_view,
	.update = update,
	.opened = opened,
	.panel = panel,
	.draw = draw,
};
