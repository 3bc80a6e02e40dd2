/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A sandbox for the write path: a temporary folder standing in for
 * /proc/sys/net/netfilter and /sys/module, with a few settings in it, and
 * a tune context pointed at it. Shared by the tests of tune_policy,
 * tune_plan, tune, tune_undo and confirm. */
#ifndef CTDASH_TEST_TUNEBOX_H
#define CTDASH_TEST_TUNEBOX_H

#include <stddef.h>
#include <stdint.h>

#include "write/journal.h"
#include "write/tune.h"

#define TW "nf_conntrack_tcp_timeout_time_wait"
#define IC "nf_conntrack_icmp_timeout"
#define SS "nf_conntrack_tcp_timeout_syn_sent"

/* The folder, made by tb_setup. */
extern char tb_dir[64];

/* cmocka setup and teardown: TW 120, IC 30, SS 120, nf_conntrack_max
 * 262144 and hashsize 65536 in a new tb_dir; then all of it removed. */
int tb_setup(void **state);
int tb_teardown(void **state);

/* Write or read a setting's file (fails the test when it cannot). */
void tb_put(const char *name, const char *text);
uint64_t tb_get(const char *name);
/* tb_dir/name */
char *tb_path(char *buf, size_t n, const char *name);

/* A context for namespace label ns whose settings and journal
 * (tb_dir/state/journal) are in the sandbox, as in the initial namespace. */
void tb_ctx(struct tune_ctx *t, const char *ns);
/* The journal as written so far; it must read without a problem. */
void tb_load(struct journal_log *log);
/* One change as a plan of its own. */
enum tune_status tb_set1(struct tune_ctx *t, const char *name, uint64_t seen, uint64_t want,
			 struct tune_result *res);
/* Apply p, which must succeed, and free it. */
void tb_apply_ok(struct tune_ctx *t, struct tune_plan *p);

#endif
