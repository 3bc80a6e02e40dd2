/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "serve/httproute.h"

#include <stdbool.h>
#include <string.h>

/* A body is announced by any Transfer-Encoding, or a Content-Length
 * that is not all zeros (a length libmicrohttpd could not read is
 * refused by it before this). */
static bool has_body(const char *content_length, const char *transfer_encoding)
{
	if (transfer_encoding)
		return true;
	if (!content_length)
		return false;
	const char *p = content_length;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return true;
	while (*p == '0')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p != '\0';
}

enum http_route http_route(const char *method, const char *url, const char *content_length,
			   const char *transfer_encoding)
{
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return ROUTE_NOT_ALLOWED;
	/* refused before it is read: nothing here takes a body, and one the
	 * server skipped would be read as the next request */
	if (has_body(content_length, transfer_encoding))
		return ROUTE_HAS_BODY;
	/* exact paths: "/../metrics", "/metrics/" and the like are not ours */
	if (strcmp(url, "/metrics") == 0)
		return ROUTE_METRICS;
	if (strcmp(url, "/") == 0)
		return ROUTE_INDEX;
	return ROUTE_NOT_FOUND;
}
