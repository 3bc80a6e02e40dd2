/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctcapture OUT: dump this network namespace's conntrack table and write
 * every conntrack message to OUT exactly as the kernel sent it, header
 * included. Each message carries its own length, so OUT is a plain
 * concatenation; the unit tests read it back as fixtures.
 *
 * ctcapture --events OUT SECONDS [DESTROYS]: listen to the conntrack
 * events instead (the socket ctdash's event engine opens), writing each
 * event message, until SECONDS pass or DESTROYS destroy events came.
 *
 * Run it inside a namespace: ip netns exec NS ctcapture OUT
 */
#include <errno.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poll.h>

#include "base/clock.h"
#include "base/parse.h"
#include "collect/events.h"
#include "collect/nlconn.h"

struct capture {
	FILE *out;
	unsigned long messages;
	int err; /* errno of the first failed write */
};

static int write_message(const struct nlmsghdr *nlh, void *data)
{
	struct capture *cap = data;
	if (fwrite(nlh, 1, nlh->nlmsg_len, cap->out) != nlh->nlmsg_len) {
		cap->err = errno ? errno : EIO;
		return MNL_CB_ERROR;
	}
	cap->messages++;
	return MNL_CB_OK;
}

/* Every message of the kernel's event datagrams until the deadline or
 * the destroys wanted. */
static int capture_events(FILE *out, unsigned seconds, uint64_t destroys)
{
	struct ct_events ev;
	int ret = events_open(&ev, 0, mono_ms() / 1e3);
	if (ret < 0) {
		fprintf(stderr, "ctcapture: cannot listen to events: %s\n", strerror(-ret));
		return 1;
	}
	unsigned long messages = 0;
	uint64_t seen = 0;
	double end = mono_ms() + seconds * 1000.0;
	while (mono_ms() < end && (destroys == 0 || seen < destroys)) {
		struct pollfd p = { .fd = events_fd(&ev), .events = POLLIN };
		if (poll(&p, 1, 100) <= 0)
			continue;
		ssize_t n;
		while ((n = nlconn_recv(&ev.nc)) > 0) {
			if (fwrite(ev.nc.buf, 1, (size_t)n, out) != (size_t)n) {
				fprintf(stderr, "ctcapture: write: %s\n", strerror(errno));
				events_close(&ev);
				return 1;
			}
			const struct nlmsghdr *nlh = (const struct nlmsghdr *)ev.nc.buf;
			if ((nlh->nlmsg_type & 0xff) == IPCTNL_MSG_CT_DELETE)
				seen++;
			messages++;
		}
		if (n != -EAGAIN)
			fprintf(stderr, "ctcapture: receive: %s\n", strerror((int)-n));
	}
	fflush(out);
	events_close(&ev);
	fprintf(stderr, "ctcapture: %lu event datagrams, %llu destroys\n", messages,
		(unsigned long long)seen);
	return destroys && seen < destroys ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t secs, destroys = 0;
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "--events") == 0 &&
	    parse_uint(argv[3], 3600, &secs) && (argc == 4 || parse_uint(argv[4], 1000000, &destroys))) {
		FILE *out = fopen(argv[2], "wb");
		if (!out) {
			fprintf(stderr, "ctcapture: cannot create %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		int rc = capture_events(out, (unsigned)secs, destroys);
		if (fclose(out) != 0)
			rc = 1;
		return rc;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: ctcapture OUT | ctcapture --events OUT SECONDS [DESTROYS]\n"
			"Write every message of a conntrack dump of this network namespace to OUT,\n"
			"or every event message for SECONDS (or until DESTROYS destroy events).\n");
		return 2;
	}
	struct capture cap = { .out = fopen(argv[1], "wb") };
	if (!cap.out) {
		fprintf(stderr, "ctcapture: cannot create %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	struct nlconn c = { 0 };
	int ret = nlconn_open(&c);
	if (ret < 0) {
		fprintf(stderr, "ctcapture: cannot open a netfilter netlink socket: %s\n", strerror(-ret));
		fclose(cap.out);
		return 1;
	}
	ret = nlconn_query(&c, IPCTNL_MSG_CT_GET, NLM_F_DUMP, write_message, &cap, NULL, NULL);
	nlconn_close(&c);
	if (fclose(cap.out) != 0 && !cap.err)
		cap.err = errno;
	if (cap.err) {
		fprintf(stderr, "ctcapture: cannot write %s: %s\n", argv[1], strerror(cap.err));
		return 1;
	}
	if (ret < 0) {
		/* An interrupted or lossy dump would make fixtures that do not
		 * match what conntrack(8) listed: fail rather than keep them. */
		fprintf(stderr, "ctcapture: the dump failed: %s\n", strerror(-ret));
		return 1;
	}
	fprintf(stderr, "ctcapture: %lu messages written to %s\n", cap.messages, argv[1]);
	return 0;
}
