#!/usr/bin/env bash
# Every start-up and scaling figure of ssox from one command, measured side
# by side in one run:
#
#   path                          reference
#   warm exec (cached creds)      floor: a Go program that only execs /bin/true,
#                                 and bound: one that also loads the profile
#                                 with aws-sdk-go-v2/config (bench/bound)
#   ssox prompt                   hello: a Go hello world
#   ssox version                  hello
#   cold exec (token, no creds)   floor            fake portal at LATENCY
#   refresh exec (token expired)  floor            fake portal at LATENCY
#   setup, 1,000 accounts         -                LATENCY, every 40th call throttled
#   list, 2,000 profiles          -
#   warm exec, 2,000 profiles     warm exec with the guide's 3 (the config
#                                 that setup wrote, against the guide's)
#
# It prints hyperfine's table for each, then each path's median as a ratio to
# its reference, the requests each path made (from the fake's log) and the
# peak RSS of the warm exec. Two ratios are goals, and are measured paired:
# ROUNDS hyperfine runs of both commands, which goes first alternating, so
# that a load that comes and goes on a shared machine weighs on both; the
# ratio is the median of the rounds' ratios of medians (the spread is their
# range):
#
#   warm exec / bound                       <= 1.15
#   warm exec, 2,000 profiles / with 3      <= 1.15
#
#   bench/run.sh        needs go, hyperfine, GNU time and python3 (apt-get install hyperfine time)
#   RUNS=50 ROUNDS=10 LATENCY=50ms ACCOUNTS=1000 bench/run.sh
set -euo pipefail

cd "$(dirname "$0")/.."
if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; then
	echo "bench: install hyperfine and GNU time (apt-get install hyperfine time)" >&2
	exit 1
fi
runs=${RUNS:-200}
rounds=${ROUNDS:-10}
latency=${LATENCY:-50ms}
accounts=${ACCOUNTS:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/ssox-bench.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# ssox exactly as install.sh builds it; the references with the same flags.
SSOX_INSTALL_DIR="$work/bin" ./install.sh >/dev/null
ssox=$work/bin/ssox
mkdir -p "$work/floor" "$work/hello"
cat >"$work/floor/main.go" <<'GO'
package main

import (
	"os"
	"syscall"
)

func main() { _ = syscall.Exec("/bin/true", []string{"true"}, os.Environ()) }
GO
cat >"$work/hello/main.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello") }
GO
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/bin/bound" ./bench/bound
for p in floor hello; do
	(cd "$work/$p" && GOFLAGS='' go mod init "$p" >/dev/null 2>&1 &&
		CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/bin/$p" .)
done

# The portal: the guide's accounts plus enough others for setup.
python3 - "$accounts" >"$work/accounts.json" <<'PY'
import json, sys
n = int(sys.argv[1])
accts = [{"ID": "123456789012", "Name": "ui-dev", "Email": "ui-dev@example.com", "Roles": ["AdministratorAccess", "ReadOnlyAccess"]},
         {"ID": "987654321098", "Name": "dol-prod", "Email": "dol-prod@example.com", "Roles": ["ReadOnlyAccess", "AdministratorAccess"]}]
for i in range(len(accts), n):
    accts.append({"ID": "%012d" % (200000000000 + i), "Name": "team-%04d" % i, "Email": "team-%04d@example.com" % i,
                  "Roles": ["AdministratorAccess", "ReadOnlyAccess"]})
json.dump(accts, sys.stdout)
PY
# The fake is plain HTTP: a CA bundle this machine names for TLS would only
# add the loading of a certificate pool no connection uses.
unset AWS_CA_BUNDLE
. scripts/fakeenv.sh
fake_env "$work" -latency "$latency" -accounts "$work/accounts.json" -page-size 100 # the portal's largest page

# fake GET|POST PATH [BODY]: the fake's admin API.
fake() {
	python3 - "$url" "$@" <<'PY'
import sys, urllib.request
base, method, path = sys.argv[1:4]
body = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(base + path, data=body, method=method, headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req).read().decode())
PY
}
# requests CMD...: runs CMD once and prints the requests it made.
requests() {
	fake POST /_fake/reset-log >/dev/null
	"$@" >/dev/null 2>&1 </dev/null
	fake GET /_fake/requests | python3 -c '
import collections, json, sys
log = json.load(sys.stdin) or []
ops = collections.Counter(r["op"] for r in log)
print(len(log), "(" + ", ".join("%s %d" % kv for kv in sorted(ops.items())) + ")" if log else "")'
}

"$ssox" ui-dev -- true # log in once (the fake browser approves) and cache the role credentials
token_file=$(grep -l '"accessToken"' "$HOME"/.aws/sso/cache/*.json | head -n1)
role_cache="$HOME/.aws/cli/cache"

results=$work/results
mkdir -p "$results"
bench() { # NAME ARGS... : hyperfine into results/NAME.json
	name=$1
	shift
	hyperfine -N --style basic --export-json "$results/$name.json" "$@"
}
# paired NAME A_NAME A_PREPARE A_CMD B_NAME B_PREPARE B_CMD: B against A in
# $rounds rounds of $runs/$rounds runs each, A first in odd rounds and B first
# in even ones, into results/paired/NAME.ROUND.json.
paired() {
	local name=$1 r
	local a=(-n "$2" --prepare "$3" "$4") b=(-n "$5" --prepare "$6" "$7")
	mkdir -p "$results/paired"
	for ((r = 1; r <= rounds; r++)); do
		if ((r % 2)); then set -- "${a[@]}" "${b[@]}"; else set -- "${b[@]}" "${a[@]}"; fi
		hyperfine -N --style none --warmup 5 --runs "$((runs / rounds))" \
			--export-json "$results/paired/$name.$r.json" "$@" >/dev/null
	done
}

echo "== warm exec, prompt, version (no network)"
declare -A reqs
reqs[warm]=$(requests "$ssox" ui-dev -- /bin/true)
export SSOX_PROFILE=ui-dev SSOX_ACCOUNT_ID=123456789012 SSOX_ROLE_NAME=AdministratorAccess
SSOX_EXPIRES=$(($(date +%s) + 47 * 60))
export SSOX_EXPIRES
bench start --warmup 20 --runs "$runs" \
	-n floor "$work/bin/floor" \
	-n hello "$work/bin/hello" \
	-n bound "$work/bin/bound ui-dev" \
	-n warm "$ssox ui-dev -- /bin/true" \
	-n prompt "$ssox prompt" \
	-n version "$ssox version"
unset SSOX_PROFILE SSOX_ACCOUNT_ID SSOX_ROLE_NAME SSOX_EXPIRES
echo "== warm exec against bound, paired ($rounds rounds)"
paired bound bound true "$work/bin/bound ui-dev" warm true "$ssox ui-dev -- /bin/true"

echo "== cold exec: a valid token, no role credentials ($latency a call)"
reqs[cold]=$(requests sh -c "rm -f '$role_cache'/*.json; '$ssox' ui-dev -- /bin/true")
bench cold --runs "$((runs / 10 + 5))" --prepare "sh -c 'rm -f $role_cache/*.json'" \
	-n cold "$ssox ui-dev -- /bin/true"

echo "== refresh exec: the token expired, a refresh token and registration cached ($latency a call)"
# expire makes the cached token expired, keeping its refresh token (the one
# the last refresh returned: the portal rotates them).
expire() {
	python3 - "$token_file" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["expiresAt"] = "2020-01-01T00:00:00Z"
json.dump(t, open(sys.argv[1], "w"))
PY
	rm -f "$role_cache"/*.json
}
export -f expire
export token_file role_cache
reqs[refresh]=$(requests bash -c "expire; '$ssox' ui-dev -- /bin/true")
bench refresh --runs "$((runs / 10 + 5))" --prepare "bash -c expire" \
	-n refresh "$ssox ui-dev -- /bin/true"

echo "== setup over $accounts accounts × 2 roles, $latency a call, every 40th ListAccountRoles throttled"
fake POST /_fake/faults '{"op":"ListAccountRoles","status":429,"errorType":"TooManyRequestsException","message":"Rate exceeded","every":40}' >/dev/null
reqs[setup]=$(requests "$ssox" setup --sso-session njoitaws --dry-run)
bench setup --runs 3 -n setup "$ssox setup --sso-session njoitaws --dry-run"
fake DELETE /_fake/faults >/dev/null

echo "== list and warm exec over the 2,000 profiles setup writes for $accounts accounts"
cp "$HOME/.aws/config" "$work/config.small"
"$ssox" setup --sso-session njoitaws >/dev/null 2>&1
cp "$HOME/.aws/config" "$work/config.big"
profiles=$(grep -c '^\[profile ' "$work/config.big")
config_kb=$(($(wc -c <"$work/config.big") / 1024))
bench big --warmup 3 --runs "$((runs / 10 + 5))" \
	-n list2000 "$ssox list" \
	-n warm2000 "$ssox ui-dev -- /bin/true"
echo "== warm exec with $profiles profiles ($config_kb KB) against the guide's 3, paired ($rounds rounds)"
paired big warm3 "cp $work/config.small $HOME/.aws/config" "$ssox ui-dev -- /bin/true" \
	warm2000 "cp $work/config.big $HOME/.aws/config" "$ssox ui-dev -- /bin/true"
cp "$work/config.small" "$HOME/.aws/config"

echo "== package init of the warm exec and of bound (GODEBUG=inittrace=1, $((runs / 4)) runs each, alternating)"
for ((r = 0; r < runs / 4; r++)); do
	GODEBUG=inittrace=1 "$ssox" ui-dev -- /bin/true 2>>"$results/init.warm" >/dev/null
	GODEBUG=inittrace=1 "$work/bin/bound" ui-dev 2>>"$results/init.bound" >/dev/null
done
python3 - "$results/init.warm" "$results/init.bound" <<'PY'
import collections, statistics, sys
# init internal/bytealg @0.008 ms, 0.012 ms clock, 0 bytes, 0 allocs
def read(path):
    ms, mem = collections.defaultdict(list), {}
    for line in open(path):
        f = line.split()
        if len(f) >= 11 and f[0] == "init":
            ms[f[1]].append(float(f[4]))
            mem[f[1]] = (int(f[7]), int(f[9]))
    return {p: (statistics.median(v), mem[p]) for p, v in ms.items()}
warm, bound = read(sys.argv[1]), read(sys.argv[2])
tw, tb = sum(v[0] for v in warm.values()), sum(v[0] for v in bound.values())
print("%-62s %9s %9s  %s" % ("package (medians, ms; * not in bound)", "ssox", "bound", "bytes, allocs"))
for p in sorted(warm, key=lambda p: -warm[p][0])[:25]:
    b = "%9.3f" % bound[p][0] if p in bound else "%9s" % "-"
    print("%-62s %9.3f %s  %d, %d" % (p + ("" if p in bound else " *"), warm[p][0], b, *warm[p][1]))
only = sorted(p for p in warm if p not in bound)
print("%-62s %9.3f %9.3f" % ("all %d (ssox) and %d (bound) packages" % (len(warm), len(bound)), tw, tb))
print("%-62s %9.3f %9s" % ("only in ssox: " + ", ".join(only), sum(warm[p][0] for p in only), ""))
PY

# Peak RSS as GNU time reports it (its own fork adds a little to both).
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n1; }
rss="$(peak "$ssox" ui-dev -- /bin/true) KB (floor: $(peak "$work/bin/floor") KB)"

echo
echo "== summary (medians; ratio to the reference)"
python3 - "$results" "${reqs[warm]}" "${reqs[cold]}" "${reqs[refresh]}" "${reqs[setup]}" "$rss" "$profiles" "$config_kb" <<'PY'
import json, os, statistics, sys
res, warm_req, cold_req, refresh_req, setup_req, rss, profiles, config_kb = sys.argv[1:]
med = {}
for f in os.listdir(res):
    if f.endswith(".json"):
        for r in json.load(open(os.path.join(res, f)))["results"]:
            med[r["command"]] = r["median"]
def ms(k): return "%8.2f ms" % (med[k] * 1000) if med[k] < 10 else "%8.2f s " % med[k]
rows = [
    ("SDK bound (bench/bound)", "bound", "floor", ""),
    ("warm exec", "warm", "floor", warm_req),
    ("ssox prompt", "prompt", "hello", ""),
    ("ssox version", "version", "hello", ""),
    ("cold exec", "cold", "floor", cold_req),
    ("refresh exec", "refresh", "floor", refresh_req),
    ("setup", "setup", None, setup_req),
    ("list, %s profiles" % profiles, "list2000", None, ""),
    ("warm exec, %s profiles" % profiles, "warm2000", None, ""),
]
print("%-26s %11s  %-20s %s" % ("path", "median", "ratio", "requests"))
for label, k, ref, req in rows:
    ratio = "%.2fx %s" % (med[k] / med[ref], ref) if ref else ""
    print("%-26s %s  %-20s %s" % (label, ms(k), ratio, req or "0"))
print("peak RSS of warm exec: " + rss)

# The goals, paired: each round's ratio of medians (wall) and of means of
# user+system time (CPU: what a loaded machine inflates least), their
# median over the rounds and their range.
def paired(name, a, b):
    wall, cpu, wa, wb = [], [], [], []
    d = os.path.join(res, "paired")
    for f in sorted(os.listdir(d)):
        if f.startswith(name + "."):
            m = {r["command"]: r for r in json.load(open(os.path.join(d, f)))["results"]}
            wall.append(m[b]["median"] / m[a]["median"])
            cpu.append((m[b]["user"] + m[b]["system"]) / (m[a]["user"] + m[a]["system"]))
            wa.append(m[a]["median"]); wb.append(m[b]["median"])
    return wall, cpu, statistics.median(wa), statistics.median(wb)
def show(rs): return "%.3fx (%.3f-%.3f)" % (statistics.median(rs), min(rs), max(rs))
print()
print("goals, <= 1.15 (paired in rounds: the median of the rounds' ratios, and their range):")
for label, name, a, b in [("warm exec / SDK bound", "bound", "bound", "warm"),
                          ("warm exec, %s profiles (%s KB) / 3" % (profiles, config_kb), "big", "warm3", "warm2000")]:
    wall, cpu, ma, mb = paired(name, a, b)
    print("  %-40s wall %s %-7s  cpu %s %-7s  (%.2f ms / %.2f ms, %d rounds)" % (
        label, show(wall), "met" if statistics.median(wall) <= 1.15 else "NOT met",
        show(cpu), "met" if statistics.median(cpu) <= 1.15 else "NOT met", mb * 1000, ma * 1000, len(wall)))
PY