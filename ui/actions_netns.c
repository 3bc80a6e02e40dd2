/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Enter on the namespaces view shows the dashboard for that namespace;
 * Esc on the dashboard comes back. The sampler thread is stopped, the
 * main thread enters the namespace, and a new sampler (which inherits it)
 * and the tuning context start there: what is shown, and what a tuning
 * key writes, are that namespace's. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "collect/netns.h"
#include "dash.h"
#include "nsview.h"

/* Stop reading, move the whole dashboard to the namespace fd names
 * (labelled label), start reading again. 0 or -errno; on failure the
 * dashboard goes on where it was. */
static int move_to(struct dash *d, int fd, const char *label)
{
	d->snap = NULL; /* the old sampler's, freed by sampler_stop */
	d->past.live = NULL;
	sampler_stop(d->smp);
	d->smp = NULL;
	int ret = netns_enter_fd(fd);
	if (ret == 0) {
		snprintf(d->netns_buf, sizeof d->netns_buf, "%s", label);
		d->netns = d->netns_buf;
		tuning_free(&d->tu);
		tuning_init(&d->tu, d->netns, d->o->journal, d->o->read_only);
		history_init(&d->hist);
		/* another namespace's counters: nothing rose yet there */
		advice_tracker_init(&d->tracker);
		banner_init(&d->banner);
	}
	struct sampler_config cfg = {
		.top_n = d->o->top_n, .interval_ms = d->o->delay_tenths * 100u, .netns_label = d->netns,
		.source = d->o->source,
	};
	d->smp = sampler_start(&cfg);
	if (!d->smp) {
		/* nothing left to show from: end as the dashboard would */
		d->exit_status = 1;
		d->quit = true;
		return -errno;
	}
	act_refresh_refusal(d);
	return ret;
}

/* A delete runs in the namespace shown, by a thread that is in it: the
 * dashboard stays until it ends. */
static bool deleting_here(struct dash *d)
{
	if (!tuning_deleting(&d->tu))
		return false;
	status_message(&d->status, mono_ms() / 1e3, true, "a delete is running in this namespace: "
		       "wait for its result, or F9 to stop it");
	return true;
}

void act_netns_switch(struct dash *d)
{
	double now = mono_ms() / 1e3;
	if (deleting_here(d))
		return;
	const struct ns_info *ns = ns_view_selected(views_state(&d->views, &netns_view));
	if (!ns) {
		status_message(&d->status, now, false, "no namespace selected");
		return;
	}
	char label[sizeof d->netns_buf], shown[NS_LABEL_MAX];
	ns_label(ns, shown, sizeof shown);
	if (ns->inode == ((const struct ns_view *)views_state(&d->views, &netns_view))->t.self_inode) {
		status_message(&d->status, now, false, "%s is the one shown", shown);
		return;
	}
	if (d->home_fd <= 0) {
		d->home_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		snprintf(d->home_label, sizeof d->home_label, "%s", d->netns);
		if (d->home_fd < 0) {
			status_message(&d->status, now, true, "cannot keep a way back: %s", strerror(errno));
			d->home_fd = 0;
			return;
		}
	}
	int fd = nsscan_open(ns);
	if (fd < 0) {
		status_message(&d->status, now, true, "%s is gone: %s", shown, strerror(-fd));
		return;
	}
	ns_dash_label(ns, label, sizeof label);
	int ret = move_to(d, fd, label);
	close(fd);
	views_close(&d->views);
	if (ret < 0)
		status_message(&d->status, now, true, "cannot enter %s: %s", shown,
			       ret == -EPERM ? "needs CAP_SYS_ADMIN" : strerror(-ret));
	else {
		status_message(&d->status, now, false, "showing %s; Esc goes back to %s", shown,
			       d->home_label[0] ? d->home_label : "ctdash's own namespace");
		status_let_esc_pass(&d->status);
	}
}

bool act_netns_back(struct dash *d)
{
	if (d->home_fd <= 0 || d->netns == d->home_label)
		return false;
	if (deleting_here(d))
		return true;
	int ret = move_to(d, d->home_fd, d->home_label);
	if (ret == 0)
		d->netns = d->home_label; /* shown as it was given */
	status_message(&d->status, mono_ms() / 1e3, ret < 0, ret < 0 ? "cannot go back: %s" : "back%s",
		       ret < 0 ? strerror(-ret) : "");
	return true;
}
