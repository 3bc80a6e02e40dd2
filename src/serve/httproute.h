/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the exporter answers a request, decided from the request line and
 * headers alone (no socket, so tests/fuzz/fuzz_http.c runs it on any
 * bytes): GET or HEAD of /metrics or /, without a body. */
#ifndef CTDASH_HTTPROUTE_H
#define CTDASH_HTTPROUTE_H

enum http_route {
	ROUTE_METRICS,     /* 200 with the metrics */
	ROUTE_INDEX,       /* 200 with the page that links to them */
	ROUTE_NOT_FOUND,   /* 404 */
	ROUTE_NOT_ALLOWED, /* 405: a method other than GET and HEAD */
	ROUTE_HAS_BODY,    /* 400: GET or HEAD with a body */
};

/* method and url as received; content_length and transfer_encoding are
 * those headers' values, NULL when absent. */
enum http_route http_route(const char *method, const char *url, const char *content_length,
			   const char *transfer_encoding);

#endif
