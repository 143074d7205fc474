#!/usr/bin/env bash
# Times the prompt segment and counts the processes each prompt starts.
# `ssox prompt` is a whole process, so hyperfine sets it beside a Go hello
# world, the floor for any Go binary. The zsh, bash and fish hooks run inside
# the shell: each is called many times in one shell and the loop's time
# divided. Then each shell runs interactively in tmux under strace, inside
# `ssox ui-dev` against the fake Identity Center, and the processes, threads
# and programs started between two prompts are counted: at ordinary prompts,
# and at the prompt that renews the keys.
#
# Usage: bench/prompt.sh [CALLS]   (needs go, hyperfine; zsh, bash and fish
# if present; strace and tmux for the count)
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
user_home=$HOME
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
echo "== shell hooks, $calls calls each in one shell: wall and CPU time (user + system) per call"
"$tmp/ssox" init zsh >"$tmp/init.zsh"
"$tmp/ssox" init bash >"$tmp/init.bash"
"$tmp/ssox" init fish >"$tmp/init.fish"
# loop SHELL CALL: the shell sources its script and makes CALL $calls times;
# the same loop around a call that does nothing is subtracted. (fish -i:
# fish defines its hook in interactive shells.)
# shellcheck disable=SC2016 # each shell's own code, in single quotes
loop() {
  case $1 in
  zsh) zsh -f -c 'source $1; zmodload zsh/datetime; for ((i = 0; i < $2; i++)); do '"$2"'; done >/dev/null' zsh "$tmp/init.zsh" "$calls" ;;
  bash) bash --norc --noprofile -c 'source "$1"; for ((i = 0; i < $2; i++)); do '"$2"'; done >/dev/null' bash "$tmp/init.bash" "$calls" ;;
  fish) fish --no-config -i -c 'source $argv[1]; for i in (seq $argv[2]); '"$2"'; end >/dev/null' "$tmp/init.fish" "$calls" ;;
  esac
}
timed() {
  local TIMEFORMAT='%R %U %S'
  { time loop "$@" >/dev/null 2>&1; } 2>&1
}
declare -A hook=([zsh]=_ssox_precmd [bash]=_ssox_prompt_command [fish]=__ssox_on_prompt)
for sh in zsh bash fish; do
  command -v "$sh" >/dev/null || continue
  for call in "${hook[$sh]}" ssox_prompt_info; do
    read -r r1 u1 s1 < <(timed "$sh" "$call")
    read -r r0 u0 s0 < <(timed "$sh" true)
    awk -v sh="$sh" -v call="$call" -v n="$calls" -v r1="$r1" -v r0="$r0" -v u1="$u1" -v s1="$s1" -v u0="$u0" -v s0="$s0" 'BEGIN {
      printf "%-4s %-22s %6.1f µs wall %6.1f µs CPU\n", sh, call, (r1 - r0) * 1e6 / n, (u1 + s1 - u0 - s0) * 1e6 / n }'
  done
done
# shellcheck disable=SC2016
command -v zsh >/dev/null && zsh -f -c 'source $1; RPROMPT=; _ssox_precmd; print -r -- "     zsh RPROMPT=$RPROMPT"' zsh "$tmp/init.zsh"
# shellcheck disable=SC2016
bash --norc --noprofile -c 'source "$1"; PS1=; _ssox_prompt_command; printf "     bash PS1=%s\n" "$PS1"' bash "$tmp/init.bash"
# shellcheck disable=SC2016
command -v fish >/dev/null && fish --no-config -i -c 'source $argv[1]; __ssox_on_prompt; echo "     fish segment=$__ssox_text"' "$tmp/init.fish"

if ! command -v strace >/dev/null || ! command -v tmux >/dev/null; then
  echo "(no strace or tmux: processes per prompt not counted)"
  exit 0
fi
echo
echo "== processes started per prompt (strace -f, each shell interactive in tmux)"
(
  unset SSOX_PROFILE SSOX_ACCOUNT_ID SSOX_ROLE_NAME SSOX_EXPIRES AWS_REGION
  export HOME=$user_home SSOX_NO_BANNER=1
  cd "$root"
  # shellcheck disable=SC1091 # sets fake_pid
  . scripts/fakeenv.sh
  fake_env "$tmp/fake"
  sock=ssox-bench-$$
  # shellcheck disable=SC2154
  trap 'kill "$fake_pid" 2>/dev/null; tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
  ssox=$tmp/ssox
  "$ssox" ui-dev -- true 2>/dev/null # log in once (the fake browser approves)
  # Each shell's rc: a plain prompt, ssox's line, and after ssox's hook one
  # that reads $marker: strace's openat of it separates the prompts.
  marker=$tmp/marker
  echo x >"$marker"
  # A fish data folder with the completions fish otherwise builds from
  # the man pages, in the background, on its first start.
  mkdir -p "$tmp/zdot" "$tmp/config/fish" "$tmp/data/fish/generated_completions"
  printf '%s\n' "PROMPT='bench> '" "source $tmp/init.zsh" \
    "_bench_mark() { local x; read -r x <$marker; }" 'precmd_functions+=(_bench_mark)' >"$tmp/zdot/.zshrc"
  printf '%s\n' "PS1='bench> '" 'unset HISTFILE' "source $tmp/init.bash" \
    "_bench_mark() { local x; read -r x <$marker; }" "PROMPT_COMMAND+=\$'\\n_bench_mark'" >"$tmp/bashrc"
  printf '%s\n' "function fish_prompt; echo -n 'bench> '; end" 'function fish_greeting; end' 'set -g fish_private_mode 1' \
    "source $tmp/init.fish" "function _bench_mark --on-event fish_prompt; read x <$marker; end" >"$tmp/config/fish/config.fish"
  declare -A start=([zsh]="env ZDOTDIR=$tmp/zdot zsh -i" [bash]="bash --rcfile $tmp/bashrc -i"
    [fish]="env XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data fish -i")
  declare -A due=([zsh]="export SSOX_RENEW_AT=1" [bash]="export SSOX_RENEW_AT=1" [fish]="set -gx SSOX_RENEW_AT 1")
  cache=$HOME/.aws/cli/cache
  for sh in zsh bash fish; do
    command -v "$sh" >/dev/null || continue
    log=$tmp/strace.$sh
    : >"$log"
    marks() { grep -c "^[0-9]* *openat(.*$marker" "$log" || true; }
    # step types $1 (maybe nothing), Enter, and waits for the next prompt.
    step() {
      local n i
      n=$(marks)
      [ -n "${1:-}" ] && tmux -L "$sock" send-keys -l "$1"
      tmux -L "$sock" send-keys Enter
      for ((i = 0; i < 400; i++)); do [ "$(marks)" -gt "$n" ] && break; sleep 0.05; done
      sleep 0.2
    }
    tmux -L "$sock" new-session -d -x 200 -y 50 \
      "$ssox ui-dev -- strace -f -qq -o $log -e trace=execve,fork,vfork,clone,clone3,openat ${start[$sh]}"
    for ((i = 0; i < 400; i++)); do [ "$(marks)" -gt 0 ] && break; sleep 0.05; done
    sleep 0.5
    # Three ordinary prompts (not the first, which follows the rc file), then the
    # keys fall due with no cached role credentials, so the prompt after
    # fetches new ones; then three ordinary prompts again.
    step
    step
    step
    step
    rm -f "$cache"/*.json
    step "${due[$sh]}"
    renewed=no
    compgen -G "$cache/*.json" >/dev/null && renewed=yes
    step
    step
    step
    tmux -L "$sock" send-keys exit Enter
    sleep 0.3
    tmux -L "$sock" kill-server 2>/dev/null || true
    # The prompts' intervals: 1-3 before, 4 after it was due, 5-7 after.
    awk -v marker="$marker" -v sh="$sh" -v renewed="$renewed" '
      index($0, "openat(") && index($0, marker) { k++; next }
      k < 2 || k > 8 { next }
      /(v?fork|clone3?)\(/ { if (/CLONE_THREAD/) t[k]++; else p[k]++ }
      /execve\(/ && !/= -1/ { x[k]++; s = $0; sub(/^[^"]*"/, "", s); sub(/".*/, "", s); n = split(s, a, "/"); prog[k] = prog[k] " " a[n] }
      END {
        for (i = 2; i <= 8; i++) if (i != 5) { op = (p[i] > op ? p[i] : op); ot = (t[i] > ot ? t[i] : ot); ox = (x[i] > ox ? x[i] : ox) }
        printf "%-4s ordinary prompt (most of 6): %d processes, %d threads, %d programs\n", sh, op, ot, ox
        printf "%-4s renewing prompt (renewed: %s): %d processes, %d threads, %d programs:%s\n", sh, renewed, p[5], t[5], x[5], prog[5]
      }' "$log"
  done
)
