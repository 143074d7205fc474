#!/bin/sh
# Whole-process timing of `ssox setup` for a large organisation (issue 9):
# 1,000 accounts of two roles each, 50 ms per portal call, every 40th
# ListAccountRoles throttled (429), pages of 100 (the portal's largest), a
# valid token cached. Prints hyperfine's figures and the fake's request count
# of one run.
#
#   bench/setup.sh           needs go, curl and hyperfine (apt-get install hyperfine)
set -eu

cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: install curl" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ssox-bench.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/bin"
go build -trimpath -tags urfave_cli_no_docs -ldflags "-s -w" -o "$work/bin/ssox" .
i=0
{
	printf '['
	while [ "$i" -lt 1000 ]; do
		[ "$i" -gt 0 ] && printf ','
		printf '{"ID":"%012d","Name":"account-%d","Roles":["AdministratorAccess","ReadOnlyAccess"]}' $((200000000000 + i)) "$i"
		i=$((i + 1))
	done
	printf ']'
} >"$work/accounts.json"

. scripts/fakeenv.sh
fake_env "$work" -accounts "$work/accounts.json" -latency 50ms -page-size 100
"$work/bin/ssox" login --sso-session njoitaws >/dev/null 2>&1 # a valid token for every run
cp "$HOME/.aws/config" "$work/config.orig"
curl -fsS -X POST -d '{"op":"ListAccountRoles","status":429,"every":40}' "$url/_fake/faults"

hyperfine -N --runs "${RUNS:-5}" --prepare "cp $work/config.orig $HOME/.aws/config" \
	-n 'ssox setup, 1,000 accounts x 2 roles, 50 ms, every 40th call throttled' "$work/bin/ssox setup --sso-session njoitaws"

curl -fsS -X POST "$url/_fake/reset-log"
cp "$work/config.orig" "$HOME/.aws/config"
"$work/bin/ssox" setup --sso-session njoitaws 2>/dev/null
curl -fsS "$url/_fake/requests" | tr '{' '\n' | awk '
	/"op":"ListAccounts"/ { a++ }
	/"op":"ListAccountRoles"/ { r++ }
	/"status":429/ { t++ }
	END { printf "requests of one run: %d ListAccounts, %d ListAccountRoles, %d of them throttled\n", a, r, t }'
echo "profiles written: $(grep -c '^\[profile ' "$HOME/.aws/config")"
