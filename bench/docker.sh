#!/usr/bin/env bash
# The time from `ssox PROFILE --docker -- CMD` to CMD, with the Docker
# network already there and with ssox creating it, beside --server (the same
# run without Docker) and the docker commands ssox runs, alone:
#
#   server    ssox ui-dev --server -- /bin/true
#   exists    ssox ui-dev --docker -- /bin/true      the network exists
#   created   ssox ui-dev --docker -- /bin/true      after docker network rm
#   inspect   docker network inspect NETWORK         the one docker call of "exists"
#   api       curl of the same from the Engine API   what the CLI adds to it
#
# Each run has cached role credentials (no network call to the portal) and
# /bin/true for CMD, so the figures are ssox's own start-up and the Docker
# network's. It needs a running dockerd, hyperfine and curl, and the subnet
# 169.254.170.0/24 free or held by NETWORK; it removes NETWORK at the end.
#
#   RUNS=30 NETWORK=ssox-bench bench/docker.sh
set -euo pipefail

cd "$(dirname "$0")/.."
for cmd in hyperfine docker curl; do
	command -v "$cmd" >/dev/null || {
		echo "bench: needs $cmd" >&2
		exit 1
	}
done
runs=${RUNS:-30}
network=${NETWORK:-ssox-bench}
socket=${DOCKER_HOST:-unix:///var/run/docker.sock}
socket=${socket#unix://}
work=$(mktemp -d "${TMPDIR:-/tmp}/ssox-bench.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	docker network rm "$network" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

SSOX_INSTALL_DIR="$work/bin" ./install.sh >/dev/null
ssox=$work/bin/ssox
docker=$(command -v docker)
. scripts/fakeenv.sh
fake_env "$work"
export SSOX_DOCKER_NETWORK=$network

"$ssox" ui-dev -- true # log in once (the fake browser approves) and cache the role credentials
"$ssox" ui-dev --docker -- true # create the network, or say why it cannot be

hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$work/exists.json" \
	-n server "$ssox ui-dev --server -- /bin/true" \
	-n exists "$ssox ui-dev --docker -- /bin/true" \
	-n inspect "$docker network inspect $network" \
	-n api "curl -sf --unix-socket $socket http://docker/networks/$network"
hyperfine -N --style basic --runs "$((runs / 2 + 5))" --export-json "$work/created.json" \
	--prepare "$docker network rm $network" \
	-n created "$ssox ui-dev --docker -- /bin/true"

echo
echo "== summary (medians)"
python3 - "$work/exists.json" "$work/created.json" <<'PY'
import json, sys
med = {}
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        med[r["command"]] = r["median"] * 1000
for k in ["server", "exists", "created", "inspect", "api"]:
    print("%-8s %8.1f ms" % (k, med[k]))
print("docker adds to --server: %.1f ms with the network, %.1f ms creating it" % (med["exists"] - med["server"], med["created"] - med["server"]))
PY
