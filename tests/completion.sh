#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion (deploy/bash-completion/ctdash) offers the values of
# --view, --source and --sort and the words of the filter language, as the
# built ctdash names them in its own error messages; nothing for a value
# it cannot know (an address). No root, nothing outside this shell.
SRC=${LAYER_SRCDIR:-$(dirname "$0")/..}
fail=0
# got WORDS...: what completing the last word offers
got() {
	bash -c '. "$1"; PATH=$(dirname "$2"):$PATH; shift 2; COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _ctdash; echo "${COMPREPLY[*]}"' \
		_ "$SRC/deploy/bash-completion/ctdash" "$CTDASH" "$@"
}
expect() { # WANT WORDS...
	local want=$1 have
	shift
	have=$(got "$@")
	if [ "$have" != "$want" ]; then
		echo "FAIL: completing '$*' gave '$have', expected '$want'" >&2
		fail=1
	fi
}
expect 'timeouts journal advice churn nat list namespaces' ctdash --view ''
expect 'list' ctdash --view l
expect 'events' ctdash --source e
expect 'events dump auto' ctdash --source ''
expect 'reply_src reply_dst reply_sport reply_dport reply_bytes reply_packets' ctdash --list --sort re
expect 'id,-timeout' ctdash --list --sort id,-ti
expect 'proto' ctdash --list pro
expect 'tcp udp icmp' ctdash --list proto ''
expect 'udp' ctdash --delete proto u
expect 'and' ctdash --list proto udp a
expect 'TIME_WAIT' ctdash --list --json proto tcp and state TI
expect 'ipv4 ipv6' ctdash --delete --yes l3 ''
expect 'and or' ctdash --view list src 10.0.0.1 ''
expect 'not' ctdash --list proto tcp and no
expect '' ctdash --list src ''
expect '--limit --list --listen' ctdash --li
# every term the filter language has, at the start of a filter
terms=$(got ctdash --list '')
for t in proto l3 state src dst sport dport mark zone assured unreplied nat timeout not; do
	grep -qw -- "$t" <<<"$terms" || { echo "FAIL: the filter's first word does not offer $t: $terms" >&2; fail=1; }
done
[ "$fail" = 0 ] || exit 1
echo "1 passed, 0 failed"
