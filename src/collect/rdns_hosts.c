/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/rdns_hosts.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/clock.h"
#include "base/grow.h"
#include "collect/rdns.h"
#include "collect/rdns_cache.h"

struct host_line {
	struct rdns_key key;
	char name[RDNS_NAME_MAX];
};

struct rdns_hosts {
	struct host_line *lines;
	size_t n, cap;
	unsigned delay_ms;
};

/* "ADDRESS NAME [ALIAS...]": the first name is the one kept, as
 * getnameinfo answers from /etc/hosts. 1 kept, 0 not a host line. */
static int parse_line(char *line, struct host_line *out)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *save = NULL;
	char *addr = strtok_r(line, " \t\r\n", &save);
	char *name = addr ? strtok_r(NULL, " \t\r\n", &save) : NULL;
	if (!name || strlen(name) >= sizeof out->name)
		return 0;
	uint8_t bin[16] = { 0 };
	int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, addr, bin) != 1)
		return 0;
	out->key = rdns_key_of(family, bin);
	snprintf(out->name, sizeof out->name, "%s", name);
	return 1;
}

struct rdns_hosts *rdns_hosts_load(const char *path, unsigned delay_ms)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	struct rdns_hosts *h = calloc(1, sizeof *h);
	char line[512];
	struct host_line hl;
	bool out_of_memory = !h;
	while (!out_of_memory && fgets(line, sizeof line, f)) {
		if (!parse_line(line, &hl))
			continue;
		struct host_line *grown = grow_array(h->lines, &h->cap, h->n + 1, sizeof *grown, 16);
		out_of_memory = !grown;
		if (grown) {
			h->lines = grown;
			h->lines[h->n++] = hl;
		}
	}
	int err = ferror(f) ? EIO : ENOMEM;
	fclose(f);
	if (h && (out_of_memory || err == EIO)) {
		rdns_hosts_free(h);
		h = NULL;
	}
	if (!h)
		errno = err;
	else
		h->delay_ms = delay_ms;
	return h;
}

void rdns_hosts_free(struct rdns_hosts *h)
{
	if (!h)
		return;
	free(h->lines);
	free(h);
}

int rdns_hosts_resolve(int family, const uint8_t *addr, char *name, size_t n, void *arg)
{
	const struct rdns_hosts *h = arg;
	if (h->delay_ms)
		sleep_ms((long)h->delay_ms);
	struct rdns_key k = rdns_key_of(family, addr);
	for (size_t i = 0; i < h->n; i++)
		if (memcmp(&h->lines[i].key, &k, sizeof k) == 0) {
			snprintf(name, n, "%s", h->lines[i].name);
			return RDNS_RESOLVED;
		}
	return RDNS_NO_NAME;
}
