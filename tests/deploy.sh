#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What is installed beside the program: the Prometheus alerting rules
# (promtool check rules, and their unit tests with promtool test rules),
# the systemd units (systemd-analyze verify, and the privilege they grant
# is enough: as an unprivileged user with only those capabilities ctdash
# reads the table, and with --all-netns every namespace), the bash
# completion.
. "$TESTLIB"
need_root
for cmd in promtool:prometheus systemd-analyze:systemd setpriv:util-linux sqlite3:sqlite3; do
	command -v "${cmd%%:*}" >/dev/null ||
		{ echo "${cmd%%:*} is missing (Debian package ${cmd#*:})" >&2; exit $HARD; }
done
SRC=${LAYER_SRCDIR:-$(dirname "$0")/..}
BUILD=$(dirname "$CTDASH")/..

out=$(promtool check rules "$SRC/deploy/prometheus/ctdash-rules.yml" 2>&1) || die "promtool check rules: $out"
grep -q 'SUCCESS: 7 rules' <<<"$out" || die "promtool found: $out"
# promtool test rules reads rule_files relative to the test file
out=$(cd "$SRC/deploy/prometheus" && promtool test rules ctdash-rules.test.yml 2>&1) ||
	die "promtool test rules: $out"
note "rules: 7 checked, unit tests pass"

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

# both units record to their StateDirectory, the one place they may write;
# the exporter unit's own command, run as it would be (nobody, only
# CAP_NET_ADMIN, the state directory its own and 0700), records pictures
STATE=/var/lib/ctdash/record.db
for unit in ctdash-exporter ctdash-exporter-all-netns; do
	u=$BUILD/deploy/systemd/$unit.service
	grep -q "^ExecStart=.* --record $STATE\( \|\$\)" "$u" || die "$unit does not record to $STATE"
	grep -qx 'StateDirectory=ctdash' "$u" || die "$unit has no StateDirectory=ctdash for $STATE"
done
mkdir -m 755 "$TEST_TMP/var"
mkdir -m 700 "$TEST_TMP/var/ctdash"
chown 65534:65534 "$TEST_TMP/var/ctdash"
chmod 711 "$TEST_TMP"
# (a refresh every half second rather than 15 s, so the test is short)
read -ra cmd <<<"$(sed -n "s|^ExecStart=[^ ]*/ctdash \(.*\)--delay 150|\1--delay 5|p" \
	"$BUILD/deploy/systemd/ctdash-exporter.service")"
cmd=("${cmd[@]/#\/var\/lib\/ctdash/$TEST_TMP/var/ctdash}")
[ "${#cmd[@]}" -gt 0 ] || die "no --delay 150 in the exporter unit's ExecStart"
ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,+net_admin \
	--ambient-caps=-all,+net_admin --bounding-set=-all,+net_admin "$CTDASH" "${cmd[@]}" \
	>/dev/null 2>"$TEST_TMP/rec.err" &
rec=$!
ns_track_pid $rec
db=$TEST_TMP/var/ctdash/record.db
pictures=0
for _ in $(seq $((100 * SLOW))); do
	[ -e "$db" ] && pictures=$(setpriv --reuid=65534 --regid=65534 --clear-groups sqlite3 "$db" 'SELECT count(*) FROM picture' 2>/dev/null || echo 0)
	[ "${pictures:-0}" -ge 1 ] && break
	kill -0 $rec 2>/dev/null || break
	sleep 0.2
done
kill -TERM $rec 2>/dev/null
wait $rec
[ "${pictures:-0}" -ge 1 ] || die "the exporter unit's command recorded nothing in $db: $(head -c 2000 "$TEST_TMP/rec.err")"
[ "$(stat -c %u "$db")" = 65534 ] || die "$db is not the unit's user's"
note "units record to $STATE (StateDirectory=ctdash); as nobody: $pictures picture(s)"

# the DaemonSet: it parses, runs the exporter --all-netns --read-only with
# exactly the capabilities the unit above was shown to need, and nothing
# it mounts is writable
ds=$SRC/deploy/kubernetes/ctdash-daemonset.yaml
out=$(python3 - "$ds" <<'PY' 2>&1
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
assert len(docs) == 1 and docs[0]["kind"] == "DaemonSet", "not one DaemonSet"
spec = docs[0]["spec"]["template"]["spec"]
assert spec["hostPID"] is True and spec["hostNetwork"] is True, "hostPID and hostNetwork"
assert spec.get("automountServiceAccountToken") is False, "a service account token is mounted"
(c,) = spec["containers"]
args = c["args"]
for a in ("--all-netns", "--read-only", "--listen"):
    assert a in args, "args lack " + a
sc = c["securityContext"]
assert sc["capabilities"]["drop"] == ["ALL"], "not every capability dropped"
assert sorted(sc["capabilities"]["add"]) == ["NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE"], sc["capabilities"]["add"]
assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
assert sc.get("privileged") is not True, "privileged"
state = "/var/lib/ctdash"
i = args.index("--record")
assert args[i + 1].startswith(state + "/"), "records to " + args[i + 1]
for m in c["volumeMounts"]:
    if m["mountPath"] == state:
        assert m.get("readOnly") is not True, state + " is read-only: nothing is recorded"
        continue
    assert m.get("readOnly") is True, m["name"] + " is mounted writable"
(sv,) = [v for v in spec["volumes"] for m in c["volumeMounts"] if m["mountPath"] == state and m["name"] == v["name"]]
assert sv.get("hostPath", {}).get("path") == state or "emptyDir" in sv, "the recording's volume: %r" % sv
names = {v["name"] for v in spec["volumes"]}
assert names == {m["name"] for m in c["volumeMounts"]}, "volumes and mounts differ"
print(" ".join(args))
PY
) || die "the DaemonSet: $out"
note "DaemonSet: $out"
# and the program accepts its arguments (the address made loopback)
args=$(sed 's/$(NODE_IP)/127.0.0.1/' <<<"$out")
# shellcheck disable=SC2086
"$CTDASH" $args --help >/dev/null 2>"$TEST_TMP/err" || die "ctdash refuses the DaemonSet's arguments: $(cat "$TEST_TMP/err")"

# the Grafana dashboard: JSON, and every metric it queries is one ctdash
# exports (named in the man page's metric list, and, but for the events
# families, on a real --all-netns page)
dash=$SRC/deploy/grafana/ctdash-dashboard.json
jq -e '.panels | length > 0' "$dash" >/dev/null || die "$dash is not a dashboard"
metrics=$(jq -r '.. | (.expr?, .query?.query?) // empty | strings' "$dash" | grep -o 'ctdash_[a-z_]*' | sort -u)
[ -n "$metrics" ] || die "the dashboard queries no ctdash metric"
page=$("$CTDASH" --prometheus --all-netns 2>/dev/null) || die "--prometheus --all-netns failed"
for m in $metrics; do
	grep -qF -- "$m" "$SRC/doc/ctdash.8" || die "the dashboard queries $m, which the man page does not list"
	case $m in ctdash_entries_created_total | ctdash_entries_destroyed_total) continue ;; esac
	grep -q "^$m[{ ]" <<<"$page" || die "the dashboard queries $m, which ctdash --prometheus --all-netns does not export"
done
note "Grafana dashboard: $(jq '.panels | length' "$dash") panels over $(wc -w <<<"$metrics") metrics ctdash exports"

# the completion offers the exporter's options and the namespaces
got=$(bash -c '. "$1"; PATH=$(dirname "$2"):$PATH; COMP_WORDS=(ctdash --liste); COMP_CWORD=1; _ctdash; echo "${COMPREPLY[*]}"' \
	_ "$SRC/deploy/bash-completion/ctdash" "$CTDASH")
[ "$got" = --listen ] || die "completing --liste gave '$got'"
got=$(bash -c '. "$1"; COMP_WORDS=(ctdash --netns ctdp); COMP_CWORD=2; _ctdash; echo "${COMPREPLY[*]}"' \
	_ "$SRC/deploy/bash-completion/ctdash")
grep -qw "$NS" <<<"$got" || die "completing --netns does not offer $NS: '$got'"
echo "1 passed, 0 failed"
