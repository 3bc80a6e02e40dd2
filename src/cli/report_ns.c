/* --all-netns in --json: one object per network namespace, fullest first. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/report.h"

const char *namespaces_problem(const struct ns_table *t, char *buf, size_t n)
{
	if (t->entered == t->n)
		return NULL;
	if (t->enter_err == EPERM)
		snprintf(buf, n,
			 "entering other network namespaces needs CAP_SYS_ADMIN: %u of %u read "
			 "(ctdash's own count; for the others only their inode, holders and container)",
			 t->entered, t->n);
	else
		snprintf(buf, n, "%u of %u network namespaces could not be read: %s",
			 t->n - t->entered, t->n, strerror(t->enter_err ? t->enter_err : EIO));
	return buf;
}

static void put_one(struct jsonw *w, const struct ns_info *ns, uint64_t max)
{
	char label[NS_LABEL_MAX];
	jw_open(w, NULL, '{');
	jw_str(w, "netns", ns_label(ns, label, sizeof label));
	if (ns->name[0])
		jw_str(w, "name", ns->name);
	else
		jw_null(w, "name");
	jw_u64(w, "inode", ns->inode);
	jw_bool(w, "initial", ns->initial);
	jw_open(w, "pids", '[');
	for (unsigned i = 0; i < ns->nholders && i < NS_PIDS_MAX; i++)
		jw_i64(w, NULL, ns->pids[i]);
	jw_close(w, ']');
	jw_u64(w, "processes", ns->nholders);
	jw_str(w, "comm", ns->comm);
	jw_str(w, "container", ns->container);
	if (ns->err) {
		jw_null(w, "count");
		jw_null(w, "fill");
		jw_str(w, "error", strerror(ns->err));
	} else {
		jw_u64(w, "count", ns->count);
		jw_num(w, "fill", ns_fill(ns, max), 6);
		jw_open(w, "timeouts_differing", '{');
		for (unsigned i = 0; i < ns->ndiff; i++)
			jw_i64(w, ns->diff[i].name, ns->diff[i].value);
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

void json_put_namespaces(struct jsonw *w, const struct ns_table *t)
{
	char why[256];
	jw_u64(w, "namespaces_max", t->max);
	jw_open(w, "namespaces", '[');
	for (unsigned i = 0; i < t->n; i++)
		put_one(w, &t->ns[i], t->max);
	jw_close(w, ']');
	const char *problem = namespaces_problem(t, why, sizeof why);
	if (problem)
		jw_str(w, "namespaces_problem", problem);
	else
		jw_null(w, "namespaces_problem");
}
