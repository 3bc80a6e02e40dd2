# SPDX-License-Identifier: GPL-2.0-or-later
# Namespaces that look, from the node, exactly like containers and pods:
# a process in each, placed in a cgroup with its runtime's path (under a
# test subtree of /sys/fs/cgroup/unified, removed on exit), with a UTS
# hostname of its own; and the kubelet's and Docker's files, which exist
# only in a private mount namespace (tmpfs over /var/log and /var/lib:
# never the host's own). Sourced after lib.sh.
#
#   wl_setup             make the workloads below (sets WL_* and the IDs)
#   in_node CMD...       CMD in a mount namespace holding the node's files
#   in_node_bg CMD...    the same in the background, $! its pid (track it)
#
# The workloads, by the namespace (ip netns name) each one holds:
#   WL_DOCKER   Docker, systemd driver, named "web" in config.v2.json
#   WL_POD      a containerd pod, systemd driver: default/web-7d9f
#   WL_CGPOD    a pod under the cgroupfs driver: shop/cart-0
#   WL_EVIL     a cgroupfs pod whose kubelet directory holds quotes, a
#               newline and escape sequences (HOSTILE_POD, 200 bytes)
#   WL_EVILDOCK a Docker container with a 300-byte hostile name
#   WL_ORPHAN   a CRI-O pod the kubelet's files do not name: its
#               hostname, orphan-6, stands in

CGROOT=/sys/fs/cgroup/unified
# the subnets of 10.200.0.0/16 a test links its namespaces with: apart for
# runs at once (the test may run beside itself on a shared machine, and
# an address held by two namespaces names one owner only)
WL_NET=$((20 + $$ % 110 * 2))
WL_NET2=$((WL_NET + 1))

_wl_cg=
_wl_cleanup_cgroups() {
	[ -n "$_wl_cg" ] && [ -d "$_wl_cg" ] || return 0
	local procs p i
	# whatever is still inside goes back to the root first
	for procs in $(find "$_wl_cg" -name cgroup.procs); do
		while read -r p; do echo "$p" >"$CGROOT/cgroup.procs" 2>/dev/null; done <"$procs"
	done
	for i in 1 2 3 4 5; do
		find "$_wl_cg" -depth -type d -exec rmdir {} + 2>/dev/null
		[ -d "$_wl_cg" ] || return 0
		sleep 0.2
	done
	echo "could not remove the test cgroup $_wl_cg" >&2
}

need_workloads() {
	[ "$(stat -f -c %T "$CGROOT" 2>/dev/null)" = cgroup2fs ] ||
		{ echo "no cgroup v2 hierarchy at $CGROOT" >&2; exit $SKIP; }
	command -v unshare >/dev/null || { echo "unshare (util-linux) is missing" >&2; exit $HARD; }
}

hex64() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
pod_uid() { cat /proc/sys/kernel/random/uuid; }

# wl_holder NS CGROUP_PATH HOSTNAME: a process in NS with a UTS
# namespace of its own named HOSTNAME, moved into the cgroup (made here);
# waits until it is there. It lives for the test (killed on exit), not a
# fixed while: a test may wait long for the global-settings lock, and a
# holder gone by then leaves its namespace without a workload.
wl_holder() {
	local ns=$1 cg=$_wl_cg/$2 host=$3 pid i
	mkdir -p "$cg" || die "cannot make the cgroup $cg"
	printf '%s' "$host" >"$TEST_TMP/host.$ns"
	# moved from here: ip netns exec mounts a /sys of its own, without
	# the cgroup hierarchies
	ip netns exec "$ns" unshare -u bash -c \
		'cat "$1" > /proc/sys/kernel/hostname && exec sleep 86400' wl "$TEST_TMP/host.$ns" &
	pid=$!
	ns_track_pid "$pid"
	for i in $(seq 100); do
		if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ]; then
			echo "$pid" >"$cg/cgroup.procs" || die "cannot move $pid into $cg"
			grep -q "::/${cg#"$CGROOT"/}\$" "/proc/$pid/cgroup" && return 0
		fi
		sleep 0.05
	done
	die "the holder of $ns did not reach its cgroup $cg"
}

# HOSTILE_POD: quotes, a newline, a colour and a title escape sequence,
# padded to 200 bytes (a kubelet directory name holds at most 255)
HOSTILE_POD=$(printf 'a"b'"'"'c\n\033[31mRED\033]0;pwned\007%s' "$(head -c 170 /dev/zero | tr '\0' x)")

wl_setup() {
	need_workloads
	_wl_cg=$CGROOT/ctdash-test-$$-$RANDOM
	mkdir "$_wl_cg" || die "cannot make $_wl_cg"
	_restore+=("_wl_cleanup_cgroups")
	ID_DOCKER=$(hex64) ID_POD=$(hex64) ID_CGPOD=$(hex64) ID_EVIL=$(hex64) ID_EVILDOCK=$(hex64)
	ID_ORPHAN=$(hex64)
	UID_POD=$(pod_uid) UID_CGPOD=$(pod_uid) UID_EVIL=$(pod_uid) UID_ORPHAN=$(pod_uid)
	WL_DOCKER=$(ns_create ctwd) || exit 1
	WL_POD=$(ns_create ctwp) || exit 1
	WL_CGPOD=$(ns_create ctwc) || exit 1
	WL_EVIL=$(ns_create ctwe) || exit 1
	WL_EVILDOCK=$(ns_create ctwx) || exit 1
	WL_ORPHAN=$(ns_create ctwo) || exit 1
	# processes that entered the pod's namespace before its own did (as
	# nsenter or ip netns exec do, or a pid that wrapped): more than the
	# holders kept, none in a container's cgroup
	local i
	for i in $(seq 10); do
		ip netns exec "$WL_POD" sleep 86400 &
		ns_track_pid $!
	done
	wl_holder "$WL_DOCKER" "system.slice/docker-$ID_DOCKER.scope" "${ID_DOCKER:0:12}"
	wl_holder "$WL_POD" "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_POD//-/_}.slice/cri-containerd-$ID_POD.scope" web-7d9f
	wl_holder "$WL_CGPOD" "kubepods/burstable/pod$UID_CGPOD/$ID_CGPOD" cart-0
	wl_holder "$WL_EVIL" "kubepods/besteffort/pod$UID_EVIL/$ID_EVIL" evil
	wl_holder "$WL_EVILDOCK" "system.slice/docker-$ID_EVILDOCK.scope" "${ID_EVILDOCK:0:12}"
	wl_holder "$WL_ORPHAN" "kubepods.slice/kubepods-pod${UID_ORPHAN//-/_}.slice/crio-$ID_ORPHAN.scope" orphan-6

	# the node's files, made anew in each private mount namespace
	{
		echo 'set -e'
		echo 'mount -t tmpfs ctdash-test /var/log'
		echo 'mount -t tmpfs ctdash-test /var/lib'
		printf 'mkdir -p %q %q %q\n' "/var/log/pods/default_web-7d9f_$UID_POD" \
			"/var/log/pods/shop_cart-0_$UID_CGPOD" "/var/log/pods/evil_${HOSTILE_POD}_$UID_EVIL"
		# a pod that has ended: its directory names nothing running
		printf 'mkdir -p %q\n' "/var/log/pods/old_gone-1_$(pod_uid)"
		printf 'mkdir -p %q %q\n' "/var/lib/docker/containers/$ID_DOCKER" \
			"/var/lib/docker/containers/$ID_EVILDOCK"
		printf 'printf %%s %q > %q\n' \
			"{\"StreamConfig\":{},\"State\":{\"Running\":true},\"ID\":\"$ID_DOCKER\",\"Config\":{\"Hostname\":\"${ID_DOCKER:0:12}\",\"Labels\":{\"Name\":\"/not-this\"}},\"Name\":\"/web\",\"Driver\":\"overlay2\"}" \
			"/var/lib/docker/containers/$ID_DOCKER/config.v2.json"
		# 300 bytes once decoded: quotes, a newline, an escape sequence
		printf 'printf %%s %q > %q\n' \
			"{\"ID\":\"$ID_EVILDOCK\",\"Name\":\"/q\\\"uote\\n\\u001b[2J$(head -c 288 /dev/zero | tr '\0' y)\"}" \
			"/var/lib/docker/containers/$ID_EVILDOCK/config.v2.json"
		echo 'exec "$@"'
	} >"$TEST_TMP/node.sh"
}

# in_node CMD...: CMD where the node's files are. in_node_bg: in the
# background, exec'd all the way down, so $! is CMD's own pid (a function
# run with & would leave $! the subshell's, and kill would miss CMD).
in_node() { unshare -m --propagation private bash "$TEST_TMP/node.sh" "$@"; }
in_node_bg() { (exec unshare -m --propagation private bash "$TEST_TMP/node.sh" "$@") & }

# How the hostile names must read: every byte outside printable ASCII
# written \xNN, and cut short with "..." within 127 bytes.
HOSTILE_POD_SHOWN_START='a"b'"'"'c\x0a\x1b[31mRED\x1b]0;pwned\x07xxxx'
HOSTILE_DOCKER_SHOWN_START='q"uote\x0a\x1b[2Jyyyy'
