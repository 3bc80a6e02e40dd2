/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The namespaces view (N): every network namespace of the host, the one
 * dropping now first, then the fullest, with its count, fill against the
 * global limit, drops a second, top churner (the source making most new
 * entries there, heard by collect/churnwatch.c for the selected one and
 * the busiest), workload (pod, container) and holder; Enter shows the
 * dashboard for the selected one, Esc on the dashboard comes back
 * (actions_netns.c). */
#ifndef CTDASH_NSVIEW_H
#define CTDASH_NSVIEW_H

#include <stdbool.h>

#include "collect/churnwatch.h"
#include "collect/nsscan.h"
#include "model/addrowner.h"
#include "layout.h"
#include "panel.h"
#include "view.h"

struct ns_view {
	struct panel panel;
	struct ns_table t;
	struct ns_table before; /* the scan before, for the rates */
	double before_at;
	bool have;
	int err;               /* nsscan_run's, 0 */
	double scanned;        /* monotonic seconds of the last scan */
	double drawn;          /* of the last draw: the view shows */
	struct churnwatch *churn; /* from the view's first showing; NULL when it could not start */
	bool churn_idle;       /* not shown: listening to no namespace */
	struct addr_owners owners; /* who owns the churners' addresses */
};

/* The selected namespace, or NULL. */
const struct ns_info *ns_view_selected(const struct ns_view *v);

/* Registered in views.c. */
extern const struct view_class netns_view;

#endif
