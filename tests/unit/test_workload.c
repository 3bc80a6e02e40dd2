/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who owns a namespace (src/model/workload.c): cgroup lines as the
 * runtimes write them (v1 and v2, systemd and cgroupfs drivers), the
 * kubelet's pod directories, Docker's state file, and hostile text in
 * each, which must come out printable and bounded. The per-namespace
 * counters' parser (src/collect/nsstats.c) too. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "collect/nsscan.h"
#include "collect/nsstats.h"
#include "model/addrowner.h"
#include "model/filter.h"
#include "model/workload.h"

#define ID "4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0"
#define UID "8e6f5d1c-3a2b-4c4d-9e8f-0123456789ab"
#define UID_ "8e6f5d1c_3a2b_4c4d_9e8f_0123456789ab"

static struct workload parse(const char *text)
{
	struct workload w;
	workload_from_cgroup(text, &w);
	return w;
}

static void expect(const char *text, enum wl_kind kind, const char *id, const char *uid, const char *name)
{
	struct workload w = parse(text);
	assert_int_equal(w.kind, kind);
	assert_string_equal(w.container_id, id);
	assert_string_equal(w.pod_uid, uid);
	assert_string_equal(w.name, name);
}

static void test_runtimes_systemd_driver(void **state)
{
	(void)state;
	expect("0::/system.slice/docker-" ID ".scope\n", WL_DOCKER, ID, "", "");
	expect("0::/machine.slice/libpod-" ID ".scope/container\n", WL_PODMAN, ID, "", "");
	expect("0::/system.slice/crio-" ID ".scope\n", WL_CRIO, ID, "", "");
	expect("0::/system.slice/cri-containerd-" ID ".scope\n", WL_CONTAINERD, ID, "", "");
	/* a Docker container on the hybrid layout: v1 lines and an empty v2 */
	expect("12:pids:/system.slice/docker-" ID ".scope\n"
	       "11:memory:/system.slice/docker-" ID ".scope\n"
	       "1:name=systemd:/system.slice/docker-" ID ".scope\n0::/\n", WL_DOCKER, ID, "", "");
	/* conmon's own scope is no container */
	expect("0::/machine.slice/libpod-conmon-" ID ".scope\n", WL_NONE, "", "", "");
	expect("0::/system.slice/crio-conmon-" ID ".scope\n", WL_NONE, "", "", "");
	/* nspawn: machine-<name>.scope, systemd's \x2d for '-' undone */
	expect("0::/machine.slice/machine-web\\x2d1.scope/payload\n", WL_NSPAWN, "", "", "web-1");
	expect("0::/machine.slice/systemd-nspawn@db.service/payload\n", WL_NSPAWN, "", "", "db");
}

static void test_runtimes_cgroupfs_driver(void **state)
{
	(void)state;
	expect("12:pids:/docker/" ID "\n0::/\n", WL_DOCKER, ID, "", "");
	expect("0::/system.slice/containerd.service/k8s.io/" ID "\n", WL_CONTAINERD, ID, "", "");
	expect("0::/libpod_parent/libpod-" ID "\n", WL_PODMAN, ID, "", "");
	expect("0::/lxc.payload.ubuntu1\n", WL_LXC, "", "", "ubuntu1");
	expect("10:memory:/lxc/ubuntu2\n", WL_LXC, "", "", "ubuntu2");
	/* a short id (docker ps's 12) is taken, 11 digits are not an id */
	expect("0::/docker/4f1e2d3c4b5a\n", WL_DOCKER, "4f1e2d3c4b5a", "", "");
	expect("0::/docker/4f1e2d3c4b5\n", WL_NONE, "", "", "");
}

static void test_pods(void **state)
{
	(void)state;
	/* containerd, systemd driver: the pod's UID with underscores */
	expect("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_
	       ".slice/cri-containerd-" ID ".scope\n", WL_POD, ID, UID, "");
	expect("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	       ".slice/crio-" ID ".scope\n", WL_POD, ID, UID, "");
	/* a guaranteed pod sits right under kubepods.slice */
	expect("0::/kubepods.slice/kubepods-pod" UID_ ".slice/cri-containerd-" ID ".scope\n",
	       WL_POD, ID, UID, "");
	/* cgroupfs driver, v1: /kubepods/<qos>/pod<uid>/<id> */
	expect("11:memory:/kubepods/besteffort/pod" UID "/" ID "\n"
	       "1:name=systemd:/kubepods/besteffort/pod" UID "/" ID "\n",
	       WL_POD, ID, UID, "");
	expect("0::/kubepods/pod" UID "/crio-" ID "\n", WL_POD, ID, UID, "");
	/* a static pod's UID is a 32-digit hash */
	expect("0::/kubepods/burstable/pod0123456789abcdef0123456789abcdef/" ID "\n", WL_POD, ID,
	       "0123456789abcdef0123456789abcdef", "");
	/* the pod line wins over a plainer one, in either order */
	expect("0::/\n4:memory:/kubepods/besteffort/pod" UID "/" ID "\n", WL_POD, ID, UID, "");
	/* below a test's or a nested host's prefix */
	expect("0::/ctdash-test-1/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
	       UID_ ".slice/cri-containerd-" ID ".scope\n", WL_POD, ID, UID, "");
	/* a bare id outside a pod is no container; a pod dir outside kubepods no pod */
	expect("0::/process_api/a916c88e32766ace5e40e3bfda592d22\n", WL_NONE, "", "", "");
	expect("4:memory:/process_api/a916c88e32766ace5e40e3bfda592d22\n0::/\n", WL_NONE, "", "", "");
	expect("0::/somewhere/pod" UID "/" ID "\n", WL_NONE, "", "", "");
}

static void test_hostile_cgroup(void **state)
{
	(void)state;
	expect("", WL_NONE, "", "", "");
	expect("garbage", WL_NONE, "", "", "");
	expect("0::", WL_NONE, "", "", "");
	expect("0::/user.slice/user-0.slice/session-3.scope\n", WL_NONE, "", "", "");
	/* an id with capitals, too long, or with a trailing byte */
	expect("0::/docker/4F1E2D3C4B5A6978\n", WL_NONE, "", "", "");
	expect("0::/docker/" ID "0\n", WL_NONE, "", "", "");
	expect("0::/system.slice/docker-" ID "x.scope\n", WL_NONE, "", "", "");
	/* a UID that is not one */
	expect("0::/kubepods/pod'; rm -rf /;'/" ID "\n", WL_NONE, "", "", "");
	expect("0::/kubepods.slice/kubepods-pod1234abcd_5678.slice/cri-containerd-" ID ".scope\n",
	       WL_CONTAINERD, ID, "", "");
	/* a name with control bytes comes out printable */
	struct workload w = parse("0::/lxc.payload.a\x1b[31mb\"c\\\n");
	assert_int_equal(w.kind, WL_LXC);
	assert_string_equal(w.name, "a\\x1b[31mb\"c\\\\");
	/* 4 KiB of one component: bounded */
	char big[4200] = "0::/lxc.payload.";
	memset(big + strlen(big), 'x', 4000);
	w = parse(big);
	assert_int_equal(w.kind, WL_LXC);
	assert_true(strlen(w.name) < WL_NAME_MAX);
	assert_string_equal(w.name + strlen(w.name) - 3, "...");
}

static void test_clean(void **state)
{
	(void)state;
	char out[16];
	workload_clean(out, sizeof out, "web", 3);
	assert_string_equal(out, "web");
	workload_clean(out, sizeof out, "a\nb\x7f\xff", 5);
	assert_string_equal(out, "a\\x0ab\\x7f\\xff");
	workload_clean(out, sizeof out, "a b", 3);
	assert_string_equal(out, "a\\x20b");
	/* cut between escapes, never inside one */
	workload_clean(out, sizeof out, "abcdefghij\x01\x02", 12);
	assert_string_equal(out, "abcdefghij...");
	workload_clean(out, 4, "abcdef", 6);
	assert_string_equal(out, "...");
	workload_clean(out, 2, "abcdef", 6);
	assert_string_equal(out, "a");
}

static void test_pod_dir(void **state)
{
	(void)state;
	char ns[WL_NAME_MAX], name[WL_NAME_MAX], uid[WL_UID_MAX];
	assert_true(workload_pod_dir("default_web-7d9f_" UID, ns, sizeof ns, name, sizeof name, uid, sizeof uid));
	assert_string_equal(ns, "default");
	assert_string_equal(name, "web-7d9f");
	assert_string_equal(uid, UID);
	assert_true(workload_pod_dir("kube-system_etcd-node1_0123456789abcdef0123456789abcdef", ns,
				     sizeof ns, name, sizeof name, uid, sizeof uid));
	assert_string_equal(name, "etcd-node1");
	/* hostile: quotes, a newline, an escape sequence in the name */
	assert_true(workload_pod_dir("evil_a\"b\n\x1b]0;x\x07_" UID, ns, sizeof ns, name, sizeof name,
				     uid, sizeof uid));
	assert_string_equal(name, "a\"b\\x0a\\x1b]0;x\\x07");
	assert_false(workload_pod_dir("default_web", ns, sizeof ns, name, sizeof name, uid, sizeof uid));
	assert_false(workload_pod_dir("_web_" UID, ns, sizeof ns, name, sizeof name, uid, sizeof uid));
	assert_false(workload_pod_dir("default__" UID, ns, sizeof ns, name, sizeof name, uid, sizeof uid));
	assert_false(workload_pod_dir("default_web_not-a-uid", ns, sizeof ns, name, sizeof name, uid, sizeof uid));
	assert_false(workload_pod_dir(".", ns, sizeof ns, name, sizeof name, uid, sizeof uid));
}

static bool docker_name(const char *json, char *out, size_t n)
{
	return workload_docker_name(json, strlen(json), out, n);
}

static void test_docker_name(void **state)
{
	(void)state;
	char out[WL_NAME_MAX];
	assert_true(docker_name("{\"ID\":\"" ID "\",\"Name\":\"/web\",\"Driver\":\"overlay2\"}", out, sizeof out));
	assert_string_equal(out, "web");
	/* a "Name" inside Config (a label) is not the container's */
	assert_true(docker_name("{\"Config\":{\"Labels\":{\"Name\":\"/fake\"}},\"Path\":\"Name\", \"Name\" : \"/db\"}",
				out, sizeof out));
	assert_string_equal(out, "db");
	/* escapes decoded, then control bytes escaped for the screen */
	assert_true(docker_name("{\"Name\":\"/a\\\"b\\n\\u001b[2Jc\\\\\"}", out, sizeof out));
	assert_string_equal(out, "a\"b\\x0a\\x1b[2Jc\\\\");
	/* 300 bytes: bounded */
	char big[400] = "{\"Name\":\"/";
	memset(big + strlen(big), 'n', 300);
	strcat(big, "\"}");
	assert_true(docker_name(big, out, sizeof out));
	assert_int_equal(strlen(out), WL_NAME_MAX - 1);
	assert_false(docker_name("{\"Name\":null}", out, sizeof out));
	assert_false(docker_name("{\"Name\":\"/unterminated", out, sizeof out));
	assert_false(docker_name("not json", out, sizeof out));
	assert_false(docker_name("", out, sizeof out));
}

static void test_label_and_short_form(void **state)
{
	(void)state;
	char buf[300], c[NS_CONTAINER_MAX];
	struct workload w = parse("0::/kubepods/besteffort/pod" UID "/" ID "\n");
	assert_string_equal(workload_label(&w, buf, sizeof buf), "pod:8e6f5d1c");
	nsscan_container(&w, c, sizeof c);
	assert_string_equal(c, "kubepods:4f1e2d3c4b5a");
	snprintf(w.namespace, sizeof w.namespace, "default");
	snprintf(w.name, sizeof w.name, "web-7d9f");
	assert_string_equal(workload_label(&w, buf, sizeof buf), "default/web-7d9f");
	w = parse("0::/system.slice/docker-" ID ".scope\n");
	assert_string_equal(workload_label(&w, buf, sizeof buf), "docker:4f1e2d3c4b5a");
	nsscan_container(&w, c, sizeof c);
	assert_string_equal(c, "docker:4f1e2d3c4b5a");
	snprintf(w.name, sizeof w.name, "web");
	assert_string_equal(workload_label(&w, buf, sizeof buf), "docker:web");
	w = parse("0::/machine.slice/crio-" ID ".scope\n");
	nsscan_container(&w, c, sizeof c);
	assert_string_equal(c, "cri-o:4f1e2d3c4b5a");
	w = parse("0::/\n");
	assert_string_equal(workload_label(&w, buf, sizeof buf), "");
	nsscan_container(&w, c, sizeof c);
	assert_string_equal(c, "");
	assert_string_equal(workload_kind_name(WL_POD), "pod");
	assert_string_equal(workload_kind_name(WL_NONE), "");
}

static void test_nsstats(void **state)
{
	(void)state;
	struct ns_stats st;
	const char *text =
		"entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n"
		"00000010  00000000 00000000 00000000 00000000 00000000 00000000 00000000 0000000a 00000001 00000002 00000003 00000000  00000000 00000000 00000000 00000000\n"
		"00000010  00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000100 00000000 000000ff 00000000 00000000  00000000 00000000 00000000 00000000\n";
	assert_int_equal(nsstats_parse(text, &st), 0);
	assert_true(st.have);
	assert_int_equal(st.insert, 0x10a);
	assert_int_equal(st.insert_failed, 1);
	assert_int_equal(st.drop, 0x101);
	assert_int_equal(st.early_drop, 3);
	/* columns found by name, wherever they are */
	assert_int_equal(nsstats_parse("drop early_drop insert insert_failed\n1 2 3 4\n", &st), 0);
	assert_int_equal(st.drop, 1);
	assert_int_equal(st.insert_failed, 4);
	assert_int_equal(nsstats_parse("", &st), -EINVAL);
	assert_int_equal(nsstats_parse("entries drop\n1 2\n", &st), -EINVAL);
	assert_int_equal(nsstats_parse("drop early_drop insert insert_failed\n1 zz 3 4\n", &st), -EINVAL);
}

static struct workload pod(const char *ns, const char *name)
{
	struct workload w = parse("0::/kubepods/besteffort/pod" UID "/" ID "\n");
	snprintf(w.namespace, sizeof w.namespace, "%s", ns);
	snprintf(w.name, sizeof w.name, "%s", name);
	return w;
}

static void add4(struct addr_owners *m, const char *a, const struct workload *w, const char *netns)
{
	uint8_t addr[16] = { 0 };
	assert_int_equal(inet_pton(AF_INET, a, addr), 1);
	assert_int_equal(addrowners_add(m, AF_INET, addr, w, netns), 0);
}

static const struct addr_owner *find4(const struct addr_owners *m, const char *a)
{
	uint8_t addr[16] = { 0 };
	assert_int_equal(inet_pton(AF_INET, a, addr), 1);
	return addrowners_find(m, AF_INET, addr);
}

/* Who owns an address: found whatever the order added, an address two
 * namespaces hold kept once (the first), IPv4 and IPv6 apart. */
static void test_addr_owners(void **state)
{
	(void)state;
	struct addr_owners m = { 0 };
	struct workload web = pod("default", "web-7d9f"), db = pod("shop", "db-0");
	add4(&m, "10.244.1.23", &web, "cni-1");
	add4(&m, "10.244.1.5", &db, "cni-2");
	add4(&m, "10.244.1.23", &db, "cni-3");
	uint8_t v6[16];
	assert_int_equal(inet_pton(AF_INET6, "fd00::23", v6), 1);
	assert_int_equal(addrowners_add(&m, AF_INET6, v6, &db, "cni-2"), 0);
	assert_int_equal(addrowners_finish(&m), 1);
	assert_int_equal(m.n, 3);
	assert_string_equal(find4(&m, "10.244.1.23")->wl.name, "web-7d9f");
	assert_string_equal(find4(&m, "10.244.1.23")->netns, "cni-1");
	assert_string_equal(find4(&m, "10.244.1.5")->wl.name, "db-0");
	assert_null(find4(&m, "10.244.1.6"));
	assert_string_equal(addrowners_find(&m, AF_INET6, v6)->netns, "cni-2");
	/* fd00::23's first four bytes are no IPv4 address */
	assert_null(addrowners_find(&m, AF_INET, v6));
	assert_null(addrowners_find(NULL, AF_INET, v6));
	addrowners_free(&m);
	/* no namespace had an address: an empty map (UBSan: qsort(NULL)) */
	struct addr_owners none = { 0 };
	assert_int_equal(addrowners_finish(&none), 0);
	assert_int_equal(none.n, 0);
	assert_null(find4(&none, "10.244.1.23"));
	addrowners_free(&none);
}

static struct ct_entry entry4(const char *src, const char *dst)
{
	struct ct_entry e;
	memset(&e, 0, sizeof e);
	e.family = AF_INET;
	e.l4proto = 17;
	e.orig.has = CT_TUPLE_SRC | CT_TUPLE_DST;
	assert_int_equal(inet_pton(AF_INET, src, e.orig.src), 1);
	assert_int_equal(inet_pton(AF_INET, dst, e.orig.dst), 1);
	return e;
}

static bool matches(const char *text, const struct addr_owners *m, const struct ct_entry *e)
{
	struct ct_filter f;
	struct filter_error err;
	assert_int_equal(filter_parse(text, strlen(text), &f, &err), 0);
	assert_true(f.needs_owners);
	filter_use_owners(&f, m);
	bool hit = filter_match(&f, e);
	filter_free(&f);
	return hit;
}

/* The filter's workload term: the original source's or destination's
 * owner, by glob; nothing without the map; a pattern is required. */
static void test_filter_term(void **state)
{
	(void)state;
	struct addr_owners m = { 0 };
	struct workload web = pod("default", "web-7d9f");
	struct workload dock = parse("0::/system.slice/docker-" ID ".scope\n");
	snprintf(dock.name, sizeof dock.name, "cache");
	add4(&m, "10.244.1.23", &web, "cni-1");
	add4(&m, "172.17.0.2", &dock, "inode:1");
	addrowners_finish(&m);
	struct ct_entry to_web = entry4("10.0.0.1", "10.244.1.23");
	struct ct_entry from_dock = entry4("172.17.0.2", "10.0.0.9");
	struct ct_entry neither = entry4("10.0.0.1", "10.0.0.9");
	assert_true(matches("workload default/web-*", &m, &to_web));
	assert_true(matches("workload default/web-7d9f and proto udp", &m, &to_web));
	assert_false(matches("workload shop/*", &m, &to_web));
	assert_true(matches("workload docker:cache", &m, &from_dock));
	assert_true(matches("workload docker:*", &m, &from_dock));
	assert_false(matches("workload docker:*", &m, &to_web));
	assert_false(matches("workload *", &m, &neither));
	assert_true(matches("not workload *", &m, &neither));
	assert_false(matches("workload *", NULL, &to_web));
	struct ct_filter f;
	struct filter_error err;
	assert_int_equal(filter_parse("workload", 8, &f, &err), -1);
	assert_non_null(strstr(err.msg, "pattern"));
	filter_free(&f);
	assert_int_equal(filter_parse("proto udp", 9, &f, &err), 0);
	assert_false(f.needs_owners);
	filter_free(&f);
	addrowners_free(&m);
}

/* Dropping now first: a quieter but fuller namespace comes after one
 * whose drop counters rose since the scan before. */
static void test_dropping_first(void **state)
{
	(void)state;
	struct ns_info before_ns[2] = {
		{ .inode = 1, .count = 900, .st = { .have = true, .drop = 5 } },
		{ .inode = 2, .count = 400, .st = { .have = true, .drop = 10, .early_drop = 1 } },
	};
	struct ns_info now_ns[2] = {
		{ .inode = 1, .count = 950, .st = { .have = true, .drop = 5 } },
		{ .inode = 2, .count = 500, .st = { .have = true, .drop = 30, .early_drop = 3 } },
	};
	struct ns_table before = { .ns = before_ns, .n = 2 }, now = { .ns = now_ns, .n = 2 };
	nsstats_rates(&now, &before, 2.0);
	assert_int_equal(now.ns[0].inode, 2);
	assert_true(now.ns[0].st.have_rate);
	assert_true(now.ns[0].st.drop_rate > 10.9 && now.ns[0].st.drop_rate < 11.1);
	assert_true(now.ns[1].st.drop_rate == 0);
	/* without a scan before: by fill, no rate */
	struct ns_info alone[2] = { now_ns[1], now_ns[0] };
	alone[0].st.have_rate = alone[1].st.have_rate = false;
	alone[0].st.drop_rate = alone[1].st.drop_rate = 0;
	struct ns_table t = { .ns = alone, .n = 2 };
	nsstats_rates(&t, NULL, 0);
	assert_int_equal(t.ns[0].inode, 1);
	assert_false(t.ns[0].st.have_rate);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtimes_systemd_driver),
		cmocka_unit_test(test_runtimes_cgroupfs_driver),
		cmocka_unit_test(test_pods),
		cmocka_unit_test(test_hostile_cgroup),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_pod_dir),
		cmocka_unit_test(test_docker_name),
		cmocka_unit_test(test_label_and_short_form),
		cmocka_unit_test(test_nsstats),
		cmocka_unit_test(test_addr_owners),
		cmocka_unit_test(test_filter_term),
		cmocka_unit_test(test_dropping_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
