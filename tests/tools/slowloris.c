/* SPDX-License-Identifier: GPL-2.0-or-later */
/* slowloris: hold an HTTP server's connection slots the slow way, for
 * tests of --listen (issue 16 item 5). Opens CONNS connections to
 * 127.0.0.1:PORT, from the loopback sources 127.0.0.FIRST to
 * 127.0.0.LAST in turn, sends a request that never ends one byte to each
 * connection every MS milliseconds, and opens a connection again whenever
 * the server closes one, until SECONDS have passed. Then prints
 *   opened=N closed=M most_open=K
 * (connections made, closed by the server, most open at once).
 *
 *   slowloris PORT CONNS FIRST-LAST MS SECONDS
 *
 * Loopback only: the address is fixed to 127.0.0.1, the sources to
 * 127.0.0.0/8. Exit status 0, or 2 for a bad command line. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/parse.h"

#define MAX_CONNS 4096

static const char request[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

struct conn {
	int fd;
	size_t sent; /* bytes of the request sent; past its end, more 'a' */
};

struct attack {
	unsigned port, first, last, next_src;
	unsigned long opened, closed;
	unsigned open_now, most_open;
};

static int open_one(struct attack *a)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unsigned src = a->first + a->next_src++ % (a->last - a->first + 1);
	struct sockaddr_in from = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000000u | src) };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)a->port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(fd, (struct sockaddr *)&from, sizeof from) < 0 ||
	    (connect(fd, (struct sockaddr *)&to, sizeof to) < 0 && errno != EINPROGRESS)) {
		close(fd);
		return -1;
	}
	a->opened++;
	if (++a->open_now > a->most_open)
		a->most_open = a->open_now;
	return fd;
}

static void drop(struct attack *a, struct conn *c)
{
	close(c->fd);
	c->fd = -1;
	c->sent = 0;
	a->open_now--;
	a->closed++;
}

/* One byte more of the endless request; a refused send means the server
 * closed the connection. */
static void trickle(struct attack *a, struct conn *c)
{
	char byte = c->sent < sizeof request - 1 ? request[c->sent] : 'a';
	ssize_t n = send(c->fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n == 1)
		c->sent++;
	else if (n < 0 && errno != EAGAIN && errno != ENOTCONN)
		drop(a, c);
}

/* Connections the server closed: readable with nothing to read. */
static void reap(struct attack *a, struct conn *conns, struct pollfd *pfd, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = conns[i].fd, .events = POLLIN };
	if (poll(pfd, n, 0) <= 0)
		return;
	for (unsigned i = 0; i < n; i++) {
		if (conns[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		char buf[512];
		ssize_t got = recv(conns[i].fd, buf, sizeof buf, MSG_DONTWAIT);
		if (got == 0 || (got < 0 && errno != EAGAIN) || (pfd[i].revents & (POLLHUP | POLLERR)))
			drop(a, &conns[i]);
	}
}

static int usage(void)
{
	fputs("usage: slowloris PORT CONNS FIRST-LAST MS SECONDS\n"
	      "  (sources 127.0.0.FIRST to 127.0.0.LAST, 1 <= FIRST <= LAST <= 254)\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	uint64_t port, nconn, first, last, every_ms, seconds;
	const char *dash = argc == 6 ? strchr(argv[3], '-') : NULL;
	if (!dash || !parse_uint(argv[1], 65535, &port) || port == 0 ||
	    !parse_uint(argv[2], MAX_CONNS, &nconn) || nconn == 0 ||
	    !parse_uint(argv[4], 60000, &every_ms) || every_ms == 0 ||
	    !parse_uint(argv[5], 3600, &seconds))
		return usage();
	char lo[8];
	size_t lolen = (size_t)(dash - argv[3]);
	if (lolen == 0 || lolen >= sizeof lo)
		return usage();
	memcpy(lo, argv[3], lolen);
	lo[lolen] = '\0';
	if (!parse_uint(lo, 254, &first) || !parse_uint(dash + 1, 254, &last) || first == 0 ||
	    first > last)
		return usage();

	struct attack a = { .port = (unsigned)port, .first = (unsigned)first, .last = (unsigned)last };
	static struct conn conns[MAX_CONNS];
	static struct pollfd pfd[MAX_CONNS];
	for (unsigned i = 0; i < nconn; i++)
		conns[i] = (struct conn){ .fd = -1 };
	double end = mono_ms() + (double)seconds * 1000.0, next_byte = 0;
	while (mono_ms() < end) {
		for (unsigned i = 0; i < nconn; i++)
			if (conns[i].fd < 0)
				conns[i].fd = open_one(&a);
		reap(&a, conns, pfd, (unsigned)nconn);
		if (mono_ms() >= next_byte) {
			for (unsigned i = 0; i < nconn; i++)
				if (conns[i].fd >= 0)
					trickle(&a, &conns[i]);
			next_byte = mono_ms() + (double)every_ms;
		}
		sleep_ms(50);
	}
	printf("opened=%lu closed=%lu most_open=%u\n", a.opened, a.closed, a.most_open);
	return 0;
}
