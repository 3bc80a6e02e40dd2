/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --record alone: the sampler collects every interval, each snapshot goes
 * to the recorder's thread; no screen, until SIGTERM or SIGINT. With
 * --json each picture is also printed as --json prints it, the same
 * object --replay --json --at gives back for that picture. */
#include "base/format.h"
#include "cli/record_cmd.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cli/report.h"
#include "collect/nsowner.h"
#include "collect/nsscan.h"

struct rec_limits record_limits(const struct options *o)
{
	return (struct rec_limits){ .max_age_s = o->record_max_age_s,
				    .max_bytes = o->record_max_bytes,
				    .top_rows = o->top_n };
}

void record_exporter_hook(void *feed, struct sampler *smp, const struct ct_snapshot *s, double started)
{
	struct record_feed *f = feed;
	char msg[320];
	record_feed_snapshot(f, smp, s, started, NULL, NULL);
	if (record_feed_news(f, msg, sizeof msg))
		fprintf(stderr, "ctdash: %s\n", msg);
}

static int stop_signals(void)
{
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	/* blocked before the threads start, so every thread inherits it */
	if (sigprocmask(SIG_BLOCK, &stop, NULL) < 0)
		return -1;
	return signalfd(-1, &stop, SFD_CLOEXEC);
}

static void on_snapshot(const struct options *o, struct record_feed *f, struct sampler *smp)
{
	const struct ct_snapshot *s;
	struct sampler_info info;
	if (!sampler_take(smp, &s, &info) || info.ret != 0)
		return;
	struct ns_table t = { 0 };
	if (o->all_netns)
		(void)nsscan_run(&t);
	record_feed_snapshot(f, smp, s, info.started, NULL, o->all_netns ? &t : NULL);
	if (o->record_json) {
		struct addr_owners owners = { 0 };
		struct report_extra x = { .rates = &f->tracker.rates,
					  .namespaces = o->all_netns ? &t : NULL };
		/* the workloads as the replay names them: from this scan */
		if (o->all_netns && nsowner_addr_map(&t, &owners) == 0)
			x.owners = &owners;
		/* a line printed is a picture in the file (or one the file
		 * refused, said on stderr): wait for the writer, not the screen */
		recorder_flush(f->rec);
		report_json(stdout, s, &x);
		fflush(stdout);
		addrowners_free(&owners);
	}
	nsscan_free(&t);
	char msg[320];
	if (record_feed_news(f, msg, sizeof msg))
		fprintf(stderr, "ctdash: %s\n", msg);
}

int run_record(const struct options *o, const char *label)
{
	char why[512];
	int sfd = stop_signals();
	if (sfd < 0) {
		fprintf(stderr, "ctdash: cannot set up signals: %s\n", strerror(errno));
		return 1;
	}
	struct rec_limits lim = record_limits(o);
	struct record_feed f;
	if (record_feed_start(&f, o->record, &lim, o->all_netns, why, sizeof why) < 0) {
		fprintf(stderr, "ctdash: --record: %s\n", why);
		close(sfd);
		return 1;
	}
	struct sampler_config sc = { .top_n = o->top_n, .interval_ms = o->delay_tenths * 100u,
				     .netns_label = label, .source = o->source };
	struct sampler *smp = sampler_start(&sc);
	if (!smp) {
		fprintf(stderr, "ctdash: cannot start the sampler: %s\n", strerror(errno));
		record_feed_stop(&f);
		close(sfd);
		return 1;
	}
	struct pollfd fds[2] = { { .fd = sampler_fd(smp), .events = POLLIN },
				 { .fd = sfd, .events = POLLIN } };
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "ctdash: poll: %s\n", strerror(errno));
			break;
		}
		if (fds[1].revents)
			break; /* SIGINT or SIGTERM */
		if (fds[0].revents)
			on_snapshot(o, &f, smp);
	}
	sampler_stop(smp);
	struct recorder_status st;
	recorder_flush(f.rec);
	recorder_get_status(f.rec, &st);
	record_feed_stop(&f);
	close(sfd);
	char pictures[48];
	fprintf(stderr, "ctdash: recorded %s to %s\n",
		fmt_counted(pictures, sizeof pictures, st.written, "picture", "pictures"), o->record);
	return 0;
}
