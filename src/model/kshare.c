/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/kshare.h"

#include <math.h>

void kshare_toggle(struct kshare *k, bool open, double now_s, double others_busy_s,
		   uint64_t msgs_total)
{
	if (isnan(others_busy_s)) {
		k->started = false;
		return;
	}
	double span = now_s - k->at_s, busy = others_busy_s - k->busy_at_s;
	/* a clock or counter that went back: the window is not counted */
	if (k->started && span > 0 && busy >= 0 && msgs_total >= k->msgs_at) {
		if (k->open) {
			k->open_s += span;
			k->open_busy_s += busy;
		} else {
			k->closed_s += span;
			k->closed_busy_s += busy;
		}
		/* a message built in a window may be read after it closed */
		k->msgs += msgs_total - k->msgs_at;
	}
	k->started = true;
	k->open = open;
	k->at_s = now_s;
	k->busy_at_s = others_busy_s;
	k->msgs_at = msgs_total;
}

void kshare_stop(struct kshare *k)
{
	k->started = false;
}

double kshare_us(const struct kshare *k, double prior_us, unsigned cpus, bool *measured)
{
	*measured = false;
	if (k->open_s < KSHARE_MIN_S || k->closed_s < KSHARE_MIN_S || k->msgs < KSHARE_MIN_MSGS)
		return prior_us;
	/* busy time cannot rise above all the CPUs: a saturated host hides
	 * the kernel's work (it shows as others waiting, not as busy) */
	if (cpus && k->closed_busy_s / k->closed_s > KSHARE_SATURATED * cpus)
		return prior_us;
	/* cores busy in the windows in, beyond those out, over the time in */
	double extra_s = (k->open_busy_s / k->open_s - k->closed_busy_s / k->closed_s) * k->open_s;
	double us = extra_s * 1e6 / (double)k->msgs;
	*measured = true;
	if (!(us > KSHARE_MIN_US))
		return KSHARE_MIN_US;
	return us > KSHARE_MAX_US ? KSHARE_MAX_US : us;
}
