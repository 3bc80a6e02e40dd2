/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "listview.h"

#include <arpa/inet.h>
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/format.h"
#include "collect/sampler.h"
#include "collect/rdns_cache.h"
#include "hostnames.h"
#include "input.h"
#include "model/filter.h"
#include "model/labels.h"
#include "model/rowsort.h"
#include "screen.h"

#define DETAIL_LINES 3
/* Rows asked of the sampler: more than a screen, so paging is instant. */
#define LIST_LIMIT 1000

/* Columns F6 steps through, as --sort names them. */
static const enum sort_key sort_cols[] = {
	SK_TIMEOUT, SK_SRC, SK_DST, SK_DPORT, SK_SPORT, SK_L4, SK_STATE, SK_MARK, SK_ZONE,
	SK_BYTES, SK_ID,
};
#define NSORT (sizeof sort_cols / sizeof sort_cols[0])

struct list_state {
	struct panel panel;
	const struct ct_list *list;   /* the newest snapshot's */
	struct sampler *smp;
	char filter[CT_LIST_FILTER_MAX];
	unsigned sort_col;
	bool reverse;
	bool editing;
	struct input in;
	bool drawn;                   /* since the last snapshot */
	bool asked;                   /* the sampler is dumping for us */
	bool acct_off;                /* nf_conntrack_acct reads 0 in the namespace */
	bool acct_writable;           /* and A could turn it on (root, not --read-only) */
};

#define ENDPOINT_W 26   /* the source and destination columns */
#define ENDPOINT_WL_W 40 /* the same with the workloads on: "ADDR:PORT ns/name" */

static int endpoint_w(void)
{
	return workloads_on() ? ENDPOINT_WL_W : ENDPOINT_W;
}

/* "127.0.0.1:80", "[::1]:443", "127.0.0.1 type 8 id 3" */
static char *endpoint(char *buf, size_t n, int family, const struct ct_tuple *t, bool src)
{
	char a[INET6_ADDRSTRLEN] = "?";
	unsigned flag = src ? CT_TUPLE_SRC : CT_TUPLE_DST;
	if (t->has & flag)
		inet_ntop(family, src ? t->src : t->dst, a, sizeof a);
	if (t->has & CT_TUPLE_PORTS)
		snprintf(buf, n, family == AF_INET6 ? "[%s]:%u" : "%s:%u", a, src ? t->sport : t->dport);
	else
		snprintf(buf, n, "%s", a);
	return buf;
}

/* "text" cut to the column, '~' marking the cut (names are ASCII). */
static char *cut_to_column(char *text, size_t n, int room)
{
	if ((int)strlen(text) > room && room > 0 && (size_t)room <= n)
		snprintf(text + room - 1, n - (size_t)room + 1, "~");
	return text;
}

/* A row's endpoint: with names on (r) and the name found, "host:80", the
 * name cut to the column; else the address as endpoint() writes it. With
 * the workloads on (--all-netns), the address's workload after it, as the
 * panes show it ("10.244.1.23:80 default/web-7d9f"), cut to the column. */
static char *row_endpoint(char *buf, size_t n, int family, const struct ct_tuple *t, bool src)
{
	char name[RDNS_NAME_MAX], port[8] = "", who[HOSTNAMES_WORKLOAD_MAX];
	unsigned flag = src ? CT_TUPLE_SRC : CT_TUPLE_DST;
	const void *addr = src ? t->src : t->dst;
	bool known = t->has & flag;
	if (known && workload_of_addr(who, sizeof who, family, addr)) {
		char shown[RDNS_NAME_MAX + sizeof who];
		snprintf(shown, sizeof shown, "%s %s", endpoint(name, sizeof name, family, t, src), who);
		snprintf(buf, n, "%s", cut_to_column(shown, sizeof shown, endpoint_w()));
		return buf;
	}
	if (!hostnames_on() || !known || hostname_of_addr(name, sizeof name, family, addr) == NULL)
		return endpoint(buf, n, family, t, src);
	if (t->has & CT_TUPLE_PORTS)
		snprintf(port, sizeof port, ":%u", (unsigned)(src ? t->sport : t->dport));
	snprintf(buf, n, "%s%s", cut_to_column(name, sizeof name, endpoint_w() - (int)strlen(port)), port);
	return buf;
}

static const char *flags_of(const struct ct_entry *e)
{
	bool assured = e->status & (1u << 2), unreplied = !(e->status & (1u << 1));
	bool nat = ct_entry_snat(e) || ct_entry_dnat(e);
	return assured ? (nat ? "ASSURED,NAT" : "ASSURED") :
	       unreplied ? (nat ? "UNREPLIED,NAT" : "UNREPLIED") : nat ? "NAT" : "-";
}

static void format_row(const struct ct_entry *e, char *buf, size_t n)
{
	char num[8], s[64], d[64], zone[16];
	const char *l4 = ct_l4_name(e->l4proto);
	if (!l4) {
		snprintf(num, sizeof num, "%u", e->l4proto);
		l4 = num;
	}
	snprintf(buf, n, "%-7s %-11s %7u  %-*s %-*s %-13s %5u %4s", l4,
		 e->has_tcp_state ? ct_tcp_state_name(e->tcp_state) : "-", e->timeout,
		 endpoint_w(), row_endpoint(s, sizeof s, e->family, &e->orig, true),
		 endpoint_w(), row_endpoint(d, sizeof d, e->family, &e->orig, false), flags_of(e), e->mark,
		 ct_zone_label(e, zone, sizeof zone));
}

static const char *row_name(void *ctx, int row, char *buf, size_t n)
{
	const struct list_state *ls = ctx;
	if (!ls->list || row >= (int)ls->list->n)
		return NULL;
	format_row(&ls->list->rows[row], buf, n);
	return buf;
}

static void ask(struct list_state *ls, bool on)
{
	if (!ls->smp)
		return;
	struct sort_spec spec = { .n = 1 };
	spec.key[0] = (uint8_t)sort_cols[ls->sort_col];
	spec.desc[0] = ls->reverse;
	sampler_set_list(ls->smp, on, ls->filter, &spec, LIST_LIMIT);
	ls->asked = on;
}

static void lv_init(void *self)
{
	struct list_state *ls = self;
	panel_init(&ls->panel, row_name, ls);
}

/* Counters come only with nf_conntrack_acct: the view says when it is off. */
static void read_acct(struct list_state *ls, const struct view_ctx *c)
{
	uint64_t v;
	char why[256];
	ls->acct_off = c->tune && tune_read(c->tune, TUNE_ACCT_NAME, &v) == 0 && v == 0;
	ls->acct_writable = ls->acct_off && !tune_refusal(c->tune, TUNE_ACCT_NAME, why, sizeof why);
}

/* The hint after "accounting is off": A only where it can work; the
 * title says ": A turns it on", the detail line "; A turns it on". */
static const char *acct_hint(const struct list_state *ls, bool title)
{
	if (!ls->acct_writable)
		return " (turning it on needs root)";
	return title ? ": A turns it on" : "; A turns it on";
}

/* Why the list could not be read, in the words of the panes above. */
static const char *read_problem(int err)
{
	return err == -EPERM || err == -EACCES
		       ? "reading the entry table needs CAP_NET_ADMIN (run as root)"
		       : strerror(-err);
}

static void lv_wrote(void *self, const struct view_ctx *c, bool shown)
{
	(void)shown;
	read_acct(self, c);
}

static void lv_update(void *self, const struct view_ctx *c)
{
	struct list_state *ls = self;
	read_acct(ls, c);
	ls->smp = c->smp;
	ls->list = c->snap ? &c->snap->list : NULL;
	panel_set_rows(&ls->panel, ls->list && ls->list->on ? (int)ls->list->n : 0);
	/* the dashboard draws the view shown after every snapshot: not drawn
	 * since the last one, it was closed, so no more dumps for it */
	if (ls->asked && !ls->drawn)
		ask(ls, false);
	ls->drawn = false;
}

static void lv_opened(void *self, const struct view_ctx *c)
{
	struct list_state *ls = self;
	ls->smp = c->smp;
	ls->drawn = true;
	read_acct(ls, c);
	ask(ls, true);
}

/* Its bindings (keys.c, KEYS_IN_LIST): a filter, the next sort column,
 * the order reversed; while a filter is typed, every key is the input's. */
static bool lv_key(void *self, int key, enum ui_action a)
{
	struct list_state *ls = self;
	if (ls->editing) {
		enum input_result r = input_key(&ls->in, key);
		if (r == INPUT_CANCEL)
			ls->editing = false;
		if (r == INPUT_ACCEPT) {
			struct ct_filter f;
			struct filter_error err;
			if (filter_parse(ls->in.text, ls->in.len, &f, &err) < 0) {
				char msg[256];
				snprintf(msg, sizeof msg, "column %zu: %s", err.pos + 1, err.msg);
				input_set_error(&ls->in, msg);
			} else if (f.needs_owners) {
				input_set_error(&ls->in, "workload goes with ctdash --list --all-netns; "
						"here filter by the address (dst ADDR)");
			} else {
				snprintf(ls->filter, sizeof ls->filter, "%s", ls->in.text);
				ls->editing = false;
				ask(ls, true);
			}
			filter_free(&f);
		}
		return true;
	}
	if (a == ACT_LIST_FILTER) {
		list_view_edit_filter(ls);
		return true;
	}
	if (a == ACT_LIST_SORT) {
		ls->sort_col = (ls->sort_col + 1) % NSORT;
		ask(ls, true);
		return true;
	}
	if (a == ACT_LIST_REVERSE) {
		ls->reverse = !ls->reverse;
		ask(ls, true);
		return true;
	}
	return false;
}

static struct panel *lv_panel(void *self)
{
	return &((struct list_state *)self)->panel;
}

static void draw_row(void *ctx, int row, int y, int x, int w, bool selected)
{
	const struct list_state *ls = ctx;
	char line[256];
	format_row(&ls->list->rows[row], line, sizeof line);
	int attr = screen_attr(selected ? UC_SELECT : UC_NORMAL);
	attron(attr);
	mvaddnstr(y, x, line, w);
	attroff(attr);
}

/* The selected entry whole: both directions, counters, id. */
static void draw_detail(const struct list_state *ls, struct rect r)
{
	if (!ls->list || ls->panel.sel >= (int)ls->list->n)
		return;
	const struct ct_entry *e = &ls->list->rows[ls->panel.sel];
	char s[64], d[64], rs[64], rd[64], l1[256], l2[256], l3[256], c[4][32];
	snprintf(l1, sizeof l1, "original %s -> %s   reply %s -> %s%s%s",
		 endpoint(s, sizeof s, e->family, &e->orig, true),
		 endpoint(d, sizeof d, e->family, &e->orig, false),
		 endpoint(rs, sizeof rs, e->family, &e->reply, true),
		 endpoint(rd, sizeof rd, e->family, &e->reply, false),
		 ct_entry_snat(e) ? "  SNAT" : "", ct_entry_dnat(e) ? "  DNAT" : "");
	if (e->orig.has & CT_TUPLE_ICMP)
		snprintf(l2, sizeof l2, "ICMP type %u code %u id %u", e->orig.icmp_type,
			 e->orig.icmp_code, e->orig.icmp_id);
	else if (e->has_counters)
		snprintf(l2, sizeof l2, "packets %s / %s  bytes %s / %s (original / reply)",
			 fmt_count(c[0], sizeof c[0], e->packets[0]), fmt_count(c[1], sizeof c[1], e->packets[1]),
			 fmt_count(c[2], sizeof c[2], e->bytes[0]), fmt_count(c[3], sizeof c[3], e->bytes[1]));
	else if (ls->acct_off)
		snprintf(l2, sizeof l2, "no counters: nf_conntrack_acct is off here%s%s",
			 acct_hint(ls, false), ls->acct_writable ? " (only new entries are counted from then on)"
							  : "");
	else
		snprintf(l2, sizeof l2, "no counters: the entry began before nf_conntrack_acct was on");
	char zone[16];
	snprintf(l3, sizeof l3, "id %u  mark %u  zone %s  status 0x%x  %u s left", e->id, e->mark,
		 ct_zone_label(e, zone, sizeof zone), e->status, e->timeout);
	int attr = screen_attr(UC_LABEL);
	attron(attr);
	mvaddnstr(r.y + r.h - 3, r.x + 1, l1, r.w - 2);
	mvaddnstr(r.y + r.h - 2, r.x + 1, l2, r.w - 2);
	mvaddnstr(r.y + r.h - 1, r.x + 1, l3, r.w - 2);
	attroff(attr);
}

static void lv_draw(void *self, struct rect r)
{
	struct list_state *ls = self;
	ls->drawn = true;
	char title[2 * CT_LIST_FILTER_MAX + 200], shown[32], cnt[32], all[32];
	const struct ct_list *l = ls->list;
	const char *sorted = sort_key_name(sort_cols[ls->sort_col]);
	if (l && l->on && l->err == 0)
		snprintf(title, sizeof title, "Entries: showing %s of %s matching '%s' (of %s), by %s%s",
			 fmt_count(shown, sizeof shown, l->n), fmt_count(cnt, sizeof cnt, l->matched), l->filter,
			 fmt_count(all, sizeof all, l->total), sorted, ls->reverse ? " reversed" : "");
	else if (l && l->on)
		snprintf(title, sizeof title, "Entries: cannot be read: %s", read_problem(l->err));
	else
		snprintf(title, sizeof title, "Entries: reading the table");
	size_t len = strlen(title);
	/* the counts are the snapshot's filter's until one for the new arrives */
	if (l && l->on && strcmp(l->filter, ls->filter) != 0)
		len += (size_t)snprintf(title + len, sizeof title - len, "; reading for '%s'%s",
					ls->filter, screen_glyphs()->ellipsis);
	/* whose the filtered addresses are (--all-netns): "10.244.1.23 default/web-7d9f" */
	char who[CT_LIST_FILTER_MAX + 64];
	if (len < sizeof title && l && l->on && workloads_of_text(who, sizeof who, l->filter))
		len += (size_t)snprintf(title + len, sizeof title - len, "; %s", who);
	if (len < sizeof title && ls->acct_off && !(l && l->on && l->err))
		snprintf(title + len, sizeof title - len, "; accounting is off%s", acct_hint(ls, true));
	char header[160];
	snprintf(header, sizeof header, "%-7s %-11s %7s  %-*s %-*s %-13s %5s %4s", "proto", "state",
		 "timeout", endpoint_w(), "source", endpoint_w(), "destination", "flags", "mark", "zone");
	struct panel_look look = {
		.title = title,
		.header = header,
		.empty = l && l->on && l->err ? "" : l && l->on ? "no entry matches the filter"
							      : "reading the table",
		.focused = true,
		.draw_row = draw_row,
	};
	struct rect list = r;
	bool detail = r.h > DETAIL_LINES + 5;
	if (detail)
		list.h -= DETAIL_LINES;
	panel_set_height(&ls->panel, panel_rows_in(&look, list.h));
	panel_draw(&ls->panel, list, &look);
	if (detail)
		draw_detail(ls, r);
}

static bool lv_status(void *self, struct rect r)
{
	struct list_state *ls = self;
	if (!ls->editing)
		return false;
	input_draw(&ls->in, r);
	return true;
}

void list_view_edit_filter(void *self)
{
	struct list_state *ls = self;
	input_open(&ls->in, "Filter (e.g. dport 443 and not assured): ");
	input_set_max(&ls->in, FILTER_LEN_MAX);
	input_set_text(&ls->in, ls->filter);
	ls->editing = true;
}

void list_view_set_filter(void *self, const char *filter)
{
	struct list_state *ls = self;
	snprintf(ls->filter, sizeof ls->filter, "%s", filter);
	ls->editing = false;
	panel_select(&ls->panel, 0);
}

bool list_view_reading(void *self)
{
	const struct list_state *ls = self;
	return !ls->list || !ls->list->on || strcmp(ls->list->filter, ls->filter) != 0;
}

const char *list_view_delete_ask(void *self, struct delete_ask *ask)
{
	const struct list_state *ls = self;
	const struct ct_list *l = ls->list;
	/* the rows shown must be the filter's shown: a delete offered from
	 * the rows of the filter before would take other entries */
	if (l && l->on && strcmp(l->filter, ls->filter) != 0)
		return "the list is being read for its new filter: nothing to delete until it shows";
	if (!l || !l->on || l->err || ls->panel.sel < 0 || ls->panel.sel >= (int)l->n)
		return "no entry selected: nothing to delete";
	memset(ask, 0, sizeof *ask);
	ask->entry = l->rows[ls->panel.sel];
	/* the snapshot's own filter: its counts and rows are that filter's */
	snprintf(ask->filter, sizeof ask->filter, "%s", l->filter);
	ask->matched = l->matched;
	ask->total = l->total;
	for (unsigned i = 0; i < l->n && i < CTDEL_SAMPLE; i++)
		ask->sample[ask->nsample++] = l->rows[i];
	return NULL;
}

static const struct key_hint lv_hints[] = {
	{ "\u2191\u2193", "move" }, { "F4 \\", "filter" }, { "F6", "sort" }, { "I", "reverse" },
	{ "/", "find" }, { "r", "names" }, { "F9 k", "delete" }, { "L Esc", "back" }, { NULL, NULL },
};

const struct view_class list_view = {
	.name = "the entries",
	.arg = "list",
	.toggle = ACT_LIST,
	.keys = KEYS_IN_LIST,
	.hints = lv_hints,
	.size = sizeof(struct list_state),
	.init = lv_init,
	.update = lv_update,
	.opened = lv_opened,
	.wrote = lv_wrote,
	.key = lv_key,
	.panel = lv_panel,
	.draw = lv_draw,
	.status = lv_status,
};
