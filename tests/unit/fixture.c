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

/* One key=value token of a sidecar; src is kept as text until the family
 * is known. */
static void take_field(struct fx_expect *x, const char *key, const char *v,
		       char *src, size_t srclen, const char *path)
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
	} else if (strcmp(key, "src") == 0) {
		snprintf(src, srclen, "%s", v);
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

static void read_expect(struct fixture *f)
{
	const char *path = path_of(f->name, ".expect");
	FILE *in = fopen(path, "r");
	if (!in)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	struct fx_expect *x = &f->expect;
	*x = (struct fx_expect){ .result = FX_OK, .tcp_state = -1, .timeout_max = UINT32_MAX };
	char line[1024], src[64] = "";
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
			take_field(x, tok, eq + 1, src, sizeof src, path);
		}
	}
	fclose(in);
	if (!x->has_fields)
		return;
	if (!*src || inet_pton(x->family, src, x->src) != 1)
		fail_msg("%s: source '%s' is not an address of its family", path, src);
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
