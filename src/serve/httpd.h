/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The HTTP side of --listen, on libmicrohttpd: GET and HEAD of /metrics
 * and /, nothing else. Bounded: connections, connections per client
 * address, memory per connection (so request size), idle time and the
 * time one exchange may take, all fixed below. */
#ifndef CTDASH_HTTPD_H
#define CTDASH_HTTPD_H

#include <stddef.h>

/* Connections open at once; a scraper needs one, so a hundred held open by
 * a misbehaving client still leave room for it. */
#define HTTPD_MAX_CONNECTIONS 256
/* Bytes per connection for the request line and headers: larger requests
 * get 414 (URI) or 431 (headers). */
#define HTTPD_MEMORY_PER_CONNECTION (16 * 1024)
/* A connection idle this long (a request half sent) is closed. */
#define HTTPD_IDLE_SECONDS 5
/* One exchange (a request read and its answer sent), from the
 * connection's start or the end of its previous exchange, is closed past
 * this, busy or not: a client that sends a byte every few seconds is never
 * idle (slowloris). Prometheus's own scrape timeout defaults to 10 s. */
#define HTTPD_EXCHANGE_SECONDS 10
/* Connections one client address may hold: a host that opens more gets
 * them closed at once, so it takes at most an eighth of the slots. */
#define HTTPD_PER_ADDRESS 32
/* Connections the kernel queues for the server while every slot is
 * taken; a scraper's waits there for the next slot, not refused. */
#define HTTPD_BACKLOG 512

/* Produce the body of /metrics: a malloc'd buffer the server frees. 0, or
 * a negative errno (-EAGAIN: nothing to serve yet, 503). */
typedef int (*httpd_metrics_fn)(void *arg, char **body, size_t *len);

struct httpd;

/* A socket listening on addr (numeric IPv4 or IPv6) and port. Made before
 * ctdash enters another namespace with --netns, so the server stays
 * reachable on the host's own addresses. The descriptor, or -1 with a
 * sentence in err when the address is bad or the port taken. */
int httpd_listen(const char *addr, unsigned port, char *err, size_t errlen);
/* Serve on that socket (the server then owns it); NULL with a sentence in
 * err. */
struct httpd *httpd_start(int listen_fd, httpd_metrics_fn metrics, void *arg,
			  char *err, size_t errlen);
void httpd_stop(struct httpd *h);

#endif
