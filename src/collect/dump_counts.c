/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/dump_counts.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <string.h>

#include "base/testhooks.h"
#include "collect/ctmsg.h"
#include "collect/nlpipe.h"
#include "collect/tally.h"
#include "collect/topport.h"

struct dump_state {
	struct ct_tally *t;
	struct ct_tops *tops;
	ct_entry_fn each;
	void *each_arg;
};

void ct_tops_init(struct ct_tops *tops)
{
	topsrc_init(&tops->src);
	topsrc_init(&tops->dst);
	keycount_init(&tops->dport);
	natgroup_init(&tops->nat);
	/* for the benchmark's comparison only: what the dump costs without NAT */
	tops->nat_off = test_hook_no_nat();
}

void ct_tops_free(struct ct_tops *tops)
{
	topsrc_free(&tops->src);
	topsrc_free(&tops->dst);
	keycount_free(&tops->dport);
	natgroup_free(&tops->nat);
}

static int count_tops(struct ct_tops *tops, const struct ct_entry *e)
{
	const struct ct_tuple *o = &e->orig;
	if ((o->has & CT_TUPLE_SRC) && topsrc_add(&tops->src, e->family, o->src) < 0)
		return -1;
	if ((o->has & CT_TUPLE_DST) && topsrc_add(&tops->dst, e->family, o->dst) < 0)
		return -1;
	if ((o->has & CT_TUPLE_PORTS) && topport_add(&tops->dport, o->l4proto, o->dport) < 0)
		return -1;
	return natgroup_add(&tops->nat, e);
}

static int on_entry(const struct nlmsghdr *nlh, void *data)
{
	struct dump_state *st = data;
	struct ct_entry e;
	enum ct_parse_result r = st->tops->whole     ? ct_parse_entry(nlh, &e)
				 : st->tops->nat_off ? ct_parse_summary(nlh, &e)
						     : ct_parse_nat(nlh, &e);
	if (r != CT_PARSE_OK) {
		st->t->malformed++;
		return MNL_CB_OK;
	}
	tally_add(st->t, &e);
	if (st->each)
		st->each(&e, st->each_arg);
	if (count_tops(st->tops, &e) < 0) {
		errno = ENOMEM; /* what nlconn_query will report */
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int ct_dump_each(struct nlconn *c, struct ct_tally *t, struct ct_tops *tops,
		 ct_entry_fn each, void *each_arg, nl_tick_fn tick, void *tick_arg)
{
	memset(t, 0, sizeof *t);
	topsrc_reset(&tops->src);
	topsrc_reset(&tops->dst);
	keycount_reset(&tops->dport);
	natgroup_reset(&tops->nat);
	struct dump_state st = { t, tops, each, each_arg };
	return nlconn_dump(c, IPCTNL_MSG_CT_GET, on_entry, &st, tick, tick_arg);
}

int ct_dump(struct nlconn *c, struct ct_tally *t, struct ct_tops *tops,
	    nl_tick_fn tick, void *tick_arg)
{
	return ct_dump_each(c, t, tops, NULL, NULL, tick, tick_arg);
}
