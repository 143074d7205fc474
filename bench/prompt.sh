#!/usr/bin/env bash
# Times the prompt segment. `ssox prompt` (what fish and starship run) is a
# whole process, so hyperfine sets it beside a Go hello world, the floor for
# any Go binary. The zsh and bash hooks run inside the shell: each is called
# many times in one shell and the loop's time divided.
#
# Usage: bench/prompt.sh [CALLS]   (needs go, hyperfine; zsh and bash if present)
set -euo pipefail

calls=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && go build -trimpath -tags urfave_cli_no_docs -ldflags "-s -w" -o "$tmp/ssox" .)
mkdir "$tmp/hello"
cat >"$tmp/hello/main.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello") }
GO
(cd "$tmp/hello" && go mod init hello >/dev/null 2>&1 && go build -o "$tmp/hello-bin" .)

# An active profile with 47 minutes left, and a HOME that is not yours.
export HOME=$tmp SSOX_PROFILE=ui-dev SSOX_ACCOUNT_ID=123456789012 SSOX_ROLE_NAME=AdministratorAccess AWS_REGION=us-east-1
SSOX_EXPIRES=$(($(date +%s) + 47 * 60))
export SSOX_EXPIRES
unset NO_COLOR SSOX_NO_PROMPT

echo "== whole process (hyperfine, no intermediate shell)"
hyperfine --shell=none --warmup 50 --runs 500 \
  --command-name 'go hello world' "$tmp/hello-bin" \
  --command-name 'ssox prompt' "$tmp/ssox prompt" \
  --command-name 'ssox prompt --format' "$tmp/ssox prompt --format {{.Profile}}:{{.Remaining}}"

echo
echo "== shell hooks, $calls calls each in one shell"
"$tmp/ssox" init zsh >"$tmp/init.zsh"
"$tmp/ssox" init bash >"$tmp/init.bash"
if command -v zsh >/dev/null; then
  # shellcheck disable=SC2016
  zsh -f -c '
    source "$1"
    zmodload zsh/datetime
    local -i i n=$2
    float s e
    for hook in _ssox_precmd ssox_prompt_info; do
      RPROMPT=
      s=$EPOCHREALTIME
      for (( i = 0; i < n; i++ )); do $hook; done >/dev/null
      e=$EPOCHREALTIME
      printf "zsh  %-20s %6.1f µs/call\n" $hook $(( (e - s) * 1e6 / n ))
    done
    RPROMPT=
    _ssox_precmd
    print -r -- "     RPROMPT=$RPROMPT"
  ' zsh "$tmp/init.zsh" "$calls"
fi
# shellcheck disable=SC2016
bash --norc --noprofile -c '
  source "$1"
  n=$2
  for hook in _ssox_prompt_command ssox_prompt_info; do
    PS1=
    s=${EPOCHREALTIME/[.,]/}
    for ((i = 0; i < n; i++)); do $hook; done >/dev/null
    e=${EPOCHREALTIME/[.,]/}
    t=$(((e - s) * 10 / n))
    printf "bash %-20s %4d.%d µs/call\n" "$hook" $((t / 10)) $((t % 10))
  done
  PS1=
  _ssox_prompt_command
  printf "     PS1=%s\n" "$PS1"
' bash "$tmp/init.bash" "$calls"
