#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The namespaces view names the workload behind each namespace, as the node
# shows it (tests/lib/workloads_lib.sh): "docker:web", "default/web-7d9f",
# "shop/cart-0", "orphan-6" (its hostname), and the hostile names as
# printable text, no byte of them reaching the terminal raw. With
# --all-netns the panes show each address's workload beside it: a client
# namespace reaching the pod over a veth pair sees "10.200.N.2
# default/web-7d9f" among its destinations, and Enter on it lists them
# under a title and rows that name the pod too. Then one pod
# drops while another namespace as full does not: the dropping one is the
# first row, with its drops a second.
. "$TESTLIB"
. "$(dirname "$0")/../lib/tuilib.sh"
. "$(dirname "$TESTLIB")/workloads_lib.sh"
need_root
wl_setup
for ns in "$WL_DOCKER" "$WL_POD" "$WL_CGPOD" "$WL_EVIL" "$WL_EVILDOCK" "$WL_ORPHAN"; do
	ns_sysctl "$ns" nf_conntrack_udp_timeout 3600
done
ctload "$WL_POD" udp --ports 3000-3004
# the client, linked to the pod (10.200.0.0/16, made inside the namespaces)
CLIENT=$(ns_create ctwl) || exit 1
ip -n "$CLIENT" link add "v$WL_NET" type veth peer name "p$WL_NET" netns "$WL_POD" || die "cannot link the pod"
ip -n "$CLIENT" addr add 10.200.$WL_NET.1/24 dev "v$WL_NET" && ip -n "$CLIENT" link set "v$WL_NET" up &&
	ip -n "$WL_POD" addr add 10.200.$WL_NET.2/24 dev "p$WL_NET" && ip -n "$WL_POD" link set "p$WL_NET" up ||
	die "cannot address the link"
ns_sysctl "$CLIENT" nf_conntrack_udp_timeout 3600
ip netns exec "$CLIENT" bash -c "for p in \$(seq 5000 5030); do echo x >/dev/udp/10.200.$WL_NET.2/\$p; done" ||
	die "no traffic from the client"

tui_start 200 50
tui_run_ctdash "unshare -m --propagation private bash '$TEST_TMP/node.sh' '$CTDASH' --netns '$CLIENT' --all-netns --read-only --journal '$TUI_WORK/journal' --view namespaces -d 5"
tui_wait_for 'Network namespaces: [0-9]+, dropping now first' 10
row() { tui_wait_for " $1 .* $2 " 5; }
row "$WL_DOCKER" 'docker:web'
row "$WL_POD" 'default/web-7d9f'
row "$WL_CGPOD" 'shop/cart-0'
row "$WL_ORPHAN" 'orphan-6'
# printable, escaped: the terminal got none of the escape sequences
tui_wait_for " ${WL_EVIL} .* evil/a\"b'c\\\\x0a\\\\x1b\\[31mRED\\\\x1b\\]0;pwned\\\\x07x" 5
tui_wait_for " ${WL_EVILDOCK} .* docker:q\"uote\\\\x0a\\\\x1b\\[2Jyyy" 5
[ "$(tmx display -p -t "$TUI_TARGET" '#{pane_title}')" = pwned ] && die "the hostile name set the terminal's title"
tui_wait_for '\(no workload\)' 5
note "[${SECONDS}s] namespaces view: docker:web, default/web-7d9f, shop/cart-0, orphan-6; hostile names escaped"

# the panes: the client's destination named by the pod that owns it
tui_keys Escape
tui_wait_for " 10\\.200\\.$WL_NET\\.2 default/web-7d9f +31 " 15
note "[${SECONDS}s] destinations pane: 10.200.$WL_NET.2 default/web-7d9f"
# Enter on that row: the list's title and its rows name the pod too
for _ in 1 2 3 4 5 6; do
	tui_stable_screen | grep -Eq '(>|▸) Top destinations' && break
	tui_keys Tab
done
tui_wait_for '(>|▸) Top destinations' 5
tui_keys /
tui_type "10.200.$WL_NET.2"
tui_keys Enter
tui_wait_for "'10\\.200\\.$WL_NET\\.2' found in" 5
tui_keys Enter
tui_wait_for "matching 'dst 10\\.200\\.$WL_NET\\.2' .*; 10\\.200\\.$WL_NET\\.2 default/web-7d9f" 10
tui_wait_for " 10\\.200\\.$WL_NET\\.2:50[0-9][0-9] default/web-7d9f " 5
note "[${SECONDS}s] list of dst 10.200.$WL_NET.2: its title and rows name default/web-7d9f"
tui_keys Escape
tui_wait_gone "showing [0-9,]+ of" 5
tui_keys N
tui_wait_for 'Network namespaces: [0-9]+, dropping now first' 5

# the docker one as full as the pod will be, but quiet; the pod drops
ns_sysctl "$WL_DOCKER" nf_conntrack_tcp_timeout_time_wait 600
overfill "$WL_POD"
ip netns exec "$WL_DOCKER" "$TOOLS/ctload" tcp-timewait --count $((GLOBAL_MAX - 100)) --src 127.0.0.6 \
	>/dev/null || die "ctload could not fill $WL_DOCKER"
# a row: label, count, fill, drops a second, top churner (words), workload, holder
dropping() { awk -v ns="$WL_POD" '$1 == ns && $4 + 0 > 0 && index($0, " default/web-7d9f ") { ok = 1 } END { exit !ok }' <<<"$1"; }
first=
for _ in $(seq $((100 * SLOW))); do
	screen=$(tui_screen)
	first=$(grep -A1 ' namespace .* drop/s' <<<"$screen" | tail -1)
	dropping "$first" && break
	sleep 0.1
done
kill "$FLOOD" 2>/dev/null
restore_global_max
dropping "$first" ||
	{ printf '%s\n' "$screen" >&2; die "the dropping pod is not the first row: $first"; }
docker_row=$(grep " $WL_DOCKER " <<<"$screen")
awk '$4 == "0" && index($0, " docker:web ") { ok = 1 } END { exit !ok }' <<<"$docker_row" ||
	die "the quiet docker namespace drops: $docker_row"
note "[${SECONDS}s] first row: $first"
