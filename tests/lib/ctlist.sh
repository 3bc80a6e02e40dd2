# SPDX-License-Identifier: GPL-2.0-or-later
# What `conntrack -L -o extended` says about a namespace, in the shape of
# ctdash --json, so the two can be compared with jq. Sourced after lib.sh.
#
# A record is "L3 L3num L4 L4num seconds [STATE] key=value... [FLAGS]".
# The state column exists only for some protocols, so nothing here counts
# columns: each token is recognised by what it is (an L3 name, a lower-case
# L4 name, an upper-case state before the first key=value, a [FLAG]), and
# the source is the first src= key, the original direction's.

# Functions that print are meant for $(...), where die only ends the
# subshell: call them as x=$(f ...) || exit 1.

# ct_summary NS: {count, entries, l3, l4, tcp_states, flags, sources} where
# l4 and tcp_states hold only non-zero counts and sources maps address to
# entries.
ct_summary() {
	local list
	list=$(ip netns exec "$1" conntrack -L -o extended 2>/dev/null) ||
		die "conntrack -L failed in $1"
	printf '%s\n' "$list" | awk '
	function add(map, key) { if (key != "") map[key]++ }
	function obj(map,   k, s, sep) {
		s = "{"; sep = ""
		for (k in map) { s = s sep "\"" k "\":" map[k]; sep = "," }
		return s "}"
	}
	{
		l3 = ""; l4 = ""; state = ""; src = ""; kv = 0
		for (i = 1; i <= NF; i++) {
			t = $i
			if (t == "[ASSURED]") { assured++; continue }
			if (t == "[UNREPLIED]") { unreplied++; continue }
			if (index(t, "=")) {
				kv = 1
				if (src == "" && substr(t, 1, 4) == "src=")
					src = substr(t, 5)
				continue
			}
			if (kv)
				continue
			if (l3 == "" && (t == "ipv4" || t == "ipv6"))
				l3 = t
			else if (l3 != "" && l4 == "" && t ~ /^[a-z][a-z0-9-]*$/)
				l4 = t
			else if (t ~ /^[A-Z][A-Z0-9_]*$/)
				state = t
		}
		if (l3 == "")
			next
		n++
		add(by_l3, l3); add(by_l4, l4); add(by_src, src)
		if (l4 == "tcp")
			add(by_state, state)
	}
	END {
		printf "{\"count\":%d,\"entries\":%d,", n, n
		printf "\"l3\":{\"ipv4\":%d,\"ipv6\":%d},", by_l3["ipv4"], by_l3["ipv6"]
		printf "\"l4\":%s,\"tcp_states\":%s,", obj(by_l4), obj(by_state)
		printf "\"flags\":{\"assured\":%d,\"unreplied\":%d},", assured, unreplied
		printf "\"sources\":%s}\n", obj(by_src)
	}' | jq -S -c .
}

# ctdash_summary JSON: the same fields out of ctdash --json (run it with a
# --top larger than the number of sources).
ctdash_summary() {
	printf '%s' "$1" | jq -S -c '{
		count: .count,
		entries: .entries_dumped,
		l3: .l3,
		l4: (.l4 | with_entries(select(.value > 0))),
		tcp_states: (.tcp_states | with_entries(select(.value > 0))),
		flags: .flags,
		sources: (.top_sources | map({key: .addr, value: .count}) | from_entries)
	}'
}

# same WHAT A B: fail showing both when two JSON texts differ.
same() {
	[ "$(jq -S -c . <<<"$2")" = "$(jq -S -c . <<<"$3")" ] ||
		die "$1 differ:
  expected $2
  got      $3"
}

# ct_tops NS: {dst: {addr: entries}, dports: {"tcp/80": entries}} from
# conntrack -L: the first dst= and dport= of a record are the original
# direction's; protocols without ports have no dport=.
ct_tops() {
	local list
	list=$(ip netns exec "$1" conntrack -L -o extended 2>/dev/null) ||
		die "conntrack -L failed in $1"
	printf '%s
' "$list" | awk '
	function obj(map,   k, s, sep) {
		s = "{"; sep = ""
		for (k in map) { s = s sep "\"" k "\":" map[k]; sep = "," }
		return s "}"
	}
	NF > 4 {
		dst = ""; dport = ""
		for (i = 5; i <= NF; i++) {
			if (dst == "" && substr($i, 1, 4) == "dst=")
				dst = substr($i, 5)
			if (dport == "" && substr($i, 1, 6) == "dport=")
				dport = substr($i, 7)
		}
		if (dst != "")
			by_dst[dst]++
		if (dport != "")
			by_port[$3 "/" dport]++
	}
	END { printf "{\"dst\":%s,\"dports\":%s}\n", obj(by_dst), obj(by_port) }'
}

# tops_match TOPS JSON: ctdash's top destinations and ports are exactly
# conntrack's counts, as many as --top allows, none left out that beats
# one shown, and the distinct counts agree.
tops_match() {
	local verdict
	verdict=$(jq -n -r --argjson ct "$1" --argjson j "$2" '
		def check(list; map; key; distinct):
			(map | length) as $n |
			(list | length) as $shown |
			if distinct != $n then "\(key): \(distinct) distinct, conntrack lists \($n)"
			elif $shown != ([$n, 100] | min) then "\(key): \($shown) shown of \($n)"
			elif any(list[]; map[.k] != .count) then "\(key): a count differs: \(list)"
			elif ($shown > 0 and ([map | to_entries[] | select(.key as $k | all(list[]; .k != $k)) | .value] | max // 0) > (list[-1].count)) then "\(key): one left out beats the last shown"
			else empty end;
		[check([$j.top_destinations[] | {k: .addr, count}]; $ct.dst; "destinations"; $j.distinct_destinations),
		 check([$j.top_dports[] | {k: "\(.proto)/\(.port)", count}]; $ct.dports; "dports"; $j.distinct_dports)] | .[]') ||
		die "tops_match: jq failed"
	[ -z "$verdict" ] || die "top destinations/ports against conntrack -L: $verdict"
}

# ctdash_matches NS [ctdash option...]: run ctdash --json between two reads
# of conntrack -L; the table must not change meanwhile, and ctdash must
# agree with it exactly. Prints ctdash's JSON.
ctdash_matches() {
	local ns=$1 before after json tops
	shift
	before=$(ct_summary "$ns") || exit 1
	tops=$(ct_tops "$ns") || exit 1
	json=$("$CTDASH" --json --top 100 "$@") || die "ctdash $* failed"
	after=$(ct_summary "$ns") || exit 1
	same "conntrack -L before and after ctdash (did entries expire?)" "$before" "$after"
	[ "$(json_get "$json" .complete)" = true ] || die "ctdash says the dump is incomplete"
	same "conntrack -L and ctdash --json $*" "$before" "$(ctdash_summary "$json")"
	tops_match "$tops" "$json"
	printf '%s\n' "$json"
}

# start_holder NS COUNT SRC: ESTABLISHED connections kept open by a
# background ctload (killed on exit); waits at most 10 s until they are
# open. Sets holder_pid (not for $(...): the pid must be tracked here).
holder_pid=
start_holder() {
	local out
	out=$(mktemp)
	ip netns exec "$1" "$TOOLS/ctload" tcp-hold --count "$2" --src "$3" --seconds 300 >"$out" &
	holder_pid=$!
	ns_track_pid "$holder_pid"
	for _ in $(seq 100); do
		grep -q '^ready$' "$out" && break
		kill -0 "$holder_pid" 2>/dev/null || break
		sleep 0.1
	done
	grep -q '^ready$' "$out" || { rm -f "$out"; die "ctload tcp-hold did not get ready"; }
	rm -f "$out"
}

# long_timeouts NS: nothing made by a test may expire while it runs.
long_timeouts() {
	local name
	for name in udp_timeout udp_timeout_stream icmp_timeout icmpv6_timeout \
		    tcp_timeout_time_wait tcp_timeout_established; do
		ns_sysctl "$1" "nf_conntrack_$name" 3600
	done
}

# over_80 TEXT: the lines of TEXT longer than 80 characters (not bytes).
over_80() {
	local line
	while IFS= read -r line; do
		[ "$(LC_ALL=C.UTF-8 bash -c 'echo ${#1}' _ "$line")" -le 80 ] || printf '%s\n' "$line"
	done <<<"$1"
}
