# SPDX-License-Identifier: GPL-2.0-or-later
# What conntrack -L says of each entry, in the shape of ctdash --list
# --json, and the NAT rules the list tests use. Sourced after lib.sh and
# ctlist.sh.

# make_nat_rules NS: DNAT of UDP to 127.0.0.77:5353 onto 127.0.0.1:53, and
# SNAT of everything from 127.0.0.88 to 127.0.0.89, on loopback.
make_nat_rules() {
	ip netns exec "$1" nft -f - <<'EOF' || die "cannot load the NAT rules in $1"
table ip ctdl_nat {
	chain out {
		type nat hook output priority -100;
		ip daddr 127.0.0.77 udp dport 5353 dnat to 127.0.0.1:53
	}
	chain post {
		type nat hook postrouting priority 100;
		ip saddr 127.0.0.88 snat to 127.0.0.89
	}
}
EOF
}

# ct_rows NS: one JSON object a line for each entry of conntrack -L -o
# extended,id. Keys are read by name: the first of a key is the original
# direction's, the second the reply's; after use= comes the entry's id.
ct_rows() {
	local list
	list=$(ip netns exec "$1" conntrack -L -o extended,id 2>/dev/null) ||
		die "conntrack -L failed in $1"
	printf '%s\n' "$list" | awk '
	function q(s) { return "\"" s "\"" }
	NF > 5 {
		out = "{\"l3\":" q($1) ",\"l4\":" q($3) ",\"timeout\":" $5
		state = ($6 !~ /=/ && $6 !~ /^\[/) ? q($6) : "null"
		out = out ",\"state\":" state
		flags = ""; after_use = 0; split("", seen)
		for (i = 6; i <= NF; i++) {
			if ($i ~ /^\[.*\]$/) {
				f = substr($i, 2, length($i) - 2)
				flags = flags (flags == "" ? "" : ",") q(f)
				continue
			}
			eq = index($i, "=")
			if (!eq)
				continue
			k = substr($i, 1, eq - 1); v = substr($i, eq + 1)
			if (k == "use") { after_use = 1; continue }
			if (k == "id" && after_use) k = "ctid"
			else if (k != "mark" && k !~ /^zone/ && seen[k]++) k = "reply_" k
			if (k ~ /src$|dst$/) v = q(v)
			out = out "," q(k) ":" v
		}
		print out ",\"flags\":[" flags "]}"
	}'
}

# rows_match BEFORE AFTER LIST: ctdash --list --json (LIST) holds exactly
# the entries conntrack listed, field by field; the seconds left lie
# between the two listings'.
rows_match() {
	local verdict
	verdict=$(jq -n -r --slurpfile b <(printf '%s\n' "$1") --slurpfile a <(printf '%s\n' "$2") \
		--slurpfile l <(printf '%s\n' "$3") '
		def ct(r):
			{id: r.ctid, l3: r.l3, l4: r.l4, state: r.state,
			 src: r.src, dst: r.dst, sport: r.sport, dport: r.dport,
			 reply_src: r.reply_src, reply_dst: r.reply_dst,
			 reply_sport: r.reply_sport, reply_dport: r.reply_dport,
			 flags: ([r.flags[] | select(. == "ASSURED" or . == "UNREPLIED")] | sort),
			 mark: r.mark, zone: (r.zone // r["zone-orig"] // r["zone-reply"] // 0)}
			+ (if r["zone-orig"] != null then {zone_dir: "orig"} elif r["zone-reply"] != null
			   then {zone_dir: "reply"} else {} end)
			+ (if r.type != null then {icmp_type: r.type, icmp_code: r.code, icmp_id: r.id} else {} end)
			+ (if r.packets != null then {packets: r.packets, bytes: r.bytes,
				reply_packets: r.reply_packets, reply_bytes: r.reply_bytes} else {} end)
			+ (if r.reply_src != r.dst or r.reply_sport != r.dport then {dnat: true} else {} end)
			+ (if r.reply_dst != r.src or r.reply_dport != r.sport then {snat: true} else {} end);
		def ours(r):
			(r | del(.timeout, .nat) | .flags |= sort)
			+ (if (r.nat // "") | test("dnat") then {dnat: true} else {} end)
			+ (if (r.nat // "") | test("snat") then {snat: true} else {} end);
		($b | map({key: (.ctid | tostring), value: .}) | from_entries) as $before |
		($a | map({key: (.ctid | tostring), value: .}) | from_entries) as $after |
		($l | map({key: (.id | tostring), value: .}) | from_entries) as $list |
		if ($before | keys) != ($after | keys) then "the table changed while ctdash read it"
		elif ($before | keys) != ($list | keys) then
			"ids differ: conntrack \($before | keys | length), ctdash \($list | keys | length)"
		else
			[$list | to_entries[] | .key as $k | .value as $r |
			 (ct($before[$k])) as $want | (ours($r)) as $got |
			 if $want != $got then "entry \($k): conntrack \($want | tojson), ctdash \($got | tojson)"
			 elif $r.timeout > $before[$k].timeout or $r.timeout < $after[$k].timeout then
				"entry \($k): \($r.timeout) s left, conntrack listed \($before[$k].timeout) then \($after[$k].timeout)"
			 else empty end] | first // "ok"
		end') || die "rows_match: jq failed"
	[ "$verdict" = ok ] || die "ctdash --list against conntrack -L: $verdict"
}
