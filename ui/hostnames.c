/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hostnames.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/rdns.h"

static struct rdns *resolver;

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
	if (!resolver || inet_pton(family, text, addr) != 1 ||
	    rdns_lookup(resolver, family, addr, buf, n) != RDNS_ANSWER_NAME)
		return text;
	return buf;
}
