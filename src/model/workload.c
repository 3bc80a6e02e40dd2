/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "model/workload.h"

#include <stdio.h>
#include <string.h>

const char *workload_kind_name(enum wl_kind kind)
{
	static const char *const names[] = {
		[WL_NONE] = "", [WL_DOCKER] = "docker", [WL_CONTAINERD] = "containerd",
		[WL_CRIO] = "crio", [WL_PODMAN] = "podman", [WL_NSPAWN] = "nspawn",
		[WL_LXC] = "lxc", [WL_POD] = "pod",
	};
	return (unsigned)kind < sizeof names / sizeof *names ? names[kind] : "";
}

void workload_clean(char *out, size_t n, const char *in, size_t len)
{
	static const char cut[] = "...";
	size_t o = 0, mark = 0; /* mark: the last piece boundary "..." fits after */
	if (!n)
		return;
	for (size_t i = 0; i < len && in[i]; i++) {
		unsigned char c = (unsigned char)in[i];
		char piece[5];
		if (c == '\\')
			snprintf(piece, sizeof piece, "\\\\");
		else if (c > 0x20 && c < 0x7f)
			snprintf(piece, sizeof piece, "%c", c);
		else
			snprintf(piece, sizeof piece, "\\x%02x", c);
		size_t plen = strlen(piece);
		if (o + sizeof cut <= n)
			mark = o;
		if (o + plen + 1 > n) {
			/* cut at a piece boundary, never mid-escape */
			if (mark + sizeof cut <= n) {
				memcpy(out + mark, cut, sizeof cut - 1);
				o = mark + sizeof cut - 1;
			}
			break;
		}
		memcpy(out + o, piece, plen);
		o += plen;
	}
	out[o] = '\0';
}

/* --- the cgroup path ----------------------------------------------------- */

enum wl_part { PART_ID, PART_NAME };

/* One runtime's way of naming a container's cgroup: a path component
 * that starts with prefix and (optionally) ends with suffix, below a
 * component named parent when one is given. A new runtime is a row. */
struct runtime_row {
	enum wl_kind kind;
	const char *parent;
	const char *prefix;
	const char *suffix;
	enum wl_part part;
	bool pod_only; /* a bare id: a container only inside a pod's cgroup */
};

static const struct runtime_row runtimes[] = {
	{ WL_DOCKER, NULL, "docker-", ".scope", PART_ID, false },        /* systemd driver */
	{ WL_DOCKER, "docker", "", "", PART_ID, false },                 /* cgroupfs: /docker/<id> */
	{ WL_CONTAINERD, NULL, "cri-containerd-", ".scope", PART_ID, false },
	{ WL_CONTAINERD, "k8s.io", "", "", PART_ID, false },             /* ctr, cgroupfs */
	{ WL_CRIO, NULL, "crio-", ".scope", PART_ID, false },            /* both drivers */
	{ WL_PODMAN, NULL, "libpod-", ".scope", PART_ID, false },        /* both drivers */
	{ WL_NSPAWN, "machine.slice", "machine-", ".scope", PART_NAME, false },
	{ WL_NSPAWN, NULL, "systemd-nspawn@", ".service", PART_NAME, false },
	{ WL_LXC, NULL, "lxc.payload.", "", PART_NAME, false },          /* LXC 4+ */
	{ WL_LXC, "lxc", "", "", PART_NAME, false },                     /* older: /lxc/<name> */
	{ WL_NONE, NULL, "", "", PART_ID, true },                        /* /kubepods/…/pod<uid>/<id> */
};

struct span {
	const char *p;
	size_t n;
};

static bool span_is(struct span s, const char *what)
{
	return what && strlen(what) == s.n && memcmp(s.p, what, s.n) == 0;
}

static bool starts(struct span s, const char *what)
{
	size_t n = strlen(what);
	return s.n >= n && memcmp(s.p, what, n) == 0;
}

static bool ends(struct span s, const char *what)
{
	size_t n = strlen(what);
	return s.n >= n && memcmp(s.p + s.n - n, what, n) == 0;
}

/* 12 to 64 lowercase hex digits, nothing else. */
static bool is_id(struct span s)
{
	if (s.n < 12 || s.n > 64)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!((s.p[i] >= '0' && s.p[i] <= '9') || (s.p[i] >= 'a' && s.p[i] <= 'f')))
			return false;
	return true;
}

/* A pod UID as the kubelet writes it (dashes; the systemd driver's
 * underscores taken for dashes), or 32 hex digits (static pods). */
static bool take_uid(struct span s, char *out, size_t n)
{
	if (s.n < 32 || s.n > 36 || s.n >= n)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-' || c == '_'))
			return false;
	}
	for (size_t i = 0; i < s.n; i++)
		out[i] = s.p[i] == '_' ? '-' : s.p[i];
	out[s.n] = '\0';
	return true;
}

/* systemd escapes unit names ("\x2d" for '-'): undone, then cleaned. */
static void take_name(struct span s, char *out, size_t n)
{
	char raw[256];
	size_t o = 0;
	for (size_t i = 0; i < s.n && o < sizeof raw; i++) {
		unsigned v;
		if (s.p[i] == '\\' && i + 3 < s.n && s.p[i + 1] == 'x' &&
		    sscanf(s.p + i + 2, "%2x", &v) == 1 && v) {
			raw[o++] = (char)v;
			i += 3;
		} else {
			raw[o++] = s.p[i];
		}
	}
	workload_clean(out, n, raw, o);
}

/* The pod UID a component names: "kubepods-besteffort-pod<uid>.slice"
 * (systemd) or "pod<uid>" below a kubepods component (cgroupfs). */
static bool pod_uid_of(struct span c, bool under_kubepods, char *out, size_t n)
{
	if (starts(c, "kubepods") && ends(c, ".slice")) {
		c.n -= strlen(".slice");
		for (size_t i = c.n; i-- > 0;)
			if (c.n - i >= 4 && memcmp(c.p + i, "-pod", 4) == 0) {
				struct span uid = { c.p + i + 4, c.n - i - 4 };
				return take_uid(uid, out, n);
			}
		return false;
	}
	if (under_kubepods && starts(c, "pod")) {
		struct span uid = { c.p + 3, c.n - 3 };
		return take_uid(uid, out, n);
	}
	return false;
}

static bool match_row(const struct runtime_row *r, struct span prev, struct span c, bool in_pod,
		      struct workload *w)
{
	if ((r->parent && !span_is(prev, r->parent)) || (r->pod_only && !in_pod) ||
	    !starts(c, r->prefix))
		return false;
	struct span rest = { c.p + strlen(r->prefix), c.n - strlen(r->prefix) };
	if (r->suffix[0] && ends(rest, r->suffix))
		rest.n -= strlen(r->suffix);
	if (r->part == PART_ID) {
		if (!is_id(rest))
			return false;
		memcpy(w->container_id, rest.p, rest.n);
		w->container_id[rest.n] = '\0';
	} else {
		if (!rest.n)
			return false;
		take_name(rest, w->name, sizeof w->name);
	}
	w->kind = r->kind;
	return true;
}

/* One path: every component is tried, the deepest match wins. */
static void from_path(struct span path, struct workload *w)
{
	struct span prev = { "", 0 };
	bool under_kubepods = false;
	const char *end = path.p + path.n;
	for (const char *p = path.p; p < end;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		struct span c = { p, (size_t)((slash ? slash : end) - p) };
		p = slash ? slash + 1 : end;
		if (!c.n)
			continue;
		if (!pod_uid_of(c, under_kubepods, w->pod_uid, sizeof w->pod_uid))
			for (size_t i = 0; i < sizeof runtimes / sizeof *runtimes; i++)
				if (match_row(&runtimes[i], prev, c, w->pod_uid[0], w))
					break;
		under_kubepods = under_kubepods || starts(c, "kubepods");
		prev = c;
	}
	if (w->pod_uid[0])
		w->kind = WL_POD;
}

static int says(const struct workload *w)
{
	return (w->pod_uid[0] ? 4 : 0) + (w->kind != WL_NONE ? 2 : 0) + (w->container_id[0] ? 1 : 0);
}

bool workload_from_cgroup(const char *text, struct workload *w)
{
	memset(w, 0, sizeof *w);
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		const char *end = nl ? nl : line + strlen(line);
		/* hierarchy-ID:controllers:path; the path may hold ':' */
		const char *c1 = memchr(line, ':', (size_t)(end - line));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		if (c2) {
			struct workload here = { 0 };
			from_path((struct span){ c2 + 1, (size_t)(end - c2 - 1) }, &here);
			if (says(&here) > says(w))
				*w = here;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return w->kind != WL_NONE;
}

/* --- the node's files ---------------------------------------------------- */

bool workload_pod_dir(const char *dirname, char *ns, size_t nsn, char *name, size_t namen,
		      char *uid, size_t uidn)
{
	const char *first = strchr(dirname, '_');
	const char *last = strrchr(dirname, '_');
	if (!first || last <= first + 1 || first == dirname)
		return false;
	struct span u = { last + 1, strlen(last + 1) };
	if (!take_uid(u, uid, uidn))
		return false;
	workload_clean(ns, nsn, dirname, (size_t)(first - dirname));
	workload_clean(name, namen, first + 1, (size_t)(last - first - 1));
	return true;
}

/* The closing quote of the JSON string whose body starts at p, or NULL. */
static const char *string_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p;
	}
	return NULL;
}

static void decode_string(const char *p, const char *e, char *out, size_t n)
{
	char raw[512];
	size_t o = 0;
	for (; p < e && o < sizeof raw; p++) {
		char c = *p;
		if (c == '\\' && p + 1 < e) {
			c = *++p;
			unsigned v;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'r')
				c = '\r';
			else if (c == 'b')
				c = '\b';
			else if (c == 'f')
				c = '\f';
			else if (c == 'u' && e - p > 4 && sscanf(p + 1, "%4x", &v) == 1) {
				c = v && v < 0x80 ? (char)v : '?';
				p += 4;
			}
		}
		raw[o++] = c;
	}
	const char *start = raw;
	if (o && raw[0] == '/') {
		start++;
		o--;
	}
	workload_clean(out, n, start, o);
}

bool workload_docker_name(const char *json, size_t len, char *out, size_t n)
{
	const char *end = json + len;
	int depth = 0;
	for (const char *p = json; p < end; p++) {
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if (*p == '"') {
			const char *s = p + 1, *e = string_end(s, end);
			if (!e)
				return false;
			p = e;
			if (depth != 1 || e - s != 4 || memcmp(s, "Name", 4) != 0)
				continue;
			const char *q = e + 1;
			while (q < end && (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r'))
				q++;
			if (q >= end || *q != ':')
				continue;
			for (q++; q < end && (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r');)
				q++;
			const char *ve = q < end && *q == '"' ? string_end(q + 1, end) : NULL;
			if (!ve)
				return false;
			decode_string(q + 1, ve, out, n);
			return out[0] != '\0';
		}
	}
	return false;
}

const char *workload_label(const struct workload *w, char *buf, size_t n)
{
	if (w->kind == WL_POD && w->name[0])
		snprintf(buf, n, "%s%s%s", w->namespace, w->namespace[0] ? "/" : "", w->name);
	else if (w->kind == WL_POD)
		snprintf(buf, n, "pod:%.8s", w->pod_uid);
	else if (w->name[0])
		snprintf(buf, n, "%s:%s", workload_kind_name(w->kind), w->name);
	else if (w->kind != WL_NONE)
		snprintf(buf, n, "%s:%.12s", workload_kind_name(w->kind), w->container_id);
	else if (n)
		buf[0] = '\0';
	return buf;
}
