/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hostnames.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/ownerwatch.h"
#include "collect/rdns.h"
#include "model/workload.h"

static struct rdns *resolver;
static struct ownerwatch *owners;

void hostnames_use_owners(struct ownerwatch *w)
{
	owners = w;
}

bool workloads_on(void)
{
	return owners != NULL;
}

void hostnames_use(struct rdns *r)
{
	resolver = r;
}

bool hostnames_on(void)
{
	return resolver != NULL;
}

const char *hostname_of_addr(char *buf, size_t n, int family, const void *addr)
{
	if (resolver && rdns_lookup(resolver, family, addr, buf, n) == RDNS_ANSWER_NAME)
		return buf;
	return NULL;
}

const char *hostname_of_text(char *buf, size_t n, const char *text)
{
	unsigned char addr[16];
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, text, addr) != 1)
		return text;
	const char *shown = text;
	if (resolver && rdns_lookup(resolver, family, addr, buf, n) == RDNS_ANSWER_NAME)
		shown = buf;
	char who[WL_NAME_MAX * 2 + 16];
	if (owners && ownerwatch_label(owners, family, addr, who, sizeof who)) {
		char both[512];
		snprintf(both, sizeof both, "%s %s", shown, who);
		snprintf(buf, n, "%s", both);
		shown = buf;
	}
	return shown;
}
