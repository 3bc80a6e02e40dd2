#include "collect/dump.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <string.h>

#include "collect/ctmsg.h"
#include "collect/tally.h"

struct dump_state {
	struct ct_tally *t;
	struct topsrc *src;
	ct_entry_fn each;
	void *each_arg;
};

static int on_entry(const struct nlmsghdr *nlh, void *data)
{
	struct dump_state *st = data;
	struct ct_entry e;
	if (ct_parse_entry(nlh, &e) != CT_PARSE_OK) {
		st->t->malformed++;
		return MNL_CB_OK;
	}
	tally_add(st->t, &e);
	if (st->each)
		st->each(&e, st->each_arg);
	if (e.has_src && topsrc_add(st->src, e.family, e.src) < 0) {
		errno = ENOMEM; /* what nlconn_query will report */
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int ct_dump_each(struct nlconn *c, struct ct_tally *t, struct topsrc *src,
		 ct_entry_fn each, void *each_arg, nl_tick_fn tick, void *tick_arg)
{
	memset(t, 0, sizeof *t);
	topsrc_reset(src);
	struct dump_state st = { t, src, each, each_arg };
	return nlconn_query(c, IPCTNL_MSG_CT_GET, NLM_F_DUMP, on_entry, &st, tick, tick_arg);
}

int ct_dump(struct nlconn *c, struct ct_tally *t, struct topsrc *src,
	    nl_tick_fn tick, void *tick_arg)
{
	return ct_dump_each(c, t, src, NULL, NULL, tick, tick_arg);
}
