/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/overrides.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bufprintf.h"
#include "base/testhooks.h"
#include "base/parse.h"
#include "collect/sysctl.h"
#include "model/timeouts.h"
#include "write/export.h"

/* systemd-sysctl's directories, first wins for files of the same name;
 * /lib/sysctl.d is where procps' sysctl --system also looks. */
static const char *const sysctl_dirs[] = {
	"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d",
	"/lib/sysctl.d",
};
static const char *const modprobe_dirs[] = {
	"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d",
	"/lib/modprobe.d",
};
/* What kube-proxy sets when it starts (its --conntrack-* options). */
static const char *const kube_proxy_sets[] = {
	"nf_conntrack_max", "hashsize", "nf_conntrack_tcp_timeout_established",
	"nf_conntrack_tcp_timeout_close_wait",
};

#define NFILES_MAX 256

struct conf_file {
	char name[128];                  /* the basename, the sort key */
	char path[OVERRIDE_SOURCE_MAX];  /* under the root */
};

const char *overrides_root(void)
{
	return test_hook_root();
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && strcmp(s + a - b, tail) == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct conf_file *)a)->name, ((const struct conf_file *)b)->name);
}

/* Every *.conf of dirs, one per basename (the first directory's), sorted
 * by basename across directories. */
static unsigned list_conf(const char *root, const char *const *dirs, unsigned ndirs,
			  struct conf_file *out, unsigned max)
{
	unsigned n = 0;
	for (unsigned d = 0; d < ndirs; d++) {
		char dir[OVERRIDE_SOURCE_MAX];
		snprintf(dir, sizeof dir, "%s%s", root, dirs[d]);
		DIR *dp = opendir(dir);
		if (!dp)
			continue;
		struct dirent *e;
		while ((e = readdir(dp)) && n < max) {
			if (e->d_name[0] == '.' || !ends_with(e->d_name, ".conf") ||
			    strlen(e->d_name) >= sizeof out[0].name)
				continue;
			bool masked = false;
			for (unsigned i = 0; i < n && !masked; i++)
				masked = strcmp(out[i].name, e->d_name) == 0;
			if (masked)
				continue;
			/* a name or path that does not fit is skipped, never cut */
			int ln = snprintf(out[n].name, sizeof out[n].name, "%s", e->d_name);
			int lp = snprintf(out[n].path, sizeof out[n].path, "%s/%s", dirs[d], e->d_name);
			if (ln < 0 || (size_t)ln >= sizeof out[n].name ||
			    lp < 0 || (size_t)lp >= sizeof out[n].path)
				continue;
			n++;
		}
		closedir(dp);
	}
	qsort(out, n, sizeof out[0], by_name);
	return n;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* "net.netfilter.nf_conntrack_max", "net/netfilter/…" or the old alias
 * "net.nf_conntrack_max": the conntrack sysctl's name, or NULL. */
static const char *conntrack_key(char *key)
{
	if (key[0] == '-')
		key++; /* "-key = value": failures ignored, still set */
	char *slash = strchr(key, '/'), *dot = strchr(key, '.');
	if (slash && (!dot || slash < dot))
		for (char *p = key; *p; p++)
			*p = *p == '/' ? '.' : *p == '.' ? '/' : *p;
	if (strncmp(key, "net.netfilter.nf_conntrack_", 27) == 0)
		return key + 14;
	if (strcmp(key, "net.nf_conntrack_max") == 0)
		return key + 4;
	return NULL;
}

static struct override *add(struct overrides *ov, enum override_kind kind, const char *setting,
			    const char *source, unsigned line, const char *value)
{
	if (ov->n == OVERRIDES_MAX)
		return NULL;
	/* read later, this file wins at boot; an agent comes after boot and
	 * leaves the boot value as it is */
	for (unsigned i = 0; i < ov->n && kind != OV_AGENT; i++)
		if (strcmp(ov->items[i].setting, setting) == 0 && ov->items[i].kind != OV_AGENT)
			ov->items[i].wins = false;
	struct override *o = &ov->items[ov->n++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	snprintf(o->setting, sizeof o->setting, "%s", setting);
	snprintf(o->source, sizeof o->source, "%s", source);
	o->line = line;
	snprintf(o->value, sizeof o->value, "%s", value);
	o->wins = true;
	return o;
}

static FILE *open_under(const char *root, const char *path)
{
	char full[OVERRIDE_SOURCE_MAX * 2];
	snprintf(full, sizeof full, "%s%s", root, path);
	return fopen(full, "re");
}

/* One sysctl file: returns whether it sets a conntrack value. */
static bool read_sysctl_file(const char *root, const char *path, struct overrides *ov)
{
	char buf[512];
	FILE *f = open_under(root, path);
	if (!f)
		return false;
	bool found = false;
	for (unsigned line = 1; fgets(buf, sizeof buf, f); line++) {
		char *s = trim(buf), *eq = strchr(s, '=');
		if (!*s || *s == '#' || *s == ';' || !eq)
			continue;
		*eq = '\0';
		const char *name = conntrack_key(trim(s));
		if (name) {
			add(ov, OV_SYSCTL_FILE, name, path, line, trim(eq + 1));
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* "options nf_conntrack … hashsize=N …" */
static void read_modprobe_file(const char *root, const char *path, struct overrides *ov)
{
	char buf[512];
	FILE *f = open_under(root, path);
	if (!f)
		return;
	for (unsigned line = 1; fgets(buf, sizeof buf, f); line++) {
		char *save = NULL, *w = strtok_r(buf, " \t\n", &save);
		if (!w || strcmp(w, "options") != 0)
			continue;
		w = strtok_r(NULL, " \t\n", &save);
		if (!w || strcmp(w, "nf_conntrack") != 0)
			continue;
		while ((w = strtok_r(NULL, " \t\n", &save)))
			if (strncmp(w, "hashsize=", 9) == 0)
				add(ov, OV_MODPROBE, "hashsize", path, line, w + 9);
	}
	fclose(f);
}

static void find_agents(const char *root, struct overrides *ov)
{
	char dir[OVERRIDE_SOURCE_MAX];
	snprintf(dir, sizeof dir, "%s/proc", root);
	DIR *dp = opendir(dir);
	if (!dp)
		return;
	struct dirent *e;
	while ((e = readdir(dp))) {
		uint64_t pid;
		if (!parse_uint(e->d_name, INT32_MAX, &pid))
			continue;
		char path[OVERRIDE_SOURCE_MAX * 2], comm[64] = "";
		buf_printf(path, sizeof path, "%s/%s/comm", dir, e->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		char *got = fgets(comm, sizeof comm, f);
		fclose(f);
		if (!got || strcmp(trim(comm), "kube-proxy") != 0)
			continue;
		char who[64];
		snprintf(who, sizeof who, "kube-proxy (pid %llu)", (unsigned long long)pid);
		for (unsigned i = 0; i < sizeof kube_proxy_sets / sizeof kube_proxy_sets[0]; i++)
			add(ov, OV_AGENT, kube_proxy_sets[i], who, 0, "");
		break;
	}
	closedir(dp);
}

/* A sysctl.d name sorting after last, so a file of that name is read
 * after it and its values win. */
static void winning_name(const char *last, char *out, size_t n)
{
	const char *base = strrchr(EXPORT_SYSCTL_PATH, '/') + 1;
	snprintf(out, n, "%s", base);
	if (!last[0] || strcmp(base, last) >= 0)
		return;
	char name[128] = "99-zz-ctdash-conntrack.conf";
	while (strcmp(name, last) <= 0 && strlen(name) + 2 < sizeof name) {
		memmove(name + 1, name, strlen(name) + 1);
		name[0] = 'z';
	}
	snprintf(out, n, "%s", name);
}

unsigned overrides_find(const char *root, struct overrides *out)
{
	static struct conf_file files[NFILES_MAX];
	memset(out, 0, sizeof *out);
	const char *own = strrchr(EXPORT_SYSCTL_PATH, '/') + 1;
	char last[128] = "";
	unsigned n = list_conf(root, sysctl_dirs, sizeof sysctl_dirs / sizeof sysctl_dirs[0],
			       files, NFILES_MAX);
	for (unsigned i = 0; i < n; i++)
		if (read_sysctl_file(root, files[i].path, out) && strcmp(files[i].name, own) != 0) {
			buf_printf(last, sizeof last, "%s", files[i].name);
			buf_printf(out->beaten, sizeof out->beaten, "%s", files[i].path);
		}
	/* procps' sysctl --system reads it after every directory */
	read_sysctl_file(root, "/etc/sysctl.conf", out);
	winning_name(last, out->winning_name, sizeof out->winning_name);
	if (strcmp(out->winning_name, own) == 0)
		out->beaten[0] = '\0';
	n = list_conf(root, modprobe_dirs, sizeof modprobe_dirs / sizeof modprobe_dirs[0],
		      files, NFILES_MAX);
	for (unsigned i = 0; i < n; i++)
		read_modprobe_file(root, files[i].path, out);
	find_agents(root, out);
	return out->n;
}

static const char *short_source(const struct override *o, char *buf, size_t n)
{
	if (o->kind == OV_AGENT)
		snprintf(buf, n, "%s", o->source);
	else
		snprintf(buf, n, "%s line %u", o->source, o->line);
	return buf;
}

char *overrides_sentence(const struct overrides *ov, const char *setting, char *buf, size_t n)
{
	buf[0] = '\0';
	size_t len = 0;
	for (unsigned i = 0; i < ov->n && len < n; i++) {
		const struct override *o = &ov->items[i];
		if (strcmp(o->setting, setting) != 0 || !o->wins)
			continue;
		char src[OVERRIDE_SOURCE_MAX + 16];
		short_source(o, src, sizeof src);
		int w = o->kind == OV_AGENT ?
			snprintf(buf + len, n - len, "%sWill not stick: %s sets it again when it starts.",
				 len ? " " : "", src) :
			snprintf(buf + len, n - len, "%sAt boot %s sets it to %s: the change lasts until "
				 "then (w writes a file that is read after it).", len ? " " : "", src, o->value);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

long overrides_boot_value(const struct overrides *ov, const char *setting)
{
	for (unsigned i = 0; i < ov->n; i++) {
		const struct override *o = &ov->items[i];
		uint64_t v;
		if (o->wins && o->kind != OV_AGENT && strcmp(o->setting, setting) == 0 &&
		    parse_uint(o->value, INT64_MAX, &v))
			return (long)v;
	}
	return -1;
}

static long runtime_value(const struct ct_snapshot *s, const char *setting)
{
	if (strcmp(setting, "nf_conntrack_max") == 0)
		return (long)s->max;
	if (strcmp(setting, "hashsize") == 0 || strcmp(setting, "nf_conntrack_buckets") == 0)
		return (long)s->buckets;
	/* timeouts in boot files are the initial namespace's */
	return s->netns[0] ? -1 : timeout_value(s, setting);
}

bool overrides_advice(const struct overrides *ov, const struct ct_snapshot *s, struct advice *a)
{
	memset(a, 0, sizeof *a);
	size_t len = 0;
	unsigned found = 0;
	for (unsigned i = 0; i < ov->n; i++) {
		const struct override *o = &ov->items[i];
		long now = runtime_value(s, o->setting), boot = overrides_boot_value(ov, o->setting);
		bool undone = o->kind == OV_AGENT || (boot >= 0 && now >= 0 && boot != now);
		if (!o->wins || !undone || len >= sizeof a->text)
			continue;
		char src[OVERRIDE_SOURCE_MAX + 16];
		int w = o->kind == OV_AGENT ?
			snprintf(a->text + len, sizeof a->text - len, "%s%s rewrites %s", found ? "; " :
				 "Values in force now will not stick: ", o->source, o->setting) :
			snprintf(a->text + len, sizeof a->text - len, "%s%s sets %s = %s at boot (now %ld)",
				 found ? "; " : "Values in force now will not stick: ",
				 short_source(o, src, sizeof src), o->setting, o->value, now);
		if (w > 0)
			len += (size_t)w;
		if (found < ADVICE_COMMANDS && o->kind != OV_AGENT)
			snprintf(a->commands[a->ncommands++], ADVICE_COMMAND_LEN, "grep -n '%s' %s",
				 o->setting, o->source);
		if (a->nevidence < ADVICE_EVIDENCE) {
			struct advice_evidence *e = &a->evidence[a->nevidence++];
			snprintf(e->name, sizeof e->name, "%s", o->setting);
			snprintf(e->text, sizeof e->text, "%s", o->kind == OV_AGENT ? o->source : o->value);
		}
		found++;
	}
	if (!found)
		return false;
	if (len < sizeof a->text)
		snprintf(a->text + len, sizeof a->text - len, ".");
	a->level = ADVICE_WARN;
	snprintf(a->id, sizeof a->id, "will_not_stick");
	snprintf(a->key, sizeof a->key, "w");
	return true;
}

int overrides_prepare_export(const struct overrides *ov, struct export_files *f,
			     char *path, size_t n)
{
	if (!ov->beaten[0])
		return 0;
	if (strcmp(path, EXPORT_SYSCTL_PATH) == 0) {
		buf_printf(path, n, "/etc/sysctl.d/%s", ov->winning_name);
		if (export_set_path(f, path) < 0)
			return -ENOSPC;
	}
	/* after the first line (who wrote it, when) */
	char *nl = strchr(f->sysctl_conf, '\n');
	if (!nl)
		return 0;
	char note[OVERRIDE_SOURCE_MAX + 160];
	int w = snprintf(note, sizeof note, "# Named to be read after %s, which sets conntrack\n"
			 "# values too: the last file read wins.\n", ov->beaten);
	size_t len = strlen(f->sysctl_conf);
	if (w < 0 || len + (size_t)w >= sizeof f->sysctl_conf)
		return -ENOSPC;
	nl++;
	memmove(nl + w, nl, len - (size_t)(nl - f->sysctl_conf) + 1);
	memcpy(nl, note, (size_t)w);
	return 0;
}
