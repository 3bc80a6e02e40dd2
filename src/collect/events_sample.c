/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sampling the event groups under heavy churn (issue 21): the kernel
 * builds an event message only while its group has a member, so leaving
 * a group costs the packet path nothing more. Sampled, the socket stays
 * in no group but NEW, and in that one for a window of each period. */
#include "collect/events.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <math.h>
#include <sys/socket.h>

#include "collect/hostbusy.h"
#include "model/sampling.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static void membership(struct ct_events *ev, int group, bool on)
{
	if (!ev->open)
		return;
	int fd = events_fd(ev);
	/* a failure leaves the socket as it was: more events, never fewer
	 * than asked, and the counts the dump's */
	(void)setsockopt(fd, SOL_NETLINK, on ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP,
			 &group, sizeof group);
}

static void set_window(struct ct_events *ev, bool open, double now_s)
{
	if (open == ev->window_open)
		return;
	membership(ev, NFNLGRP_CONNTRACK_NEW, open);
	kshare_toggle(&ev->kshare, open, now_s, hostbusy_others_s(), ev->new_total);
	if (open)
		ev->window_at = now_s;
	else
		ev->listened_s += now_s - ev->window_at;
	ev->window_open = open;
}

void events_sample(struct ct_events *ev, unsigned k, double now_s)
{
	if (k < 1)
		k = 1;
	if (k == ev->sample_k)
		return;
	if (ev->sample_k <= 1) {
		/* the window timing starts now, open */
		membership(ev, NFNLGRP_CONNTRACK_UPDATE, false);
		membership(ev, NFNLGRP_CONNTRACK_DESTROY, false);
		ev->window_open = true;
		ev->window_at = now_s;
		kshare_toggle(&ev->kshare, true, now_s, hostbusy_others_s(), ev->new_total);
	}
	ev->sample_since = now_s;
	ev->listened_s = 0;
	if (ev->window_open)
		ev->window_at = now_s;
	if (k == 1) {
		set_window(ev, true, now_s);
		kshare_stop(&ev->kshare); /* no window out any more */
		membership(ev, NFNLGRP_CONNTRACK_UPDATE, true);
		membership(ev, NFNLGRP_CONNTRACK_DESTROY, true);
		/* what was destroyed meanwhile was not heard */
		ev->need_resync = true;
		ev->resync_reason = "every event again";
	}
	ev->sample_k = k;
}

double events_sample_tick(struct ct_events *ev, double now_s)
{
	if (ev->sample_k <= 1)
		return -1;
	double since = now_s - ev->sample_since;
	/* a window opens at each period's start and closes once the time
	 * listened reaches 1/k of the periods begun, so a late wake-up is
	 * made up in the same window and the scaling by k holds */
	double periods = floor(since / SAMPLING_PERIOD_S) + 1;
	double owed = periods * SAMPLING_PERIOD_S / ev->sample_k;
	double heard = ev->listened_s + (ev->window_open ? now_s - ev->window_at : 0);
	double window = SAMPLING_PERIOD_S / ev->sample_k;
	if (owed - heard > 2 * window) {
		/* windows missed (the thread was held up): forgiven, not made
		 * up in one long window */
		ev->listened_s += owed - heard - 2 * window;
		heard = owed - 2 * window;
	}
	/* (a microsecond short is owed nothing: the clock's rounding) */
	bool owing = heard + 1e-6 < owed;
	bool open = owing && (ev->window_open || sampling_window_open(since, ev->sample_k));
	set_window(ev, open, now_s);
	if (open)
		return owed - heard;
	return periods * SAMPLING_PERIOD_S - since;
}

double events_listened_share(const struct ct_events *ev, double now_s)
{
	if (ev->sample_k <= 1)
		return 1.0;
	double since = now_s - ev->sample_since;
	double heard = ev->listened_s + (ev->window_open ? now_s - ev->window_at : 0);
	return since > 0 ? heard / since : 1.0 / ev->sample_k;
}
