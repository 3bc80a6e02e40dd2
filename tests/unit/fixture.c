/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fixture.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>

#ifndef FIXTURES_SRCDIR
#define FIXTURES_SRCDIR "tests/fixtures"
#endif

const char *fixtures_dir(void)
{
	const char *dir = getenv("FIXTURES");
	return dir && *dir ? dir : FIXTURES_SRCDIR;
}

int fx_tcp_state_number(const char *name)
{
	/* enum tcp_conntrack in linux/netfilter/nf_conntrack_tcp.h, in the
	 * words of libnetfilter_conntrack; older ones print 9 as LISTEN. */
	static const char *const names[] = {
		"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
		"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
	};
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return strcmp(name, "LISTEN") == 0 ? 9 : -1;
}

uint8_t *fx_exact_copy(const uint8_t *msg, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	assert_non_null(p);
	memcpy(p, msg, len);
	return p;
}

static char *path_of(const char *name, const char *ext)
{
	static char path[4096];
	int n = snprintf(path, sizeof path, "%s/%s%s", fixtures_dir(), name, ext);
	if (n < 0 || (size_t)n >= sizeof path)
		fail_msg("fixture path too long: %s/%s%s", fixtures_dir(), name, ext);
	return path;
}

static void read_message(struct fixture *f)
{
	const char *path = path_of(f->name, ".nlmsg");
	FILE *in = fopen(path, "rb");
	if (!in)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	uint8_t buf[65536];
	size_t len = fread(buf, 1, sizeof buf, in);
	fclose(in);
	struct nlmsghdr h;
	if (len < sizeof h)
		fail_msg("%s: %zu bytes, shorter than a netlink header", path, len);
	memcpy(&h, buf, sizeof h);
	/* Netlink is host byte order: a fixture from a machine of the other
	 * order shows up here as a length that does not match the file. */
	if (h.nlmsg_len != len)
		fail_msg("%s: nlmsg_len %u but the file holds %zu bytes (one message, this byte order?)",
			 path, h.nlmsg_len, len);
	f->msg = fx_exact_copy(buf, len);
	f->len = len;
}

static bool parse_bool(const char *v, const char *path)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		fail_msg("%s: '%s' is not 0 or 1", path, v);
	return v[0] == '1';
}

static uint32_t parse_u32(const char *v, const char *path)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (errno || end == v || *end || n > UINT32_MAX)
		fail_msg("%s: '%s' is not a number", path, v);
	return (uint32_t)n;
}

/* Address texts, kept until the family is known. */
struct fx_addr_text {
	char src[64], dst[64], reply_src[64], reply_dst[64];
};

static int32_t parse_small(const char *v, uint32_t max, const char *path)
{
	uint32_t n = parse_u32(v, path);
	if (n > max)
		fail_msg("%s: %u is out of range (at most %u)", path, n, max);
	return (int32_t)n;
}

static int64_t parse_u64(const char *v, const char *path)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno || end == v || *end || n > INT64_MAX)
		fail_msg("%s: '%s' is not a number", path, v);
	return (int64_t)n;
}

/* A tuple field (KEY for the original direction, reply_KEY for the
 * reply); false if key is not one. */
static bool take_tuple_field(struct fx_expect *x, const char *key, const char *v,
			     struct fx_addr_text *at, const char *path)
{
	bool reply = strncmp(key, "reply_", 6) == 0;
	struct fx_tuple *t = reply ? &x->reply : &x->orig;
	const char *k = reply ? key + 6 : key;
	if (strcmp(k, "src") == 0)
		snprintf(reply ? at->reply_src : at->src, sizeof at->src, "%s", v);
	else if (strcmp(k, "dst") == 0)
		snprintf(reply ? at->reply_dst : at->dst, sizeof at->dst, "%s", v);
	else if (strcmp(k, "sport") == 0)
		t->sport = parse_small(v, 65535, path);
	else if (strcmp(k, "dport") == 0)
		t->dport = parse_small(v, 65535, path);
	else if (strcmp(k, "type") == 0)
		t->icmp_type = parse_small(v, 255, path);
	else if (strcmp(k, "code") == 0)
		t->icmp_code = parse_small(v, 255, path);
	else if (strcmp(k, "id") == 0)
		t->icmp_id = parse_small(v, 65535, path);
	else if (strcmp(k, "packets") == 0)
		t->packets = parse_u64(v, path);
	else if (strcmp(k, "bytes") == 0)
		t->bytes = parse_u64(v, path);
	else
		return false;
	return true;
}

/* One key=value token of a sidecar. */
static void take_field(struct fx_expect *x, const char *key, const char *v,
		       struct fx_addr_text *at, const char *path)
{
	if (strcmp(key, "family") == 0) {
		if (strcmp(v, "ipv4") && strcmp(v, "ipv6"))
			fail_msg("%s: unknown family '%s'", path, v);
		x->family = strcmp(v, "ipv4") == 0 ? AF_INET : AF_INET6;
		x->has_fields = true;
	} else if (strcmp(key, "proto") == 0) {
		uint32_t p = parse_u32(v, path);
		if (p > 255)
			fail_msg("%s: protocol %u", path, p);
		x->l4proto = (uint8_t)p;
	} else if (strcmp(key, "state") == 0) {
		x->tcp_state = fx_tcp_state_number(v);
		if (x->tcp_state < 0)
			fail_msg("%s: unknown TCP state '%s'", path, v);
	} else if (take_tuple_field(x, key, v, at, path)) {
		return;
	} else if (strcmp(key, "mark") == 0) {
		x->mark = parse_u32(v, path);
	} else if (strcmp(key, "zone") == 0) {
		x->zone = parse_small(v, 65535, path);
	} else if (strcmp(key, "zone-orig") == 0) {
		x->zone_orig = parse_small(v, 65535, path);
	} else if (strcmp(key, "zone-reply") == 0) {
		x->zone_reply = parse_small(v, 65535, path);
	} else if (strcmp(key, "ctid") == 0) {
		x->ctid = parse_u32(v, path);
	} else if (strcmp(key, "timeout<") == 0) {
		x->timeout_max = parse_u32(v, path);
	} else if (strcmp(key, "timeout>") == 0) {
		x->timeout_min = parse_u32(v, path);
	} else if (strcmp(key, "assured") == 0) {
		x->assured = parse_bool(v, path);
	} else if (strcmp(key, "unreplied") == 0) {
		x->unreplied = parse_bool(v, path);
	} else if (strcmp(key, "result") == 0) {
		if (strcmp(v, "ok") && strcmp(v, "truncated"))
			fail_msg("%s: unknown result '%s'", path, v);
		x->result = strcmp(v, "ok") == 0 ? FX_OK : FX_TRUNCATED;
	} else if (strcmp(key, "from") == 0) {
		snprintf(x->from, sizeof x->from, "%s", v);
	} else {
		fail_msg("%s: unknown key '%s'", path, key);
	}
}

static const struct fx_tuple no_tuple = {
	.sport = -1, .dport = -1, .icmp_type = -1, .icmp_code = -1, .icmp_id = -1,
	.packets = -1, .bytes = -1,
};

/* An address of the expect's family, when the sidecar gave one. */
static void take_addr(const struct fx_expect *x, const char *text, uint8_t *to, bool *has,
		      const char *path)
{
	if (!*text)
		return;
	if (inet_pton(x->family, text, to) != 1)
		fail_msg("%s: '%s' is not an address of its family", path, text);
	*has = true;
}

static void read_expect(struct fixture *f)
{
	const char *path = path_of(f->name, ".expect");
	FILE *in = fopen(path, "r");
	if (!in)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	struct fx_expect *x = &f->expect;
	*x = (struct fx_expect){ .result = FX_OK, .tcp_state = -1, .timeout_max = UINT32_MAX,
				 .orig = no_tuple, .reply = no_tuple,
				 .mark = -1, .zone = -1, .ctid = -1,
				 .zone_orig = -1, .zone_reply = -1 };
	struct fx_addr_text at = { "", "", "", "" };
	char line[1024];
	while (fgets(line, sizeof line, in)) {
		if (line[0] == '#')
			continue;
		char *save = NULL;
		for (char *tok = strtok_r(line, " \t\n", &save); tok;
		     tok = strtok_r(NULL, " \t\n", &save)) {
			char *eq = strchr(tok, '=');
			if (!eq)
				fail_msg("%s: '%s' is not key=value", path, tok);
			*eq = '\0';
			take_field(x, tok, eq + 1, &at, path);
		}
	}
	fclose(in);
	if (!x->has_fields)
		return;
	if (!*at.src)
		fail_msg("%s: no source address", path);
	take_addr(x, at.src, x->orig.src, &x->orig.has_src, path);
	take_addr(x, at.dst, x->orig.dst, &x->orig.has_dst, path);
	take_addr(x, at.reply_src, x->reply.src, &x->reply.has_src, path);
	take_addr(x, at.reply_dst, x->reply.dst, &x->reply.has_dst, path);
	memcpy(x->src, x->orig.src, sizeof x->src);
	if (x->timeout_min > x->timeout_max)
		fail_msg("%s: timeout bounds %u..%u", path, x->timeout_min, x->timeout_max);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct fixture *)a)->name, ((const struct fixture *)b)->name);
}

struct fixture *fixtures_load(size_t *n)
{
	const char *dir = fixtures_dir();
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open the fixtures directory %s: %s", dir, strerror(errno));
	struct fixture *all = NULL;
	size_t count = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		const char *ext = ".nlmsg";
		if (len <= strlen(ext) || strcmp(de->d_name + len - strlen(ext), ext) != 0)
			continue;
		if (len - strlen(ext) >= FX_NAME_MAX)
			fail_msg("fixture name too long: %s", de->d_name);
		all = realloc(all, (count + 1) * sizeof *all);
		assert_non_null(all);
		struct fixture *f = &all[count++];
		memset(f, 0, sizeof *f);
		memcpy(f->name, de->d_name, len - strlen(ext));
	}
	closedir(d);
	if (count == 0)
		fail_msg("no *.nlmsg fixtures in %s", dir);
	qsort(all, count, sizeof *all, by_name);
	for (size_t i = 0; i < count; i++) {
		read_message(&all[i]);
		read_expect(&all[i]);
	}
	*n = count;
	return all;
}

void fixtures_free(struct fixture *all, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(all[i].msg);
	free(all);
}

const struct fixture *fixture_find(const struct fixture *all, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0)
			return &all[i];
	return NULL;
}

struct fixture *fx;
size_t nfx;

int fixtures_setup(void **state)
{
	(void)state;
	fx = fixtures_load(&nfx);
	return 0;
}

int fixtures_teardown(void **state)
{
	(void)state;
	fixtures_free(fx, nfx);
	fx = NULL;
	nfx = 0;
	return 0;
}

int64_t fx_zone_id(const struct fx_expect *x)
{
	return x->zone > 0 ? x->zone : x->zone_orig > 0 ? x->zone_orig
	       : x->zone_reply > 0 ? x->zone_reply : 0;
}
