/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "serve/exporter.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "base/clock.h"
#include "collect/nsscan.h"
#include "collect/sampler.h"
#include "serve/httpd.h"
#include "serve/promtext.h"
#include "serve/textfile.h"

/* The latest rendering, swapped in whole by the main loop and copied out
 * by each scrape (the HTTP thread) under the lock. */
struct published {
	pthread_mutex_t lock;
	char *text;            /* everything but the age; NULL before the first */
	size_t len;
	double taken_at;
	bool labelled;         /* --all-netns: the age carries netns too */
	char netns[NS_LABEL_MAX];
};

/* The age, appended at the moment it is served. */
static int with_age(const struct published *p, char **body, size_t *len)
{
	FILE *f = open_memstream(body, len);
	if (!f)
		return -errno;
	fwrite(p->text, 1, p->len, f);
	prom_write_age(f, p->taken_at, p->labelled ? p->netns : NULL, real_s());
	return fclose(f) == 0 ? 0 : -ENOMEM;
}

static int serve(void *arg, char **body, size_t *len)
{
	struct published *p = arg;
	pthread_mutex_lock(&p->lock);
	int ret = p->text ? with_age(p, body, len) : -EAGAIN;
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static int render(const struct exporter_config *cfg, const struct ct_snapshot *snap,
		  struct published *next)
{
	struct ns_table t = { 0 };
	struct prom_input in = { .snap = snap, .top_n = cfg->top_n, .max_series = cfg->max_series,
				 .interval_s = cfg->interval_ms / 1e3 };
	if (cfg->all_netns) {
		/* a failed scan still lists what it found: export that */
		(void)nsscan_run(&t);
		const struct ns_info *self = nsscan_self(&t);
		if (self)
			ns_label(self, next->netns, sizeof next->netns);
		else
			snprintf(next->netns, sizeof next->netns, "%s", snap->netns);
		in.namespaces = &t;
		in.snap_netns = next->netns;
		in.snap_inode = t.self_inode;
		next->labelled = true;
	}
	FILE *f = open_memstream(&next->text, &next->len);
	if (!f) {
		nsscan_free(&t);
		return -errno;
	}
	prom_write_snapshot(f, &in);
	nsscan_free(&t);
	next->taken_at = snap->taken_at;
	return fclose(f) == 0 ? 0 : -ENOMEM;
}

static void publish(struct published *p, struct published *next)
{
	pthread_mutex_lock(&p->lock);
	free(p->text);
	p->text = next->text;
	p->len = next->len;
	p->taken_at = next->taken_at;
	p->labelled = next->labelled;
	memcpy(p->netns, next->netns, sizeof p->netns);
	pthread_mutex_unlock(&p->lock);
}

/* A failure is said once, and again only when its reason changes or
 * after a write that worked: not every refresh. */
static void write_textfile(const struct exporter_config *cfg, struct published *p)
{
	static char said[512];
	char why[512] = "";
	char *body = NULL;
	size_t len = 0;
	int ret = serve(p, &body, &len);
	if (ret == 0)
		ret = textfile_write(cfg->textfile, body, len, why, sizeof why);
	else
		snprintf(why, sizeof why, "cannot write %s: %s", cfg->textfile, strerror(-ret));
	free(body);
	if (ret < 0 && strcmp(why, said) != 0)
		fprintf(stderr, "ctdash: %s\n", why);
	snprintf(said, sizeof said, "%s", ret < 0 ? why : "");
}

static void on_snapshot(const struct exporter_config *cfg, struct sampler *smp, struct published *p)
{
	const struct ct_snapshot *snap;
	struct sampler_info info;
	if (!sampler_take(smp, &snap, &info))
		return;
	struct published next = { .len = 0 };
	if (render(cfg, snap, &next) < 0) {
		free(next.text);
		fprintf(stderr, "ctdash: out of memory rendering the metrics\n");
		return;
	}
	publish(p, &next);
	if (cfg->textfile)
		write_textfile(cfg, p);
	if (cfg->on_snapshot && info.ret == 0)
		cfg->on_snapshot(cfg->on_snapshot_arg, smp, snap, info.started);
}

static int signal_fd(void)
{
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	/* blocked before any thread starts, so every thread inherits it */
	if (sigprocmask(SIG_BLOCK, &stop, NULL) < 0)
		return -1;
	return signalfd(-1, &stop, SFD_CLOEXEC);
}

static void loop(const struct exporter_config *cfg, struct sampler *smp, struct published *p, int sfd)
{
	struct pollfd fds[2] = {
		{ .fd = sampler_fd(smp), .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "ctdash: poll: %s\n", strerror(errno));
			return;
		}
		if (fds[1].revents)
			return; /* SIGINT, SIGTERM or SIGHUP */
		if (fds[0].revents)
			on_snapshot(cfg, smp, p);
	}
}

int exporter_run(const struct exporter_config *cfg)
{
	struct published p = { .text = NULL };
	char err[512];
	int sfd = signal_fd();
	if (sfd < 0 || pthread_mutex_init(&p.lock, NULL) != 0) {
		fprintf(stderr, "ctdash: cannot set up signals: %s\n", strerror(errno));
		return 1;
	}
	if (cfg->textfile && textfile_refusal(cfg->textfile, err, sizeof err)) {
		fprintf(stderr, "ctdash: %s\n", err);
		close(sfd);
		pthread_mutex_destroy(&p.lock);
		return 1;
	}
	struct httpd *h = NULL;
	if (cfg->listen_fd >= 0 && !(h = httpd_start(cfg->listen_fd, serve, &p, err, sizeof err))) {
		fprintf(stderr, "ctdash: %s\n", err);
		close(sfd);
		pthread_mutex_destroy(&p.lock);
		return 1;
	}
	struct sampler_config sc = { .top_n = cfg->top_n, .interval_ms = cfg->interval_ms,
				     .netns_label = cfg->netns_label, .source = cfg->source,
				     .partial = true };
	struct sampler *smp = sampler_start(&sc);
	if (!smp) {
		fprintf(stderr, "ctdash: cannot start the sampler: %s\n", strerror(errno));
	} else {
		loop(cfg, smp, &p, sfd);
		sampler_stop(smp);
	}
	httpd_stop(h);
	close(sfd);
	free(p.text);
	pthread_mutex_destroy(&p.lock);
	return smp ? 0 : 1;
}
