#include "collect/listdump.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <string.h>

#include "collect/ctmsg.h"

struct list_state {
	ct_row_fn each;
	void *arg;
	struct list_dump_stats *st;
	int err;
};

static int on_message(const struct nlmsghdr *nlh, void *data)
{
	struct list_state *ls = data;
	struct ct_entry e;
	if (ct_parse_entry(nlh, &e) != CT_PARSE_OK) {
		ls->st->malformed++;
		return MNL_CB_OK;
	}
	ls->st->entries++;
	int ret = ls->each(&e, ls->arg);
	if (ret < 0) {
		ls->err = ret;
		errno = -ret; /* what nlconn_query reports */
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int ct_list_dump(struct nlconn *c, ct_row_fn each, void *arg, struct list_dump_stats *st,
		 nl_tick_fn tick, void *tick_arg)
{
	memset(st, 0, sizeof *st);
	struct list_state ls = { each, arg, st, 0 };
	int ret = nlconn_query(c, IPCTNL_MSG_CT_GET, NLM_F_DUMP, on_message, &ls, tick, tick_arg);
	return ls.err ? ls.err : ret;
}
