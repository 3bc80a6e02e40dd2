/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: what the exporter answers a request (src/serve/httproute.c),
 * on any bytes. The input is the method, the URL, the Content-Length
 * and the Transfer-Encoding values, one a line; a missing line is a
 * header not sent. Besides the sanitizers, the answer itself is checked:
 * the metrics only for GET or HEAD of exactly /metrics without a body. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/httproute.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *field[4] = { NULL, NULL, NULL, NULL };
	char *p = text;
	for (unsigned i = 0; i < 4 && p; i++) {
		field[i] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	const char *method = field[0] ? field[0] : "", *url = field[1] ? field[1] : "";
	enum http_route r = http_route(method, url, field[2], field[3]);
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (r > ROUTE_HAS_BODY || (r == ROUTE_METRICS && (!get || strcmp(url, "/metrics") != 0)) ||
	    (r == ROUTE_NOT_ALLOWED && get) || (r == ROUTE_HAS_BODY && !field[2] && !field[3]))
		abort();
	free(text);
	return 0;
}
