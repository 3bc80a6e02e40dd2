/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "serve/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/connwatch.h"
#include "serve/httproute.h"
#include "serve/promtext.h"

struct httpd {
	struct MHD_Daemon *daemon;
	struct connwatch *watch; /* the deadline of each exchange */
	httpd_metrics_fn metrics;
	void *arg;
	/* made once, shared by every connection (MHD counts references) */
	struct MHD_Response *index, *not_found, *not_allowed, *not_ready, *has_body;
};

static const char index_page[] =
	"<!DOCTYPE html>\n<html><head><title>ctdash exporter</title></head>\n"
	"<body><h1>ctdash</h1><p>The conntrack table in the Prometheus text format: "
	"<a href=\"/metrics\">/metrics</a>.</p></body></html>\n";
static const char not_found_text[] = "Not found: this server has /metrics and / only.\n";
static const char not_allowed_text[] = "Method not allowed: GET and HEAD only.\n";
static const char not_ready_text[] = "No snapshot yet: the first dump is still running.\n";
static const char has_body_text[] = "Bad request: GET and HEAD take no body here.\n";

static struct MHD_Response *fixed(const char *text, const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								   MHD_RESPMEM_PERSISTENT);
	if (r && MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) != MHD_YES) {
		MHD_destroy_response(r);
		return NULL;
	}
	return r;
}

static enum MHD_Result serve_metrics(struct httpd *h, struct MHD_Connection *conn)
{
	char *body = NULL;
	size_t len = 0;
	int ret = h->metrics(h->arg, &body, &len);
	if (ret == -EAGAIN)
		return MHD_queue_response(conn, MHD_HTTP_SERVICE_UNAVAILABLE, h->not_ready);
	if (ret < 0)
		return MHD_NO; /* out of memory: drop the connection */
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	enum MHD_Result q = MHD_NO;
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, PROM_CONTENT_TYPE) == MHD_YES)
		q = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return q;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **req)
{
	static int seen; /* only its address is used: "headers read" */
	struct httpd *h = cls;
	(void)version;
	(void)upload;
	enum http_route route = http_route(
		method, url,
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH),
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING));
	/* a body is never wanted: refuse at once, before reading it */
	if (route == ROUTE_NOT_ALLOWED)
		return MHD_queue_response(conn, MHD_HTTP_METHOD_NOT_ALLOWED, h->not_allowed);
	if (route == ROUTE_HAS_BODY)
		return MHD_queue_response(conn, MHD_HTTP_BAD_REQUEST, h->has_body);
	/* GET and HEAD: answer on the second call, once the request is read
	 * whole, so the connection can be kept alive for the next scrape */
	if (*req == NULL) {
		*req = &seen;
		return MHD_YES;
	}
	*upload_size = 0;
	if (route == ROUTE_METRICS)
		return serve_metrics(h, conn);
	if (route == ROUTE_INDEX)
		return MHD_queue_response(conn, MHD_HTTP_OK, h->index);
	return MHD_queue_response(conn, MHD_HTTP_NOT_FOUND, h->not_found);
}

/* Each connection's socket goes on the watch when it opens and off it
 * before libmicrohttpd closes it. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct httpd *h = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = info ? connwatch_add(h->watch, info->connect_fd) : NULL;
		if (info && !*socket_context) /* no slot: cannot happen, but no deadline either */
			shutdown(info->connect_fd, SHUT_RDWR);
	} else if (*socket_context) {
		connwatch_remove(h->watch, *socket_context);
		*socket_context = NULL;
	}
}

/* An answer sent whole: the connection's next exchange has its own
 * deadline, so a scraper that keeps its connection is never cut. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **req,
			 enum MHD_RequestTerminationCode why)
{
	struct httpd *h = cls;
	(void)req;
	if (why != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		return;
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (info && info->socket_context)
		connwatch_restart(h->watch, info->socket_context);
}

static void free_responses(struct httpd *h)
{
	struct MHD_Response *all[] = { h->index, h->not_found, h->not_allowed, h->not_ready,
				       h->has_body };
	for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i])
			MHD_destroy_response(all[i]);
}

static bool make_responses(struct httpd *h)
{
	h->index = fixed(index_page, "text/html; charset=utf-8");
	h->not_found = fixed(not_found_text, "text/plain; charset=utf-8");
	h->not_allowed = fixed(not_allowed_text, "text/plain; charset=utf-8");
	h->not_ready = fixed(not_ready_text, "text/plain; charset=utf-8");
	h->has_body = fixed(has_body_text, "text/plain; charset=utf-8");
	if (!h->index || !h->not_found || !h->not_allowed || !h->not_ready || !h->has_body)
		return false;
	return MHD_add_response_header(h->not_allowed, MHD_HTTP_HEADER_ALLOW, "GET, HEAD") == MHD_YES;
}

static struct MHD_Daemon *start_daemon(struct httpd *h, int fd)
{
	/* no MHD_USE_ERROR_LOG: every refused request would write a line, and
	 * whoever sends them would fill the journal */
	return MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, 0, NULL, NULL, on_request, h,
				MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTPD_MAX_CONNECTIONS,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTPD_MEMORY_PER_CONNECTION,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTPD_IDLE_SECONDS,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTPD_PER_ADDRESS,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
				MHD_OPTION_END);
}

int httpd_listen(const char *addr, unsigned port, char *err, size_t errlen)
{
	struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };
	bool v6 = false;
	if (inet_pton(AF_INET, addr, &in4.sin_addr) != 1) {
		if (inet_pton(AF_INET6, addr, &in6.sin6_addr) != 1) {
			snprintf(err, errlen, "--listen: '%s' is not a numeric IPv4 or IPv6 address", addr);
			return -1;
		}
		v6 = true;
	}
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
	    (v6 ? bind(fd, (const struct sockaddr *)&in6, sizeof in6)
		: bind(fd, (const struct sockaddr *)&in4, sizeof in4)) == 0 &&
	    listen(fd, HTTPD_BACKLOG) == 0)
		return fd;
	int e = errno;
	snprintf(err, errlen, "cannot listen on %s%s%s:%u: %s", v6 ? "[" : "", addr, v6 ? "]" : "",
		 port, strerror(e));
	if (fd >= 0)
		close(fd);
	return -1;
}

struct httpd *httpd_start(int listen_fd, httpd_metrics_fn metrics, void *arg,
			  char *err, size_t errlen)
{
	struct httpd *h = calloc(1, sizeof *h);
	if (!h) {
		snprintf(err, errlen, "out of memory");
		close(listen_fd);
		return NULL;
	}
	h->metrics = metrics;
	h->arg = arg;
	/* swept every half second: a connection lives at most that past its
	 * deadline */
	h->watch = connwatch_new(HTTPD_MAX_CONNECTIONS, HTTPD_EXCHANGE_SECONDS * 1000.0, 500.0);
	if (h->watch && make_responses(h))
		h->daemon = start_daemon(h, listen_fd);
	if (!h->daemon) {
		snprintf(err, errlen, "cannot start the HTTP server (libmicrohttpd): %s",
			 errno ? strerror(errno) : "refused");
		free_responses(h);
		connwatch_free(h->watch);
		free(h);
		close(listen_fd);
		return NULL;
	}
	return h;
}

void httpd_stop(struct httpd *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->daemon);
	connwatch_free(h->watch);
	free_responses(h);
	free(h);
}
