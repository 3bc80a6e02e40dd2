/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The demo's life: start and stop, in the order that leaves nothing
 * behind. Its parts: the namespace (demo_netns.c), the janitor that
 * removes it if ctdash dies (demo_janitor.c), the nft rule that makes
 * conntrack track it (demo_nft.c), the load generator (demo_generator.c)
 * and the cleanup on exit and fatal signals (demo_signals.c). */
#include "demo/demo.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "collect/sysctl.h"
#include "demo/demo_generator.h"
#include "demo/demo_janitor.h"
#include "demo/demo_netns.h"
#include "demo/demo_nft.h"
#include "demo/demo_signals.h"

/* Once the namespace exists: lo, the rule, the generator. */
static int fill_netns(struct demo *d, char *err, size_t errlen)
{
	int ret = demo_loopback_up();
	if (ret < 0) {
		snprintf(err, errlen, "cannot bring up lo in the demo namespace: %s", strerror(-ret));
		return ret;
	}
	ret = demo_nft_load(err, errlen);
	if (ret < 0)
		return ret;
	ret = demo_generator_start(d);
	if (ret < 0)
		snprintf(err, errlen, "cannot start the load generator: %s", strerror(-ret));
	return ret;
}

int demo_start(struct demo *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	d->janitor_fd = -1;
	snprintf(d->name, sizeof d->name, DEMO_NAME_PREFIX "%d", (int)getpid());
	snprintf(d->path, sizeof d->path, DEMO_NETNS_DIR "/%s", d->name);
	int ret = demo_shared_map(d);
	if (ret < 0) {
		snprintf(err, errlen, "cannot map memory for the demo: %s", strerror(-ret));
		return -ENOMEM;
	}
	ret = demo_janitor_start(d);
	if (ret < 0) {
		snprintf(err, errlen, "cannot start the demo's janitor: %s", strerror(-ret));
		demo_stop(d);
		return ret;
	}
	ret = demo_netns_create(d->path, err, errlen);
	if (ret < 0) {
		if (ret == -EPERM)
			snprintf(err, errlen, "--demo needs root: it creates a network namespace");
		demo_stop(d);
		return ret;
	}
	d->active = true;
	ret = demo_janitor_tell(d, 'a');
	if (ret < 0)
		snprintf(err, errlen, "the demo's janitor is gone (%s): nothing would remove the "
			 "namespace if ctdash died", strerror(-ret));
	demo_signals_watch(d);
	if (ret == 0)
		ret = fill_netns(d, err, errlen);
	if (ret < 0)
		demo_stop(d);
	return ret;
}

void demo_stop(struct demo *d)
{
	demo_generator_stop(d);
	if (d->active) {
		demo_netns_remove(d->path);
		/* the janitor that cannot hear this finds the name gone */
		(void)demo_janitor_tell(d, 'd');
	}
	d->active = false;
	demo_signals_release(d);
	demo_janitor_stop(d);
	demo_shared_unmap(d);
}

int64_t demo_wait_for_entries(uint64_t min, unsigned timeout_ms)
{
	uint64_t count = 0;
	for (unsigned waited = 0;; waited += 50) {
		int ret = sysctl_read_u64("nf_conntrack_count", &count);
		if (ret < 0)
			return ret;
		if (count >= min || waited >= timeout_ms)
			return (int64_t)count;
		sleep_ms(50);
	}
}
