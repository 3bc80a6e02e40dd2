/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli/list_names.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "base/format.h"
#include "base/clock.h"
#include "collect/rdns.h"

struct list_names {
	struct rdns *r;
	double waited_ms;       /* of the budget */
	uint64_t late;          /* addresses printed unnamed for want of time */
};

struct list_names *list_names_start(void)
{
	struct rdns_config cfg;
	int ret = rdns_config_default(&cfg);
	if (ret < 0) {
		errno = -ret;
		return NULL;
	}
	/* more workers than the screen's: the list waits, so overlap slow
	 * answers; the rate bound stays the same */
	cfg.workers = 4;
	cfg.queue = 512;
	struct list_names *ln = calloc(1, sizeof *ln);
	if (!ln || !(ln->r = rdns_start(&cfg))) {
		int err = ln ? errno : ENOMEM;
		free(ln);
		errno = err;
		return NULL;
	}
	return ln;
}

void list_names_prefetch(struct list_names *ln, int family, const uint8_t *addr)
{
	char name[8];
	(void)rdns_lookup(ln->r, family, addr, name, sizeof name);
}

const char *list_names_get(void *arg, int family, const uint8_t *addr, char *buf, size_t n)
{
	struct list_names *ln = arg;
	for (;;) {
		enum rdns_answer a = rdns_lookup(ln->r, family, addr, buf, n);
		if (a == RDNS_ANSWER_NAME)
			return buf;
		if (a == RDNS_ANSWER_NONE)
			return NULL;
		double left = LIST_NAMES_WAIT_S * 1e3 - ln->waited_ms;
		if (left <= 0) {
			ln->late++;
			return NULL;
		}
		double t0 = mono_ms();
		struct pollfd p = { .fd = rdns_fd(ln->r), .events = POLLIN };
		if (poll(&p, 1, (int)left + 1) > 0)
			rdns_drain(ln->r);
		ln->waited_ms += mono_ms() - t0;
	}
}

void list_names_stop(struct list_names *ln, FILE *err)
{
	if (!ln)
		return;
	char late[48];
	if (ln->late)
		fprintf(err, "ctdash: --resolve: %s printed without their names: "
			"the %d s of waiting for names were spent\n",
			fmt_counted(late, sizeof late, ln->late, "address", "addresses"), LIST_NAMES_WAIT_S);
	rdns_stop(ln->r);
	free(ln);
}
