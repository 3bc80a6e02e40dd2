/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/outside.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/sysctl.h"

int ct_outside_count_one(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(uint64_t *)data)++;
	return MNL_CB_OK;
}

/* Entries of the expectation table: a dump of the ctnetlink_exp
 * subsystem, counted. */
static int count_expectations(struct nlconn *c, uint64_t *n)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg))];
	memset(req, 0, sizeof req);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK_EXP << 8) | IPCTNL_MSG_EXP_GET;
	nlh->nlmsg_flags = NLM_F_DUMP;
	struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof *g);
	g->nfgen_family = AF_UNSPEC;
	g->version = NFNETLINK_V0;
	*n = 0;
	return nlconn_query_msg(c, nlh, ct_outside_count_one, n, NULL, NULL);
}

int ct_read_outside(struct nlconn *c, struct ct_snapshot *s)
{
	struct ct_outside *o = &s->outside;
	memset(o, 0, sizeof *o);
	int ret = nlconn_query(c, IPCTNL_MSG_CT_GET_DYING, NLM_F_DUMP, ct_outside_count_one,
			       &o->dying, NULL, NULL);
	if (ret == 0)
		ret = nlconn_query(c, IPCTNL_MSG_CT_GET_UNCONFIRMED, NLM_F_DUMP,
				   ct_outside_count_one, &o->unconfirmed, NULL, NULL);
	o->lists_known = ret == 0;
	if (ret == 0)
		ret = count_expectations(c, &o->expectations);
	if (ret == 0 && sysctl_read_u64("nf_conntrack_expect_max", &o->expect_max) == 0)
		o->expect_known = true;
	return ret;
}
