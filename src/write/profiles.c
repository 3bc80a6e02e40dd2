/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/profiles.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "collect/sysctl.h"
#include "model/timeouts.h"

/* The set operators quote, from a router maker's documentation. */
static const struct profile_value router_example[] = {
	{ "nf_conntrack_icmp_timeout", 10 },
	{ "nf_conntrack_tcp_timeout_syn_recv", 5 },
	{ "nf_conntrack_tcp_timeout_syn_sent", 5 },
	{ "nf_conntrack_tcp_timeout_established", 600 },
	{ "nf_conntrack_tcp_timeout_fin_wait", 10 },
	{ "nf_conntrack_tcp_timeout_time_wait", 10 },
	{ "nf_conntrack_tcp_timeout_close_wait", 10 },
	{ "nf_conntrack_tcp_timeout_last_ack", 10 },
};

static const struct profile profiles[] = {
	{
		.id = "router-example",
		.title = "Short timeouts (the example set operators quote)",
		.description = "icmp 10s, syn_recv 5s, syn_sent 5s, established 10m, fin_wait 10s, "
			       "time_wait 10s, close_wait 10s, last_ack 10s",
		.warning = "An example from a router maker, not a recommendation: established 10m "
			   "forgets idle connections (SSH, database pools, keep-alive) after 10 "
			   "minutes of silence, and syn_sent 5s drops slow connects. Adapt it to "
			   "your traffic; change one thing at a time and watch.",
		.values = router_example,
		.nvalues = sizeof router_example / sizeof router_example[0],
	},
	{
		.id = "kernel-defaults",
		.title = "Kernel defaults (revert every timeout)",
		.description = "every timeout sysctl back to the value a new namespace starts with; "
			       "nf_conntrack_max and the bucket count are left as they are",
		.warning = NULL,
		.values = NULL,
		.nvalues = 0,
	},
};

const struct profile *profiles_list(unsigned *n)
{
	*n = sizeof profiles / sizeof profiles[0];
	return profiles;
}

const struct profile *profile_find(const char *id)
{
	for (unsigned i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
		if (strcmp(profiles[i].id, id) == 0)
			return &profiles[i];
	return NULL;
}

static int plan_one(struct tune_plan *plan, const struct ct_snapshot *s, const char *name,
		    long target, unsigned *missing)
{
	long now = timeout_value(s, name);
	if (now < 0) {
		if (missing)
			(*missing)++;
		return 0;
	}
	if (target < 0 || now == target)
		return 0;
	return tune_plan_add(plan, name, (uint64_t)now, (uint64_t)target, NULL) < 0 ? -ENOMEM : 1;
}

int profile_plan(const struct profile *p, const struct ct_snapshot *s,
		 const struct timeout_defaults *d, struct tune_plan *plan, unsigned *missing)
{
	char title[96];
	snprintf(title, sizeof title, "profile %s", p->id);
	tune_plan_init(plan, title);
	if (missing)
		*missing = 0;
	int ret = 0;
	if (p->nvalues == 0) {
		for (unsigned i = 0; i < s->ntimeouts && ret >= 0; i++)
			ret = plan_one(plan, s, s->timeouts[i].name,
				       timeout_default(d, s->timeouts[i].name), NULL);
	} else {
		for (unsigned i = 0; i < p->nvalues && ret >= 0; i++)
			ret = plan_one(plan, s, p->values[i].name, p->values[i].seconds, missing);
	}
	return ret < 0 ? ret : (int)plan->n;
}
