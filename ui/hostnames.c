/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "hostnames.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/ownerwatch.h"
#include "collect/rdns.h"
#include "model/addrowner.h"
#include "model/workload.h"

static struct rdns *resolver;
static struct ownerwatch *owners;
static const struct addr_owners *past_owners;

void hostnames_use_owners(struct ownerwatch *w)
{
	owners = w;
}

void hostnames_use_past_owners(const struct addr_owners *m)
{
	past_owners = m;
}

bool workloads_on(void)
{
	return owners != NULL || past_owners != NULL;
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

const char *workload_of_addr(char *buf, size_t n, int family, const void *addr)
{
	if (past_owners) {
		const struct addr_owner *o = addrowners_find(past_owners, family, addr);
		const char *label = o && n ? workload_label(&o->wl, buf, n) : NULL;
		return label && *label ? label : NULL;
	}
	return owners ? ownerwatch_label(owners, family, addr, buf, n) : NULL;
}

const char *workloads_of_text(char *buf, size_t n, const char *text)
{
	size_t len = 0;
	buf[0] = '\0';
	for (const char *w = text; *w && len < n; ) {
		size_t wl = strcspn(w, " ");
		char word[INET6_ADDRSTRLEN], who[HOSTNAMES_WORKLOAD_MAX];
		unsigned char addr[16];
		if (wl > 0 && wl < sizeof word) {
			memcpy(word, w, wl);
			word[wl] = '\0';
			int family = strchr(word, ':') ? AF_INET6 : AF_INET;
			if (inet_pton(family, word, addr) == 1 &&
			    workload_of_addr(who, sizeof who, family, addr))
				len += (size_t)snprintf(buf + len, n - len, "%s%s %s",
							len ? ", " : "", word, who);
		}
		w += wl + strspn(w + wl, " ");
	}
	return len ? buf : NULL;
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
	char who[HOSTNAMES_WORKLOAD_MAX];
	if (workload_of_addr(who, sizeof who, family, addr)) {
		char both[512];
		snprintf(both, sizeof both, "%s %s", shown, who);
		snprintf(buf, n, "%s", both);
		shown = buf;
	}
	return shown;
}
