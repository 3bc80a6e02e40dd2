/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/ctstats.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdlib.h>
#include <string.h>

int ct_stats_on_cpu(const struct nlmsghdr *nlh, void *data)
{
	struct ct_snapshot *s = data;
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);
	struct ct_cpu_stats *grown = realloc(s->cpu, (s->ncpu + 1) * sizeof *grown);
	if (!grown) {
		errno = ENOMEM; /* what nlconn_query will report */
		return MNL_CB_ERROR;
	}
	s->cpu = grown;
	struct ct_cpu_stats *cs = &s->cpu[s->ncpu++];
	memset(cs, 0, sizeof *cs);
	cs->cpu = ntohs(g->res_id);

	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof *g) {
		unsigned type = mnl_attr_get_type(a);
		if (type == 0 || type >= CT_STAT_SLOTS ||
		    mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			continue;
		cs->v[type] = ntohl(mnl_attr_get_u32(a));
		cs->present |= 1u << type;
		s->stat_total[type] += cs->v[type];
		s->stat_present |= 1u << type;
	}
	return MNL_CB_OK;
}

int ct_read_cpu_stats(struct nlconn *c, struct ct_snapshot *s)
{
	free(s->cpu);
	s->cpu = NULL;
	s->ncpu = 0;
	memset(s->stat_total, 0, sizeof s->stat_total);
	s->stat_present = 0;
	return nlconn_query(c, IPCTNL_MSG_CT_GET_STATS_CPU, NLM_F_DUMP, ct_stats_on_cpu, s, NULL, NULL);
}

int ct_stats_on_global(const struct nlmsghdr *nlh, void *data)
{
	struct ct_snapshot *s = data;
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			continue;
		uint32_t v = ntohl(mnl_attr_get_u32(a));
		if (mnl_attr_get_type(a) == CTA_STATS_GLOBAL_ENTRIES)
			s->global_entries = v;
		else if (mnl_attr_get_type(a) == CTA_STATS_GLOBAL_MAX_ENTRIES)
			s->global_max = v;
	}
	s->have_global = true;
	return MNL_CB_OK;
}

int ct_read_global_stats(struct nlconn *c, struct ct_snapshot *s)
{
	s->have_global = false;
	return nlconn_query(c, IPCTNL_MSG_CT_GET_STATS, NLM_F_ACK, ct_stats_on_global, s, NULL, NULL);
}
