#!/bin/sh
# Whole-process timing of ssox's warm path with hyperfine: `ssox PROFILE --
# true` with a valid token and role credentials cached (no network), next
# to a bare `true` and a hello-world Go binary.
#
#   bench/exec.sh            needs go and hyperfine (apt-get install hyperfine)
set -eu

cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ssox-bench.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/bin" "$work/hello"
go build -trimpath -tags urfave_cli_no_docs -ldflags "-s -w" -o "$work/bin/ssox" .
cat >"$work/hello/main.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello") }
GO
(cd "$work/hello" && GOFLAGS='' go mod init hello >/dev/null 2>&1 && go build -trimpath -ldflags "-s -w" -o "$work/bin/hello" .)

. scripts/fakeenv.sh
fake_env "$work"
"$work/bin/ssox" ui-dev -- true 2>/dev/null # log in and cache the role credentials
kill "$fake_pid"
fake_pid=
# From here on no server runs: a network call would fail the benchmark.

hyperfine -N --warmup 20 --runs "${RUNS:-300}" \
	-n 'true' 'true' \
	-n 'hello-world Go binary' "$work/bin/hello" \
	-n 'ssox ui-dev -- true (warm)' "$work/bin/ssox ui-dev -- true"
