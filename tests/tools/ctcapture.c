/* ctcapture OUT: dump this network namespace's conntrack table and write
 * every conntrack message to OUT exactly as the kernel sent it, header
 * included. Each message carries its own length, so OUT is a plain
 * concatenation; the unit tests read it back as fixtures.
 *
 * Run it inside a namespace: ip netns exec NS ctcapture OUT
 */
#include <errno.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: ctcapture OUT\n"
			"Write every message of a conntrack dump of this network namespace to OUT.\n");
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
