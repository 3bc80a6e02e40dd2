#!/bin/bash
# What is installed beside the program: the Prometheus alerting rules
# (promtool check rules, and their unit tests with promtool test rules),
# the systemd units (systemd-analyze verify, and the privilege they grant
# is enough: as an unprivileged user with only those capabilities ctdash
# reads the table, and with --all-netns every namespace), the bash
# completion.
. "$TESTLIB"
need_root
for cmd in promtool:prometheus systemd-analyze:systemd setpriv:util-linux; do
	command -v "${cmd%%:*}" >/dev/null ||
		{ echo "${cmd%%:*} is missing (Debian package ${cmd#*:})" >&2; exit $HARD; }
done
SRC=${LAYER_SRCDIR:-$(dirname "$0")/..}
BUILD=$(dirname "$CTDASH")/..

out=$(promtool check rules "$SRC/deploy/prometheus/ctdash-rules.yml" 2>&1) || die "promtool check rules: $out"
grep -q 'SUCCESS: 6 rules' <<<"$out" || die "promtool found: $out"
# promtool test rules reads rule_files relative to the test file
out=$(cd "$SRC/deploy/prometheus" && promtool test rules ctdash-rules.test.yml 2>&1) ||
	die "promtool test rules: $out"
note "rules: 6 checked, unit tests pass"

# the units, with ExecStart pointing at the program just built; any
# remark (an unknown key, a bad value) fails the test
for unit in ctdash-exporter ctdash-exporter-all-netns; do
	u=$BUILD/deploy/systemd/$unit.service
	[ -f "$u" ] || die "$u was not generated"
	sed "s|^ExecStart=[^ ]*/ctdash|ExecStart=$CTDASH|" "$u" >"$TEST_TMP/$unit.service"
	grep -q "^ExecStart=$CTDASH " "$TEST_TMP/$unit.service" || die "$unit: no ExecStart to point at ctdash"
	out=$(cd "$TEST_TMP" && systemd-analyze verify --man=no "$TEST_TMP/$unit.service" 2>&1) ||
		die "systemd-analyze verify $unit: $out"
	[ -z "$out" ] || die "systemd-analyze verify $unit says: $out"
done
grep -q '^AmbientCapabilities=CAP_NET_ADMIN$' "$BUILD/deploy/systemd/ctdash-exporter.service" ||
	die "the exporter unit grants more than CAP_NET_ADMIN"
note "units: systemd-analyze verify is silent"

# the unit's privilege suffices: nobody with CAP_NET_ADMIN alone
NS=$(ns_create ctdp) || exit 1
ip netns exec "$NS" "$TOOLS/ctload" udp --ports 3000-3008 >/dev/null || die "ctload failed"
caps() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps="-all,$1" \
	--ambient-caps="-all,$1" --bounding-set="-all,$1" "${@:2}"; }
prom=$(ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,+net_admin \
	--ambient-caps=-all,+net_admin --bounding-set=-all,+net_admin "$CTDASH" --prometheus 2>"$TEST_TMP/err") ||
	die "as nobody with CAP_NET_ADMIN: $(cat "$TEST_TMP/err")"
grep -qx 'ctdash_part_readable{part="dump"} 1' <<<"$prom" || die "as nobody with CAP_NET_ADMIN the dump is not read"
grep -qx 'ctdash_entries_by_l4{l4="udp"} 9' <<<"$prom" || die "as nobody with CAP_NET_ADMIN: not 9 UDP entries"
json=$(caps +net_admin,+sys_admin,+sys_ptrace "$CTDASH" --json --all-netns 2>"$TEST_TMP/err") ||
	die "as nobody with the all-netns unit's capabilities: $(cat "$TEST_TMP/err")"
[ "$(json_get "$json" ".namespaces[] | select(.name == \"$NS\") | .count")" = 9 ] ||
	die "as nobody with the all-netns unit's capabilities $NS is not counted"
[ "$(json_get "$json" .namespaces_problem)" = null ] || die "with those capabilities: $(json_get "$json" .namespaces_problem)"
note "nobody + CAP_NET_ADMIN reads the table; + CAP_SYS_ADMIN, CAP_SYS_PTRACE every namespace"

# the completion offers the exporter's options and the namespaces
got=$(bash -c '. "$1"; PATH=$(dirname "$2"):$PATH; COMP_WORDS=(ctdash --liste); COMP_CWORD=1; _ctdash; echo "${COMPREPLY[*]}"' \
	_ "$SRC/deploy/bash-completion/ctdash" "$CTDASH")
[ "$got" = --listen ] || die "completing --liste gave '$got'"
got=$(bash -c '. "$1"; COMP_WORDS=(ctdash --netns ctdp); COMP_CWORD=2; _ctdash; echo "${COMPREPLY[*]}"' \
	_ "$SRC/deploy/bash-completion/ctdash")
grep -qw "$NS" <<<"$got" || die "completing --netns does not offer $NS: '$got'"
echo "1 passed, 0 failed"
